import { LANGUAGE_NAMES, loadMessages } from '../i18n/languages';
import { useT } from '../i18n/use-t';
import { AccessToggle } from './access-toggle';
import { useVisitorPreferences } from './visitor-preferences';

/**
 * The languages the kiosk offers, side by side, each named in itself («Русский», «English»,
 * «Татарча») and never by a flag (a flag is a country, not a language): one tap changes the
 * screens' language for the session. A language's catalog is fetched before it is chosen, so
 * the screens never show a half-translated moment; if it cannot be fetched, the language stays.
 */
export function LanguageButton() {
  const t = useT();
  const { preferences, offer, change } = useVisitorPreferences();
  if (offer.languages.length < 2) return null;
  const choose = (language: (typeof offer.languages)[number]) => {
    loadMessages(language).then(
      () => change({ language }),
      () => {},
    );
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of toggle buttons, not a form's fieldset
    <div className="language-choice" role="group" aria-label={t('access.language')} data-testid="access-language">
      {offer.languages.map((language) => (
        <AccessToggle
          key={language}
          lang={language}
          testId={`access-language-${language}`}
          label={LANGUAGE_NAMES[language]}
          pressed={language === preferences.language}
          onPress={() => choose(language)}
        />
      ))}
    </div>
  );
}
