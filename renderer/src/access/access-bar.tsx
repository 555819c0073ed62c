import { useT } from '../i18n/use-t';
import { DisplayButtons } from './display-buttons';
import { HelpButton } from './help-button';
import { LanguageButton } from './language-button';
import { SpeechButton } from './speech-button';

/**
 * The bar at the foot of every visitor screen: voice, larger text, contrast, the low layout, the
 * language and a person's help, each one tap away and within a seated visitor's reach. Every
 * choice lasts for the session only (`VisitorPreferencesProvider`).
 */
export function AccessBar() {
  const t = useT();
  return (
    // A landmark of its own (complementary), so that nothing on the page stands outside one.
    <aside className="access-bar" aria-label={t('access.bar')} data-testid="access-bar">
      <div className="access-bar-buttons" role="toolbar">
        <SpeechButton />
        <DisplayButtons />
        <LanguageButton />
        <HelpButton />
      </div>
    </aside>
  );
}
