import { useCallback, useEffect, useRef, useState } from 'react';
import type { KioskApi } from '../../../kiosk-config/src/index';
import { isTechnicianInput } from '../technician/access/corner-gesture';
import { useInputShield } from './use-input-shield';

/** `session.activity` is sent at most this often; the idle timer on the main side is in seconds. */
export const ACTIVITY_THROTTLE_MS = 2_000;

/** After the warning's countdown ends, how long to wait for the main side's reset before resetting here. */
const WARNING_GRACE_MS = 3_000;

/**
 * Extra time beyond the configured idle reset after which the page resets by itself, in case the
 * main side's reset never arrives (the WebSocket is down): a visitor's data must not stay on screen.
 */
const LOCAL_FALLBACK_EXTRA_SECONDS = 30;

/** Idle reset used by the local fallback until `kiosk.info` tells the configured one. */
const DEFAULT_IDLE_RESET_SECONDS = 120;

/** A reset the main side reports for our own `session.end` within this time is already done. */
const OWN_END_ECHO_MS = 3_000;

/** Why the main side reset the session (`session.reset`'s `reason`). */
export type ResetReason = 'idle' | 'visitor' | 'restart';

/**
 * Whether the page follows a `session.reset` from the main side: not the echo of its own
 * `session.end` (already done), and not while a card payment's screen shows.
 *
 * The main side holds the session while a payment runs (`VisitorSession.hold`), so no idle reset
 * comes meanwhile. Should any reset come anyway, dropping the payment's screen would be the worst
 * answer: the terminal may still be asking for the PIN or charging the card with nobody told how
 * it ended. The page keeps the card screen, which asks `payments.state` and ends on its own (with
 * the payment's reference for the staff, if the main side can no longer tell).
 */
export function followsReset(reason: ResetReason, paymentOnScreen: boolean, sinceOwnEndMs: number): boolean {
  if (paymentOnScreen) return false;
  return !(reason === 'visitor' && sinceOwnEndMs < OWN_END_ECHO_MS);
}

/** The visitor's session as the page sees it. */
export interface SessionState {
  /** Changes on every reset: the journey is keyed by it, so a reset drops all its state. */
  journeyKey: number;
  /**
   * Why the journey of `journeyKey` began: the reset's reason (`idle` too when the page reset by
   * itself, the main side's reset not coming), `null` for the page's first. A reset the page did
   * not follow (during a card payment) is none.
   */
  resetReason: ResetReason | null;
  /** Seconds left before the idle reset while «Вы ещё здесь?» is shown, else `null`. */
  idleSecondsLeft: number | null;
  /**
   * Whether every input is swallowed: while the warning shows, and until the touch (or key) that
   * dismissed it has ended. Nothing beneath may be reachable meanwhile (see `InputShield`).
   */
  shielded: boolean;
  /** The visitor ends the visit on purpose: tells the main side and returns home at once. */
  goHome: () => void;
}

/**
 * Ties the page to the session on the main side.
 *
 * - Every pointerdown/keydown reports `session.activity` (throttled).
 * - `session.idleWarning` shows the warning with a local countdown, and raises the input shield:
 *   the first touch or key anywhere is the visitor's «yes» (reported at once), and that whole
 *   gesture is swallowed, so nothing of it reaches the screen beneath.
 * - `session.reset` (idle, visitor, restart) returns home and forgets everything.
 * - If the main side's reset does not come (connection lost), the page resets by itself.
 *
 * A card payment holds the session on the main side, and only there: `payments.start` holds the
 * idle countdown (`VisitorSession.hold`) until the payment's end, then it starts afresh, so the
 * visitor typing a PIN at the terminal is never asked «Вы ещё здесь?» and the end screen gets the
 * full idle time. The page sends nothing for it. It only keeps its own safety net out of the
 * way while the payment's screen shows (`paymentOnScreen`): its fallback reset, which counts from
 * the last touch, waits and counts from the payment's end instead, and a reset that comes anyway
 * is not followed (see {@link followsReset}).
 *
 * @param paymentOnScreen whether a card payment's screen shows (the journey says so)
 */
