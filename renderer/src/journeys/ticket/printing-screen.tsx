import { useT } from '../../i18n/use-t';
import { WaitingScreen } from '../../ui/waiting-screen';

/** Shown while the ticket prints; there is no way back, the ticket is on its way. */
export function PrintingScreen({ onHome }: { onHome: () => void }) {
  const t = useT();
  return <WaitingScreen testId="screen-ticket-printing" title={t('ticket.printing')} onHome={onHome} />;
}
