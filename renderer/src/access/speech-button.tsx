import { useT } from '../i18n/use-t';
import { AccessToggle } from './access-toggle';
import { useVisitorPreferences } from './visitor-preferences';

/** «Озвучить»: voice guidance on for the session, or off again. */
export function SpeechButton() {
  const t = useT();
  const { preferences, change } = useVisitorPreferences();
  return (
    <AccessToggle
      testId="access-speech"
      label={preferences.speech ? t('access.speechOff') : t('access.speech')}
      pressed={preferences.speech}
      onPress={() => change({ speech: !preferences.speech })}
    />
  );
}
