import { WaitingScreen } from '../../ui/waiting-screen';

/** Shown while the bill is looked up by its УИН; the answer replaces it. */
export function PayUinCheckingScreen({ onHome }: { onHome: () => void }) {
  return <WaitingScreen testId="screen-pay-uin-checking" title="Ищем квитанцию…" onHome={onHome} />;
}
