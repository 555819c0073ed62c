import { useKioskApi } from '../api/kiosk-api-context';
import { HelpDialog } from '../help/help-dialog';
import { useHelp } from '../help/use-help';
import { useT } from '../i18n/use-t';
import { AccessToggle } from './access-toggle';
import { useVisitorPreferences } from './visitor-preferences';

/** «Позвать сотрудника»: a help request to the office (or a call-back where no staff are on site). */
export function HelpButton() {
  const t = useT();
  const { staffOnSite } = useVisitorPreferences().offer;
  const help = useHelp(useKioskApi(), staffOnSite);
  return (
    <>
      <AccessToggle testId="access-help" className="access-help" label={t('access.help')} onPress={help.open} />
      <HelpDialog help={help} staffOnSite={staffOnSite} />
    </>
  );
}
