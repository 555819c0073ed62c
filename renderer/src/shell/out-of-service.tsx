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
  return (
    <main className="out-of-service" data-testid="screen-out-of-service">
      <h1 className="out-of-service-title">Терминал временно не работает</h1>
      <p className="out-of-service-instead" data-testid="out-of-service-instead">
        {instead}
      </p>
      {hours !== undefined && (
        <p className="out-of-service-hours" data-testid="out-of-service-hours">
          Часы работы центра: {hours}
        </p>
      )}
      <p className="out-of-service-apology">Приносим извинения за неудобства.</p>
    </main>
  );
}
