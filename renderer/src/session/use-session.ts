import { useCallback, useEffect, useRef, useState } from 'react';
import type { KioskApi } from '../../../kiosk-config/src/index';

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

/** The visitor's session as the page sees it. */
export interface SessionState {
  /** Changes on every reset: the journey is keyed by it, so a reset drops all its state. */
  journeyKey: number;
  /** Seconds left before the idle reset while «Вы ещё здесь?» is shown, else `null`. */
  idleSecondsLeft: number | null;
  /** The visitor ends the visit on purpose: tells the main side and returns home at once. */
  goHome: () => void;
  /** «Да, продолжить»: the visitor is still here. */
  continueSession: () => void;
}

/**
 * Ties the page to the session on the main side.
 *
 * - Every pointerdown/keydown reports `session.activity` (throttled) and hides the idle warning.
 * - `session.idleWarning` shows the warning with a local countdown.
 * - `session.reset` (idle, visitor, restart) returns home and forgets everything.
 * - If the main side's reset does not come (connection lost), the page resets by itself.
 */
export function useSession(api: KioskApi, idleResetSeconds: number | undefined): SessionState {
  const [journeyKey, setJourneyKey] = useState(0);
  const [idleSecondsLeft, setIdleSecondsLeft] = useState<number | null>(null);
  const lastSentAt = useRef(Number.NEGATIVE_INFINITY);
  const lastActivityAt = useRef(Date.now());
  const ownEndAt = useRef(Number.NEGATIVE_INFINITY);
  const warningShown = useRef(false);
  warningShown.current = idleSecondsLeft !== null;

  const trailing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const resetJourney = useCallback(() => {
    setJourneyKey((key) => key + 1);
    setIdleSecondsLeft(null);
    lastActivityAt.current = Date.now();
    // The session has ended: the next visitor's first touch must start a new countdown, so
    // neither the throttle nor a pending trailing report of the last visitor may get in the way.
    clearTimeout(trailing.current);
    trailing.current = undefined;
    lastSentAt.current = Number.NEGATIVE_INFINITY;
  }, []);

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
      setIdleSecondsLeft(null);
      const sinceSent = now - lastSentAt.current;
      if (force || sinceSent >= ACTIVITY_THROTTLE_MS) {
        sendActivity();
        return;
      }
      // Throttled: the last touch of a burst is still reported, so the main side's idle
      // countdown starts from the visitor's last touch, not the first.
      trailing.current ??= setTimeout(sendActivity, ACTIVITY_THROTTLE_MS - sinceSent);
    },
    [sendActivity],
  );

  useEffect(() => () => clearTimeout(trailing.current), []);

  useEffect(() => {
    // While the warning shows, a touch must reach the main side at once, throttle or not.
    const onInput = () => reportActivity(warningShown.current);
    document.addEventListener('pointerdown', onInput, true);
    document.addEventListener('keydown', onInput, true);
    return () => {
      document.removeEventListener('pointerdown', onInput, true);
      document.removeEventListener('keydown', onInput, true);
    };
  }, [reportActivity]);

  useEffect(() => {
    const offWarning = api.on('session.idleWarning', ({ secondsLeft }) => setIdleSecondsLeft(secondsLeft));
    const offReset = api.on('session.reset', ({ reason }) => {
      if (reason === 'visitor' && Date.now() - ownEndAt.current < OWN_END_ECHO_MS) return;
      resetJourney();
    });
    return () => {
      offWarning();
      offReset();
    };
  }, [api, resetJourney]);

  useEffect(() => {
    if (idleSecondsLeft === null) return;
    const timer =
      idleSecondsLeft > 0
        ? setTimeout(() => setIdleSecondsLeft((seconds) => (seconds === null ? null : Math.max(0, seconds - 1))), 1000)
        : setTimeout(resetJourney, WARNING_GRACE_MS);
    return () => clearTimeout(timer);
  }, [idleSecondsLeft, resetJourney]);

  useEffect(() => {
    const limitMs = ((idleResetSeconds ?? DEFAULT_IDLE_RESET_SECONDS) + LOCAL_FALLBACK_EXTRA_SECONDS) * 1000;
    const check = setInterval(() => {
      if (Date.now() - lastActivityAt.current > limitMs) resetJourney();
    }, 5_000);
    return () => clearInterval(check);
  }, [idleResetSeconds, resetJourney]);

  const goHome = useCallback(() => {
    ownEndAt.current = Date.now();
    resetJourney();
    void api.call('session.end', {});
  }, [api, resetJourney]);

  const continueSession = useCallback(() => reportActivity(true), [reportActivity]);

  return { journeyKey, idleSecondsLeft, goHome, continueSession };
}
