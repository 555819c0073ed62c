import type { ServiceView } from '../../../kiosk-config/src/index';
import { Screen } from '../ui/screen';

/** Props of the confirm screen. */
export interface ConfirmScreenProps {
  service: ServiceView;
  onConfirm: () => void;
  onBack: () => void;
  onHome: () => void;
}

/**
 * Asks once before printing. «Назад» sits beside «Да, взять талон» as the other answer to the
 * question, so the navigation bar here carries only «На главную».
 */
export function ConfirmScreen({ service, onConfirm, onBack, onHome }: ConfirmScreenProps) {
  return (
    <Screen
      testId="screen-confirm"
      title={`Взять талон на услугу «${service.name}»?`}
      onHome={onHome}
      variant="centered"
    >
      {service.documents.length > 0 && (
        <div className="documents">
          <p className="documents-label">Возьмите с собой:</p>
          <ul className="documents-list">
            {service.documents.map((document) => (
              <li key={document}>{document}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="answer-buttons">
        <button
          type="button"
          className="button button-primary button-large"
          data-testid="ticket-confirm"
          onClick={onConfirm}
        >
          Да, взять талон
        </button>
        <button type="button" className="button button-secondary button-large" data-testid="nav-back" onClick={onBack}>
          Назад
        </button>
      </div>
    </Screen>
  );
}
