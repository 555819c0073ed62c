import { useT } from '../i18n/use-t';
import { AccessToggle } from './access-toggle';
import { useVisitorPreferences } from './visitor-preferences';

/** The language button (no flags): each tap moves to the next language the kiosk offers. */
export function LanguageButton() {
  const t = useT();
  const { preferences, offer, change } = useVisitorPreferences();
  if (offer.languages.length < 2) return null;
  const next = offer.languages[(offer.languages.indexOf(preferences.language) + 1) % offer.languages.length] ?? 'ru';
  return (
    <AccessToggle
      testId="access-language"
      label={`${t('access.language')}: ${preferences.language.toUpperCase()}`}
      onPress={() => change({ language: next })}
    />
  );
}
