import { useEffect, useState } from 'react';
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
  /** How long the kiosk must have been idle before the loop starts. */
  afterSeconds: number;
  /** Whether the release has anything to play (no items, no loop). */
  hasItems: boolean;
  /** The touch that stopped the loop: a visitor has come (the page starts their visit). */
  onStopped: () => void;
}

/**
 * Starts the attract loop once the kiosk has been idle for `afterSeconds`, and stops it at the
 * first touch or key, which is swallowed whole: the loop covers the home screen, and a touch meant
 * to wake it must not also press the button that lies beneath (an `InputShield`, as the idle
 * warning uses, stays up until that gesture has ended). A visit, or a release without items, ends
 * the loop too.
 */
export function useAttract({ idle, afterSeconds, hasItems, onStopped }: AttractOptions): AttractState {
  const [playing, setPlaying] = useState(false);
  // The technician's hidden corners stay usable over the loop: their touches do not stop it.
  const { shield, shielded } = useInputShield(() => {
    setPlaying(false);
    onStopped();
  }, isTechnicianInput);

  const mayPlay = idle && hasItems;
  useEffect(() => {
    if (!mayPlay) {
      setPlaying(false);
      shield.current?.lower();
      return;
    }
    const timer = setTimeout(() => {
      shield.current?.raise();
      setPlaying(true);
    }, afterSeconds * 1000);
    return () => clearTimeout(timer);
  }, [mayPlay, afterSeconds, shield]);

  return { playing, shielded };
}
