import { Screen } from '../ui/screen';

/** Shown while the hub is asked; the answer replaces it, or the calm offline message does. */
export function StatusSearchingScreen({ onHome }: { onHome: () => void }) {
  return (
    <Screen testId="screen-status-searching" title="Ищем заявление…" onHome={onHome} variant="centered">
      <div className="notice" aria-live="polite">
        <div className="spinner" aria-hidden="true" />
        <p className="notice-lead">Подождите, пожалуйста.</p>
      </div>
    </Screen>
  );
}
