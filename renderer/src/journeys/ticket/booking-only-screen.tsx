import type { ServiceView } from '../../../../kiosk-config/src/index';
import { useT } from '../../i18n/use-t';
import { BookingIcon } from '../../ui/icons';
import { Screen } from '../../ui/screen';

/** Props of the booking-only screen. */
export interface BookingOnlyScreenProps {
  service: ServiceView;
  onCheckIn: () => void;
  onBack: () => void;
  onHome: () => void;
}

/**
 * A service taken by appointment only: no ticket here, but a booked visitor checks in with the
 * code from the confirmation, and everyone else learns where to book.
 */
export function BookingOnlyScreen({ service, onCheckIn, onBack, onHome }: BookingOnlyScreenProps) {
  const t = useT();
  return (
    <Screen
      testId="screen-booking-only"
      title={t('ticket.bookingOnly.title')}
      onBack={onBack}
      onHome={onHome}
      variant="centered"
    >
      <div className="notice">
        <p className="notice-lead">{t('ticket.bookingOnly.lead', { service: service.name })}</p>
        <p>{t('ticket.bookingOnly.where')}</p>
      </div>
      <button
        type="button"
        className="button button-primary button-large"
        data-testid="booking-only-check-in"
        onClick={onCheckIn}
      >
        <BookingIcon />
        <span>{t('ticket.haveBooking')}</span>
      </button>
    </Screen>
  );
}
