import { useT } from '../i18n/use-t';
import { useSpeechGuide } from '../speech/speech-guide';
import { DIRECT_CONTROL } from '../speech/touch-explorer';
import { AccessToggle } from './access-toggle';
import { useVisitorPreferences } from './visitor-preferences';

/**
 * «Озвучить»: voice guidance on for the session, or off again. While it is on, «Стоп» and
 * «Повторить» beside it; these three act on the first touch (they are the speech's own controls).
 * When the screen holds private data that was withheld (no headphones), «Озвучить личное» agrees
 * to hear it aloud: chosen like any control while exploring (named first, then pressed), so a
 * stray touch never speaks the visitor's data to the room.
 */
export function SpeechButton() {
  const t = useT();
  const { preferences, change } = useVisitorPreferences();
  const guide = useSpeechGuide();
  return (
    <>
      <div className="speech-controls" {...{ [DIRECT_CONTROL]: '' }}>
        <AccessToggle
          testId="access-speech"
          label={preferences.speech ? t('access.speechOff') : t('access.speech')}
          pressed={preferences.speech}
          onPress={() => change({ speech: !preferences.speech })}
        />
        {preferences.speech && (
          <>
            <AccessToggle testId="speech-stop" label={t('speech.stop')} onPress={guide.stop} />
            <AccessToggle testId="speech-repeat" label={t('speech.repeat')} onPress={guide.repeat} />
          </>
        )}
      </div>
      {guide.privateWithheld && (
        <AccessToggle
          testId="speech-consent"
          className="access-consent"
          label={t('speech.consent')}
          onPress={guide.agree}
        />
      )}
    </>
  );
}
