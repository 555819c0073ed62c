import { WaitingScreen } from '../../ui/waiting-screen';

/** Shown while the hub is asked; the answer replaces it, or the calm offline message does. */
export function StatusSearchingScreen({ onHome }: { onHome: () => void }) {
  return <WaitingScreen testId="screen-status-searching" title="Ищем заявление…" onHome={onHome} />;
}
