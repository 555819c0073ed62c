import { useT } from '../../i18n/use-t';
import { ProblemScreen } from '../../ui/problem-screen';
import type { UinOutcome } from './payment-journey';
import { type UinRemedy, uinOutcomeTexts } from './payment-texts';

/** Props of the УИН lookup's outcome screen. */
export interface PayUinOutcomeScreenProps {
  outcome: UinOutcome;
  /** Whether the fees list can be offered instead (after no connection). */
  listOffered: boolean;
  onRemedy: (remedy: UinRemedy) => void;
  onHome: () => void;
}

/**
 * A УИН lookup that found nothing to pay: not found, already paid, no connection, no answer. One
 * calm sentence with the next step and one button for it; a new scan here starts a new lookup.
 */
export function PayUinOutcomeScreen({ outcome, listOffered, onRemedy, onHome }: PayUinOutcomeScreenProps) {
  const t = useT();
  const texts = uinOutcomeTexts(outcome, listOffered, t);
  return (
    <ProblemScreen
      testId="screen-pay-uin-outcome"
      texts={texts}
      messageTestId={`uin-outcome-${outcome}`}
      actionTestId={`uin-${texts.remedy}`}
      onRemedy={onRemedy}
      onHome={onHome}
    />
  );
}
