import { useOpenHelp } from '../help/help-layer';
import { useT } from '../i18n/use-t';
import { AccessToggle } from './access-toggle';

/** «Позвать сотрудника»: a help request to the office (or a call-back where no staff are on site); its dialog is `HelpLayer`'s. */
export function HelpButton() {
  const t = useT();
  return <AccessToggle testId="access-help" className="access-help" label={t('access.help')} onPress={useOpenHelp()} />;
}
