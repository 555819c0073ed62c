import { useT } from '../../i18n/use-t';
import { ProblemScreen } from '../../ui/problem-screen';
import { type BookingProblem, type BookingRemedy, bookingProblemTexts } from './booking-texts';

/** Props of the booking outcome screen. */
export interface BookingOutcomeScreenProps {
  problem: BookingProblem;
  /** The main button: take a walk-in ticket, correct the code, or end the visit. */
  onRemedy: (remedy: BookingRemedy) => void;
  onHome: () => void;
}

/**
 * A check-in that gave no ticket: too early, too late, another office, already used, cancelled,
 * not found, no connection. One calm sentence with the next step and one button for it.
 */
export function BookingOutcomeScreen({ problem, onRemedy, onHome }: BookingOutcomeScreenProps) {
  const t = useT();
  const texts = bookingProblemTexts(problem, t);
  return (
    <ProblemScreen
      testId="screen-booking-outcome"
      texts={texts}
      messageTestId={`booking-outcome-${problem.outcome}`}
      actionTestId={`booking-${texts.remedy}`}
      onRemedy={onRemedy}
      onHome={onHome}
    />
  );
}
