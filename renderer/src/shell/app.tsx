import { useMemo, useState } from 'react';
import { useKioskApi } from '../api/kiosk-api-context';
import { printerReadiness } from '../devices/printer-readiness';
import { useDevices } from '../devices/use-devices';
import { Journey } from '../journeys/journey';
import { IdleWarning } from '../session/idle-warning';
import { useSession } from '../session/use-session';
import { AppHeader } from './app-header';
import { OutOfService } from './out-of-service';
import { Splash } from './splash';
import { useKioskInfo } from './use-kiosk-info';
import { useServiceMode } from './use-service-mode';

/**
 * The kiosk's page: the header, the visitor's journey and the idle warning over it, with the
 * input shield above all while the warning, or the touch that answers it, lasts.
 *
 * What belongs to the kiosk (office, devices) lives here; what belongs to a visitor lives in
 * the journey, which is remounted on every session reset. Scanned codes are not listened to
 * here: the journey listens only on the screens that take a code (status, booking, УИН), so a
 * scan never lands anywhere else.
 */
export function App() {
  const api = useKioskApi();
  const info = useKioskInfo(api);
  const devices = useDevices(api);
  const printer = useMemo(() => printerReadiness(devices), [devices]);
  // The main side holds the session during a card payment; the page only keeps its own fallback
  // reset away from the payment's screen (see `useSession`). The journey says when it shows.
  const [paymentOnScreen, setPaymentOnScreen] = useState(false);
  const session = useSession(api, info?.idleResetSeconds, paymentOnScreen);
  const serviceMode = useServiceMode(api);

  // Until the kiosk has said who it is, the splash: the office's name and clock need `kiosk.info`.
  if (info === null) return <Splash />;
  // Put out of service by the centre (only once no visitor session ran): the header and what to do instead.
  if (!serviceMode.inService) {
    return (
      <div className="app">
        <AppHeader officeName={info.office.name} timeZone={info.timeZone} />
        <OutOfService
          instead={serviceMode.instead}
          {...(serviceMode.hours === undefined ? {} : { hours: serviceMode.hours })}
        />
      </div>
    );
  }

  return (
    <div className="app">
      {/* Out of reach (touch, focus, keys) while the idle warning or the touch answering it lasts. */}
      <div className="app-beneath" inert={session.shielded}>
        <AppHeader officeName={info.office.name} timeZone={info.timeZone} />
        <Journey
          key={session.journeyKey}
          printer={printer}
          onHome={session.goHome}
          officeId={info.office.id}
          timeZone={info.timeZone}
          onPaymentOnScreen={setPaymentOnScreen}
        />
      </div>
      {session.idleSecondsLeft !== null && <IdleWarning secondsLeft={session.idleSecondsLeft} />}
      {session.shielded && <div className="input-shield" data-testid="input-shield" aria-hidden="true" />}
    </div>
  );
}
