import { useT } from '../i18n/use-t';
import { AccessToggle } from './access-toggle';

/** «Позвать сотрудника»: a help request to the office (or a call-back where no staff are on site). */
export function HelpButton() {
  const t = useT();
  return <AccessToggle testId="access-help" label={t('access.help')} onPress={() => {}} />;
}
