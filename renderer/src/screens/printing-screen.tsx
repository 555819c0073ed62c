import { Screen } from '../ui/screen';

/** Shown while the ticket prints; there is no way back, the ticket is on its way. */
export function PrintingScreen({ onHome }: { onHome: () => void }) {
  return (
    <Screen testId="screen-ticket-printing" title="Печатаем талон…" onHome={onHome} variant="centered">
      <div className="notice" aria-live="polite">
        <div className="spinner" aria-hidden="true" />
        <p className="notice-lead">Подождите, пожалуйста.</p>
      </div>
    </Screen>
  );
}
