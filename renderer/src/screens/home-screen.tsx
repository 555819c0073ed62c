import type { ReactNode } from 'react';
import { CardIcon, StatusIcon, TicketIcon } from '../ui/icons';
import { printerWarningLine } from '../ui/texts';

/** What the home screen can do; each is one big button. */
export interface HomeScreenProps {
  /** Whether to show the quiet line that the ticket printer does not work. */
  printerWarning: boolean;
  onStatus: () => void;
  onTicket: () => void;
  onPay: () => void;
}

function HomeAction(props: { testId: string; icon: ReactNode; label: string; hint: string; onPress: () => void }) {
  return (
    <button type="button" className="home-action" data-testid={props.testId} onClick={props.onPress}>
      <span className="home-action-icon">{props.icon}</span>
      <span className="home-action-text">
        <span className="home-action-label">{props.label}</span>
        <span className="home-action-hint">{props.hint}</span>
      </span>
    </button>
  );
}

/** The home screen: a greeting and the three things a visitor can do here. */
export function HomeScreen({ printerWarning, onStatus, onTicket, onPay }: HomeScreenProps) {
  return (
    <main className="screen screen-home" data-testid="screen-home">
      <h1 className="home-greeting">Здравствуйте! Что вы хотите сделать?</h1>
      <div className="home-actions">
        <HomeAction
          testId="home-status"
          icon={<StatusIcon />}
          label="Узнать статус заявления"
          hint="Готовы ли ваши документы"
          onPress={onStatus}
        />
        <HomeAction
          testId="home-ticket"
          icon={<TicketIcon />}
          label="Взять талон"
          hint="Встать в очередь к специалисту"
          onPress={onTicket}
        />
        <HomeAction
          testId="home-pay"
          icon={<CardIcon />}
          label="Оплатить госпошлину"
          hint="Банковской картой"
          onPress={onPay}
        />
      </div>
      <p className="home-help">Если что-то непонятно, вам поможет сотрудник центра.</p>
      {printerWarning && (
        <p className="device-warning" data-testid="device-warning" role="status">
          {printerWarningLine}
        </p>
      )}
    </main>
  );
}
