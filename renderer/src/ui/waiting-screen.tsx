import { useT } from '../i18n/use-t';
import { Screen } from './screen';

/** A spinner and a calm line, while the kiosk waits for an answer. */
export function WaitingNotice({ lead }: { lead: string }) {
  return (
    <div className="notice" aria-live="polite">
      <div className="spinner" aria-hidden="true" />
      <p className="notice-lead">{lead}</p>
    </div>
  );
}

/** Props of `WaitingScreen`. */
export interface WaitingScreenProps {
  /** The screen root's `data-testid` (see renderer/TESTIDS.md). */
  testId: string;
  /** What the kiosk is doing, e.g. «Ищем заявление…». */
  title: string;
  /** The line under the spinner (default «Подождите, пожалуйста.»). */
  lead?: string;
  onHome: () => void;
}

/** A screen shown while the kiosk waits (a lookup, a print); the answer replaces it. */
export function WaitingScreen({ testId, title, lead, onHome }: WaitingScreenProps) {
  const t = useT();
  return (
    <Screen testId={testId} title={title} onHome={onHome} variant="centered">
      <WaitingNotice lead={lead ?? t('common.wait')} />
    </Screen>
  );
}
