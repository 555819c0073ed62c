import type { ProblemTexts } from './problem-texts';
import { Screen } from './screen';

/** Props of `ProblemScreen`. */
export interface ProblemScreenProps<Remedy extends string> {
  /** The screen root's `data-testid` (see renderer/TESTIDS.md). */
  testId: string;
  texts: ProblemTexts<Remedy>;
  messageTestId: string;
  actionTestId: string;
  onRemedy: (remedy: Remedy) => void;
  onHome: () => void;
}

/**
 * A lookup or check-in that gave the visitor nothing (not found, no connection, too early…): one
 * calm sentence with the next step and one button for it; never a technical text.
 */
export function ProblemScreen<Remedy extends string>(props: ProblemScreenProps<Remedy>) {
  const { texts } = props;
  return (
    <Screen testId={props.testId} title={texts.title} onHome={props.onHome} variant="centered">
      <div className="notice notice-problem">
        <p className="notice-lead" data-testid={props.messageTestId} data-speak="answer">
          {texts.message}
        </p>
      </div>
      <button
        type="button"
        className="button button-primary button-large"
        data-testid={props.actionTestId}
        onClick={() => props.onRemedy(texts.remedy)}
      >
        {texts.action}
      </button>
    </Screen>
  );
}
