import { useT } from '../../i18n/use-t';
import { WaitingScreen } from '../../ui/waiting-screen';

/** Shown while the hub is asked; the answer replaces it, or the calm offline message does. */
export function StatusSearchingScreen({ onHome }: { onHome: () => void }) {
  const t = useT();
  return <WaitingScreen testId="screen-status-searching" title={t('status.searching')} onHome={onHome} />;
}
