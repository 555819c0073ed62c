import { Screen } from '../ui/screen';
import type { StatusProblem, StatusRemedy } from '../ui/status-texts';
import { statusProblemTexts } from '../ui/status-texts';

/** Props of the status error screen. */
export interface StatusErrorScreenProps {
  problem: StatusProblem;
  /** The main button: correct the number, enter the second factor again, or ask again. */
  onRemedy: (remedy: StatusRemedy) => void;
  onHome: () => void;
}

/**
 * No answer about the application: not found, wrong second factor, no connection, too many
 * lookups. One calm sentence with the next step and one button for it; never a technical text.
 */
export function StatusErrorScreen({ problem, onRemedy, onHome }: StatusErrorScreenProps) {
  const texts = statusProblemTexts(problem);
  return (
    <Screen testId="screen-status-error" title={texts.title} onHome={onHome} variant="centered">
      <div className="notice notice-problem">
        <p className="notice-lead" data-testid="status-error-message">
          {texts.message}
        </p>
      </div>
      <button
        type="button"
        className="button button-primary button-large"
        data-testid="status-retry"
        onClick={() => onRemedy(texts.remedy)}
      >
        {texts.action}
      </button>
    </Screen>
  );
}
