import { WaitingScreen } from '../../ui/waiting-screen';

/** Shown while the booking is checked and its ticket printed; the answer replaces it. */
export function BookingCheckingScreen({ onHome }: { onHome: () => void }) {
  return (
    <WaitingScreen
      testId="screen-booking-checking"
      title="Проверяем запись…"
      lead="Подождите, пожалуйста. Если запись в порядке, сразу напечатаем талон."
      onHome={onHome}
    />
  );
}
