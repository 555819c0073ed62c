import { useEffect, useRef, useState } from 'react';
import type { KioskApi } from '../../../kiosk-config/src/index';
import { useInputShield } from '../session/use-input-shield';
import { isTechnicianInput } from '../technician/access/corner-gesture';

/** The attract loop as the page sees it. */
export interface AttractState {
  /** Whether the loop is on screen. */
  playing: boolean;
  /** Whether every input is swallowed: while the loop plays and until the touch that stopped it has ended. */
  shielded: boolean;
}

/** Options of `useAttract`. */
export interface AttractOptions {
  /** Whether the kiosk is idle: home on screen, no visit under way, no warning up. */
  idle: boolean;
  /** Where the main side says a visitor's session was reset for want of touches (`session.reset`). */
  api: KioskApi;
  /** How long the kiosk must have been idle before the loop starts. */
  afterSeconds: number;
  /** The touch that stopped the loop: a visitor has come (the page starts their visit). */
  onStopped: () => void;
}

/**
 * Starts the attract loop at once after the idle reset (a visitor walked away: nobody stands
 * there now) or once the kiosk has been idle at home for `afterSeconds`, and stops it at the
 * first touch or key, which is swallowed whole: the loop covers the home screen, and a touch meant
 * to wake it must not also press the button that lies beneath (an `InputShield`, as the idle
 * warning uses, stays up until that gesture has ended). A visit ends the loop too. It plays with
 * or without the release's items: its built-in slides say what the kiosk can do.
 */
export function useAttract({ api, idle, afterSeconds, onStopped }: AttractOptions): AttractState {
  const [playing, setPlaying] = useState(false);
  // The technician's hidden corners stay usable over the loop: their touches do not stop it.
  const { shield, shielded } = useInputShield(() => {
    setPlaying(false);
    onStopped();
  }, isTechnicianInput);

  // An idle reset counted, and whether the loop has yet to start for the last one.
  const [idleResets, setIdleResets] = useState(0);
  const startAtOnce = useRef(false);
  useEffect(
    () =>
      api.on('session.reset', ({ reason }) => {
        if (reason !== 'idle') return;
        startAtOnce.current = true;
        setIdleResets((n) => n + 1);
      }),
    [api],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: an idle reset (its count) restarts the wait, at zero
  useEffect(() => {
    if (!idle) {
      setPlaying(false);
      shield.current?.lower();
      return;
    }
    const timer = setTimeout(
      () => {
        startAtOnce.current = false;
        shield.current?.raise();
        setPlaying(true);
      },
      startAtOnce.current ? 0 : afterSeconds * 1000,
    );
    return () => clearTimeout(timer);
  }, [idle, afterSeconds, shield, idleResets]);

  return { playing, shielded };
}
