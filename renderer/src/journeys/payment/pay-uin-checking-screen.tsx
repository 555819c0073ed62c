import { useT } from '../../i18n/use-t';
import { WaitingScreen } from '../../ui/waiting-screen';

/** Shown while the bill is looked up by its УИН; the answer replaces it. */
export function PayUinCheckingScreen({ onHome }: { onHome: () => void }) {
  const t = useT();
  return <WaitingScreen testId="screen-pay-uin-checking" title={t('pay.uin.checking')} onHome={onHome} />;
}
