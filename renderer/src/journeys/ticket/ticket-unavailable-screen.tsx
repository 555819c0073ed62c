import type { PrinterFault } from '../../devices/printer-readiness';
import { useT } from '../../i18n/use-t';
import { Screen } from '../../ui/screen';
import { printerUnavailableMessage } from './ticket-texts';

/** «Взять талон» while the printer reports a fault: explains before the visitor chooses anything. */
export function TicketUnavailableScreen({ fault, onHome }: { fault: PrinterFault; onHome: () => void }) {
  const t = useT();
  return (
    <Screen testId="screen-ticket-unavailable" title={t('ticket.unavailable.title')} onHome={onHome} variant="centered">
      <div className="notice notice-problem">
        <p className="notice-lead" data-testid="error-message">
          {printerUnavailableMessage(fault, t)}
        </p>
      </div>
    </Screen>
  );
}
