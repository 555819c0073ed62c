import { useT } from '../i18n/use-t';
import { AccessToggle } from './access-toggle';
import { useVisitorPreferences } from './visitor-preferences';

/** «Крупнее», «Контраст» and «Ниже»: how the screen is drawn for this visitor. */
export function DisplayButtons() {
  const t = useT();
  const { preferences, change } = useVisitorPreferences();
  return (
    <>
      <AccessToggle
        testId="access-larger"
        label={preferences.larger ? t('access.smaller') : t('access.larger')}
        pressed={preferences.larger}
        onPress={() => change({ larger: !preferences.larger })}
      />
      <AccessToggle
        testId="access-contrast"
        label={t('access.contrast')}
        pressed={preferences.contrast}
        onPress={() => change({ contrast: !preferences.contrast })}
      />
      <AccessToggle
        testId="access-low"
        label={t('access.low')}
        pressed={preferences.low}
        onPress={() => change({ low: !preferences.low })}
      />
    </>
  );
}
