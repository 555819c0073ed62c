import { useT } from '../../i18n/use-t';
import { SearchIcon } from '../../ui/icons';
import { DigitPad } from '../../ui/keypad';
import type { KeypadPress } from '../../ui/keypad-press';
import { Screen } from '../../ui/screen';
import { BOOKING_CODE_GROUP, BOOKING_CODE_LENGTH, isBookingCodeComplete } from './booking-code-input';
import type { BookingEntryState } from './booking-journey';

/** Props of the booking code screen. */
export interface BookingEntryScreenProps {
  screen: BookingEntryState;
  onKey: (press: KeypadPress) => void;
  onSubmit: () => void;
  onHome: () => void;
}

/**
 * «У меня запись»: the 8-digit code typed on a big digit pad, shown in two groups as the
 * confirmation prints it («1234 5678»), or the confirmation's QR code held to the scanner at any
 * moment (the journey listens while this screen shows).
 */
export function BookingEntryScreen({ screen, onKey, onSubmit, onHome }: BookingEntryScreenProps) {
  const t = useT();
  const { digits, problem } = screen;
  const complete = isBookingCodeComplete(digits);
  return (
    <Screen testId="screen-booking" title={t('booking.title')} onHome={onHome} className="screen-booking">
      <div className="factor-layout booking-layout">
        {/* As on the second-factor screen: one column in portrait, the pad beside in landscape. */}
        <div className="factor-side">
          <p className="screen-lead factor-question">{t('booking.codeHint')}</p>
          <CodeDisplay digits={digits} />
          {problem !== null && (
            <p className="field-problem" data-testid="booking-code-invalid" role="status">
              {t(problem === 'invalid_typed' ? 'booking.codeInvalid' : 'booking.scanRejected')}
            </p>
          )}
          <button
            type="button"
            className="button button-primary button-large factor-submit"
            data-testid="booking-submit"
            disabled={!complete}
            onClick={onSubmit}
          >
            <SearchIcon />
            <span>{t('booking.check')}</span>
          </button>
        </div>
        <DigitPad onPress={onKey} className="factor-pad" />
      </div>
    </Screen>
  );
}

/**
 * Eight boxes in two groups, the next one marked. Its text is the typed digits grouped as
 * printed («1234 5678»): the space is a text node between the groups, which the flex layout
 * does not draw, so the boxes do not move when the fifth digit comes.
 */
function CodeDisplay({ digits }: { digits: string }) {
  const t = useT();
  const cells = Array.from({ length: BOOKING_CODE_LENGTH }, (_, index) => (
    <span
      // biome-ignore lint/suspicious/noArrayIndexKey: the boxes are positions, fixed in number and order.
      key={index}
      className={`code-cell ${index === digits.length ? 'code-cell-next' : ''}`}
    >
      {digits[index] ?? ''}
    </span>
  ));
  return (
    <output
      className="booking-code"
      data-testid="booking-code-display"
      aria-label={t('booking.typed')}
      aria-live="polite"
    >
      <span className="code-group">{cells.slice(0, BOOKING_CODE_GROUP)}</span>
      {digits.length > BOOKING_CODE_GROUP ? ' ' : ''}
      <span className="code-group">{cells.slice(BOOKING_CODE_GROUP)}</span>
    </output>
  );
}
