import type { PrinterFault } from '../../devices/printer-readiness';
import { Screen } from '../../ui/screen';
import { printerUnavailableMessage } from './ticket-texts';

/** «Взять талон» while the printer reports a fault: explains before the visitor chooses anything. */
export function TicketUnavailableScreen({ fault, onHome }: { fault: PrinterFault; onHome: () => void }) {
  return (
    <Screen
      testId="screen-ticket-unavailable"
      title="Талоны здесь временно не выдаются"
      onHome={onHome}
      variant="centered"
    >
      <div className="notice notice-problem">
        <p className="notice-lead" data-testid="error-message">
          {printerUnavailableMessage(fault)}
        </p>
      </div>
    </Screen>
  );
}
