import { useT } from '../../i18n/use-t';
import { ProblemScreen } from '../../ui/problem-screen';
import type { StatusProblem, StatusRemedy } from './status-texts';
import { statusProblemTexts } from './status-texts';

/** Props of the status error screen. */
export interface StatusErrorScreenProps {
  problem: StatusProblem;
  /** The main button: correct the number, enter the second factor again, or ask again. */
  onRemedy: (remedy: StatusRemedy) => void;
  onHome: () => void;
}

/**
 * No answer about the application: not found, wrong second factor, no connection, too many
 * lookups. One calm sentence with the next step and one button for it; never a technical text.
 */
export function StatusErrorScreen({ problem, onRemedy, onHome }: StatusErrorScreenProps) {
  const t = useT();
  return (
    <ProblemScreen
      testId="screen-status-error"
      texts={statusProblemTexts(problem, t)}
      messageTestId="status-error-message"
      actionTestId="status-retry"
      onRemedy={onRemedy}
      onHome={onHome}
    />
  );
}
