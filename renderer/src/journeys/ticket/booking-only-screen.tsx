import type { ServiceView } from '../../../../kiosk-config/src/index';
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
  return (
    <Screen
      testId="screen-booking-only"
      title="Только по предварительной записи"
      onBack={onBack}
      onHome={onHome}
      variant="centered"
    >
      <div className="notice">
        <p className="notice-lead">
          На услугу «{service.name}» принимают только по записи. Если вы записаны, нажмите «У меня запись».
        </p>
        <p>Записаться можно у сотрудника центра или на портале Госуслуг.</p>
      </div>
      <button
        type="button"
        className="button button-primary button-large"
        data-testid="booking-only-check-in"
        onClick={onCheckIn}
      >
        <BookingIcon />
        <span>У меня запись</span>
      </button>
    </Screen>
  );
}
