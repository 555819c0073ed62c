import { secondsRu } from '../ui/texts';

/**
 * «Вы ещё здесь?»: shown over any screen shortly before the idle reset.
 *
 * Any touch counts as «yes» (the session hook hides this on pointerdown); the button says so
 * in words for those who wait to be asked.
 */
export function IdleWarning({ secondsLeft, onContinue }: { secondsLeft: number; onContinue: () => void }) {
  return (
    <div
      className="overlay"
      data-testid="idle-warning"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="idle-title"
    >
      <div className="overlay-card">
        <h2 id="idle-title" className="overlay-title">
          Вы ещё здесь?
        </h2>
        <p className="overlay-text">
          Экран вернётся на главную через
          <strong className="overlay-seconds" data-testid="idle-seconds">
            {secondsRu(secondsLeft)}
          </strong>
        </p>
        <button
          type="button"
          className="button button-primary button-large"
          data-testid="idle-continue"
          onClick={onContinue}
        >
          Да, продолжить
        </button>
      </div>
    </div>
  );
}
