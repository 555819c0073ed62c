import { type CSSProperties, lazy, type ReactNode, Suspense, useCallback, useMemo, useState } from 'react';
import { AccessBar } from '../access/access-bar';
import { preferenceClasses, useVisitorPreferences, VisitorPreferencesProvider } from '../access/visitor-preferences';
import { useKioskApi } from '../api/kiosk-api-context';
import { AttractLoop } from '../content/attract-loop';
import { ContentProvider } from '../content/content-context';
import { useAttract } from '../content/use-attract';
import { useContent } from '../content/use-content';
import { useVisitUnderWay } from '../content/use-visit-under-way';
import { printerReadiness } from '../devices/printer-readiness';
import { useDevices } from '../devices/use-devices';
import { HelpLayer } from '../help/help-layer';
import { Journey } from '../journeys/journey';
import { IdleWarning } from '../session/idle-warning';
import { useSession } from '../session/use-session';
import { SpeechGuide } from '../speech/speech-guide';
import { TechnicianCorners } from '../technician/access/technician-corners';
import { useTechnicianState } from '../technician/use-technician-state';
import { AppHeader } from './app-header';
import { OutOfService } from './out-of-service';
import { Splash } from './splash';
import { useKioskInfo } from './use-kiosk-info';
import { useServiceMode } from './use-service-mode';

// The technician's pages (staff only, Russian) load when a technician signs in, not with a visitor's first screen.
const TechnicianSignIn = lazy(() =>
  import('../technician/access/technician-sign-in').then((module) => ({ default: module.TechnicianSignIn })),
);
const TechnicianMode = lazy(() =>
  import('../technician/technician-mode').then((module) => ({ default: module.TechnicianMode })),
);

/** How long the kiosk is idle before the attract loop starts, until `kiosk.info` tells `idleResetSeconds`. */
const DEFAULT_ATTRACT_AFTER_SECONDS = 60;

/**
 * The kiosk's page: the header, the visitor's journey and the idle warning over it, with the
 * input shield above all while the warning, or the touch that answers it, lasts.
 *
 * What belongs to the kiosk (office, devices) lives here; what belongs to a visitor lives in
 * the journey, which is remounted on every session reset. Scanned codes are not listened to
 * here: the journey listens only on the screens that take a code (status, booking, УИН), and the
 * home screen only to a ticket's QR (its rating, `rating/use-rating-scan.ts`), so a scan never
 * lands anywhere else.
 *
 * Content (texts, announcements, the attract loop) comes from the current release: a new one is
 * applied only while the kiosk is idle (home on screen, no visit under way, no warning up), and
 * the attract loop starts at the idle reset, or after the kiosk has been idle at home for
 * `idleResetSeconds` (60 s by default), with its own shield so the touch that stops it presses
 * nothing beneath.
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
  const visit = useVisitUnderWay(session.journeyKey);
  const [homeShown, setHomeShown] = useState(false);
  const idle = homeShown && !visit.underWay && !session.shielded;
  const content = useContent(api, idle, homeShown);
  // The touch that stops the loop starts a visit, on the main side too (its session then counts).
  const startVisit = useCallback(() => {
    visit.start();
    void api.call('session.activity', {});
  }, [api, visit.start]);
  const attract = useAttract({
    session,
    idle,
    afterSeconds: info?.idleResetSeconds ?? DEFAULT_ATTRACT_AFTER_SECONDS,
    onStopped: startVisit,
  });
  const shielded = session.shielded || attract.shielded;
  const serviceMode = useServiceMode(api);
  const technician = useTechnicianState(api);
  // The hidden gesture opens the technician's sign-in; signing in opens the mode (`technician.changed`).
  const [signingIn, setSigningIn] = useState(false);
  const openSignIn = useCallback(() => setSigningIn(true), []);
  const closeSignIn = useCallback(() => setSigningIn(false), []);

  // Until the kiosk has said who it is, the splash: the office's name and clock need `kiosk.info`.
  if (info === null) return <Splash />;
  // A technician is signed in: their pages, and for a visitor «Идёт обслуживание терминала».
  if (technician.open) {
    return (
      <Suspense fallback={<Splash />}>
        <TechnicianMode api={api} state={technician} timeZone={info.timeZone} />
      </Suspense>
    );
  }
  if (signingIn) {
    return (
      <Suspense fallback={<Splash />}>
        <TechnicianSignIn api={api} timeZone={info.timeZone} onClose={closeSignIn} />
      </Suspense>
    );
  }
  // Put out of service by the centre (only once no visitor session ran): the header and what to do instead.
  if (!serviceMode.inService) {
    return (
      <div className="app">
        <AppHeader officeName={info.office.name} timeZone={info.timeZone} />
        <OutOfService
          instead={serviceMode.instead}
          {...(serviceMode.hours === undefined ? {} : { hours: serviceMode.hours })}
        />
        <TechnicianCorners onGesture={openSignIn} />
      </div>
    );
  }

  return (
    <VisitorPreferencesProvider resetKey={session.journeyKey} offer={info.accessibility}>
      <ContentProvider view={content} onHomeShown={setHomeShown}>
        <VisitorFrame resetKey={session.journeyKey}>
          {/* Out of reach (touch, focus, keys) while the idle warning, the attract loop or the touch answering them lasts. */}
          <div className="app-beneath" inert={shielded}>
            {/* The help dialog is the visitor's too (a call-back's number): a new session remounts it. */}
            <HelpLayer key={session.journeyKey}>
              <AppHeader officeName={info.office.name} timeZone={info.timeZone} />
              <Journey
                key={session.journeyKey}
                printer={printer}
                onHome={session.goHome}
                officeId={info.office.id}
                timeZone={info.timeZone}
                onPaymentOnScreen={setPaymentOnScreen}
              />
              <AccessBar />
            </HelpLayer>
          </div>
          {attract.playing && <AttractLoop key={content.releaseId ?? ''} items={content.attract} />}
          {session.idleSecondsLeft !== null && <IdleWarning secondsLeft={session.idleSecondsLeft} />}
          {shielded && <div className="input-shield" data-testid="input-shield" aria-hidden="true" />}
          {/* The technician's hidden gesture: only on the home screen with no visit under way (over the attract loop too). */}
          {idle && <TechnicianCorners onGesture={openSignIn} />}
        </VisitorFrame>
      </ContentProvider>
    </VisitorPreferencesProvider>
  );
}

/**
 * The page's root for a visitor: takes the classes of their display choices and their language;
 * voice guidance speaks what it shows (reset with the session: `resetKey`).
 */
function VisitorFrame({ resetKey, children }: { resetKey: number; children: ReactNode }) {
  const { preferences, offer } = useVisitorPreferences();
  const classes = ['app', preferenceClasses(preferences)].filter(Boolean).join(' ');
  const style = { '--low-reach': `${offer.lowLayoutReachPx}px` } as CSSProperties;
  return (
    <SpeechGuide resetKey={resetKey}>
      <div className={classes} lang={preferences.language} style={style}>
        {children}
      </div>
    </SpeechGuide>
  );
}
