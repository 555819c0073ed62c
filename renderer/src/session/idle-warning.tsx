import { secondsRu } from '../ui/texts';

/**
 * «Вы ещё здесь?»: shown over any screen shortly before the idle reset.
 *
 * Any touch or key anywhere counts as «yes»: the input shield above this takes it, hides the
 * warning and keeps the whole touch from the screen beneath (`useSession`, `InputShield`). The
 * button says so in words for those who wait to be asked; it is never pressed itself.
 */
export function IdleWarning({ secondsLeft }: { secondsLeft: number }) {
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
        <button type="button" className="button button-primary button-large" data-testid="idle-continue" tabIndex={-1}>
          Да, продолжить
        </button>
      </div>
    </div>
  );
}
