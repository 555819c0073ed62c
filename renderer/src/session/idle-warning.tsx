import { useT } from '../i18n/use-t';
import { secondsPhrase } from '../ui/texts';

/**
 * «Вы ещё здесь?»: shown over any screen shortly before the idle reset.
 *
 * Any touch or key anywhere counts as «yes»: the input shield above this takes it, hides the
 * warning and keeps the whole touch from the screen beneath (`useSession`, `InputShield`). The
 * button says so in words for those who wait to be asked; it is never pressed itself.
 */
export function IdleWarning({ secondsLeft }: { secondsLeft: number }) {
  const t = useT();
  // The seconds stand out in bold wherever the language puts them in the sentence.
  const [before, after] = t('idle.returnsIn').split('{seconds}');
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
          {t('idle.title')}
        </h2>
        <p className="overlay-text">
          {before}
          <strong className="overlay-seconds" data-testid="idle-seconds">
            {secondsPhrase(secondsLeft, t)}
          </strong>
          {after}
        </p>
        <button type="button" className="button button-primary button-large" data-testid="idle-continue" tabIndex={-1}>
          {t('idle.continue')}
        </button>
      </div>
    </div>
  );
}
