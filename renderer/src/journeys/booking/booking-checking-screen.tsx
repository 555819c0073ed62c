import { useT } from '../../i18n/use-t';
import { WaitingScreen } from '../../ui/waiting-screen';

/** Shown while the booking is checked and its ticket printed; the answer replaces it. */
export function BookingCheckingScreen({ onHome }: { onHome: () => void }) {
  const t = useT();
  return (
    <WaitingScreen
      testId="screen-booking-checking"
      title={t('booking.checking.title')}
      lead={t('booking.checking.lead')}
      onHome={onHome}
    />
  );
}
