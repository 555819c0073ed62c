import { useEffect, useRef, useState } from 'react';
import { useInputShield } from '../session/use-input-shield';
import type { SessionState } from '../session/use-session';
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
  /** The session's journey and why it began (`useSession`): after an idle reset the loop starts at once. */
  session: Pick<SessionState, 'journeyKey' | 'resetReason'>;
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
export function useAttract({ session, idle, afterSeconds, onStopped }: AttractOptions): AttractState {
  const [playing, setPlaying] = useState(false);
  // The technician's hidden corners stay usable over the loop: their touches do not stop it.
  const { shield, shielded } = useInputShield(() => {
    setPlaying(false);
    onStopped();
  }, isTechnicianInput);

  const { journeyKey, resetReason } = session;
  // The journey for which the loop has started: an idle reset starts it at once only the first time.
  const startedFor = useRef<number | null>(null);

  useEffect(() => {
    if (!idle) {
      setPlaying(false);
      shield.current?.lower();
      return;
    }
    const atOnce = resetReason === 'idle' && startedFor.current !== journeyKey;
    const timer = setTimeout(
      () => {
        startedFor.current = journeyKey;
        shield.current?.raise();
        setPlaying(true);
      },
      atOnce ? 0 : afterSeconds * 1000,
    );
    return () => clearTimeout(timer);
  }, [idle, afterSeconds, shield, journeyKey, resetReason]);

  return { playing, shielded };
}
