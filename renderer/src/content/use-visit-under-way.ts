import { useCallback, useEffect, useRef, useState } from 'react';
import { isTechnicianInput } from '../technician/access/corner-gesture';

/**
 * Whether a visit is under way: the screen was touched (or a key pressed) since the session's
 * last reset. The main side's session counts the same touches (`session.activity`), so the page
 * and the kiosk agree on when it is idle. A reset (`journeyKey` changes) ends the visit.
 *
 * Input swallowed by a shield (the idle warning's, the attract loop's) never reaches these
 * listeners: the attract loop calls `start` itself for the touch that stops it.
 */
export function useVisitUnderWay(journeyKey: number): { underWay: boolean; start: () => void } {
  // The journey key of the visit touched last: a new key (a reset) means no visit is under way.
  const [touchedKey, setTouchedKey] = useState<number | null>(null);
  const keyRef = useRef(journeyKey);
  keyRef.current = journeyKey;

  const start = useCallback(() => setTouchedKey(keyRef.current), []);

  useEffect(() => {
    // The technician's touches (the hidden corners, the sign-in, the mode) are no visit.
    const onInput = (event: Event) => {
      if (!isTechnicianInput(event)) start();
    };
    document.addEventListener('pointerdown', onInput, true);
    document.addEventListener('keydown', onInput, true);
    return () => {
      document.removeEventListener('pointerdown', onInput, true);
      document.removeEventListener('keydown', onInput, true);
    };
  }, [start]);

  return { underWay: touchedKey === journeyKey, start };
}
