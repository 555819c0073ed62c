import { WaitingScreen } from '../../ui/waiting-screen';

/** Shown while the ticket prints; there is no way back, the ticket is on its way. */
export function PrintingScreen({ onHome }: { onHome: () => void }) {
  return <WaitingScreen testId="screen-ticket-printing" title="Печатаем талон…" onHome={onHome} />;
}