export function useSession(api: KioskApi, idleResetSeconds: number | undefined, paymentOnScreen = false): SessionState {
  const [journey, setJourney] = useState<{ key: number; reason: ResetReason | null }>({ key: 0, reason: null });
  const [idleSecondsLeft, setIdleSecondsLeft] = useState<number | null>(null);
  // One shield for the page's life. The touch that answers the warning must reach the main side
  // at once, throttle or not; the shield keeps it from everything else.
  const { shield, shielded } = useInputShield(() => reportActivityRef.current(true));
  const lastSentAt = useRef(Number.NEGATIVE_INFINITY);
  const lastActivityAt = useRef(Date.now());
  const ownEndAt = useRef(Number.NEGATIVE_INFINITY);
  const paymentOnScreenRef = useRef(paymentOnScreen);
  paymentOnScreenRef.current = paymentOnScreen;

  const trailing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const showWarning = useCallback(
    (secondsLeft: number) => {
      setIdleSecondsLeft(secondsLeft);
      shield.current?.raise();
    },
    [shield],
  );

  const hideWarning = useCallback(() => {
    setIdleSecondsLeft(null);
    shield.current?.lower();
  }, [shield]);

  const resetJourney = useCallback(
    (reason: ResetReason) => {
      setJourney(({ key }) => ({ key: key + 1, reason }));
      hideWarning();
      lastActivityAt.current = Date.now();
      // The session has ended: the next visitor's first touch must start a new countdown, so
      // neither the throttle nor a pending trailing report of the last visitor may get in the way.
      clearTimeout(trailing.current);
      trailing.current = undefined;
      lastSentAt.current = Number.NEGATIVE_INFINITY;
    },
    [hideWarning],
  );

  const sendActivity = useCallback(() => {
    if (trailing.current !== undefined) clearTimeout(trailing.current);
    trailing.current = undefined;
    lastSentAt.current = Date.now();
    void api.call('session.activity', {});
  }, [api]);

  const reportActivity = useCallback(
    (force: boolean) => {
      const now = Date.now();
      lastActivityAt.current = now;
      hideWarning();
      const sinceSent = now - lastSentAt.current;
      if (force || sinceSent >= ACTIVITY_THROTTLE_MS) {
        sendActivity();
        return;
      }
      // Throttled: the last touch of a burst is still reported, so the main side's idle
      // countdown starts from the visitor's last touch, not the first.
      trailing.current ??= setTimeout(sendActivity, ACTIVITY_THROTTLE_MS - sinceSent);
    },
    [sendActivity, hideWarning],
  );
  const reportActivityRef = useRef(reportActivity);
  reportActivityRef.current = reportActivity;

  useEffect(() => () => clearTimeout(trailing.current), []);

  useEffect(() => {
    // Input the shield lets through: the page is the visitor's, the warning is not up. The
    // technician's touches (the hidden corners, the sign-in, the mode) are no visit.
    const onInput = (event: Event) => {
      if (!isTechnicianInput(event)) reportActivity(false);
    };
    document.addEventListener('pointerdown', onInput, true);
    document.addEventListener('keydown', onInput, true);
    return () => {
      document.removeEventListener('pointerdown', onInput, true);
      document.removeEventListener('keydown', onInput, true);
    };
  }, [reportActivity]);

  useEffect(() => {
    const offWarning = api.on('session.idleWarning', ({ secondsLeft }) => showWarning(secondsLeft));
    const offReset = api.on('session.reset', ({ reason }) => {
      if (followsReset(reason, paymentOnScreenRef.current, Date.now() - ownEndAt.current)) resetJourney(reason);
    });
    return () => {
      offWarning();
      offReset();
    };
  }, [api, resetJourney, showWarning]);

  useEffect(() => {
    if (!paymentOnScreen) return;
    // The main side counts afresh from the payment's end (its hold's release): so does the fallback.
    return () => {
      lastActivityAt.current = Date.now();
    };
  }, [paymentOnScreen]);

  useEffect(() => {
    if (idleSecondsLeft === null) return;
    const timer =
      idleSecondsLeft > 0
        ? setTimeout(() => setIdleSecondsLeft((seconds) => (seconds === null ? null : Math.max(0, seconds - 1))), 1000)
        : setTimeout(() => resetJourney('idle'), WARNING_GRACE_MS);
    return () => clearTimeout(timer);
  }, [idleSecondsLeft, resetJourney]);

  useEffect(() => {
    const limitMs = ((idleResetSeconds ?? DEFAULT_IDLE_RESET_SECONDS) + LOCAL_FALLBACK_EXTRA_SECONDS) * 1000;
    const check = setInterval(() => {
      if (paymentOnScreenRef.current) return;
      if (Date.now() - lastActivityAt.current > limitMs) resetJourney('idle');
    }, 5_000);
    return () => clearInterval(check);
  }, [idleResetSeconds, resetJourney]);

  const goHome = useCallback(() => {
    ownEndAt.current = Date.now();
    resetJourney('visitor');
    void api.call('session.end', {});
  }, [api, resetJourney]);

  return { journeyKey: journey.key, resetReason: journey.reason, idleSecondsLeft, shielded, goHome };
}
