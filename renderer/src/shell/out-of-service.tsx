import { useT } from '../i18n/use-t';

/** What the out-of-service screen says: the centre's words for what to do instead, and the office's hours. */
export interface OutOfServiceProps {
  instead: string;
  hours?: string;
}

/**
 * The whole screen while the centre has put the kiosk out of service (a remote command): no
 * journey, nothing to touch, only what a visitor can do instead. Calm, not an error page.
 */
export function OutOfService({ instead, hours }: OutOfServiceProps) {
  const t = useT();
  return (
    <main className="out-of-service" data-testid="screen-out-of-service">
      <h1 className="out-of-service-title">{t('outOfService.title')}</h1>
      <p className="out-of-service-instead" data-testid="out-of-service-instead" data-i18n-data>
        {instead}
      </p>
      {hours !== undefined && (
        <p className="out-of-service-hours" data-testid="out-of-service-hours">
          {t('outOfService.hours', { hours })}
        </p>
      )}
      <p className="out-of-service-apology">{t('outOfService.apology')}</p>
    </main>
  );
}
