import { useT } from '../i18n/use-t';
import { WindowMark } from '../ui/icons';

/**
 * What the screen shows until the kiosk has said who it is (`kiosk.info`): only the brand. No
 * office name and no clock, which would be a generic name and the machine's time for a moment.
 */
export function Splash() {
  const t = useT();
  return (
    <div className="splash" data-testid="splash">
      <span className="splash-mark">
        <WindowMark />
      </span>
      <span className="splash-name">{t('common.brand')}</span>
    </div>
  );
}
