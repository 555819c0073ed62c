import { useCallback, useEffect, useRef } from 'react';
import { CORNER_HOLD_MS, type Corner, type CornerGestureState, cornerHeld } from './corner-gesture';

/**
 * The two invisible corner zones of the hidden gesture (`corner-gesture.ts`). Shown only where no
 * visitor session can be running (the idle home screen, the out-of-service screen); their touches
 * are the technician's (`data-technician`), so they start no visit. A press that lifts, slides out
 * or is cancelled before 2 s counts for nothing.
 */
export function TechnicianCorners({ onGesture }: { onGesture: () => void }) {
  const gesture = useRef<CornerGestureState>(null);
  const holding = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const release = useCallback(() => {
    clearTimeout(holding.current);
    holding.current = undefined;
  }, []);
  useEffect(() => release, [release]);

  const zone = (corner: Corner) => (
    <div
      className={`technician-corner technician-corner-${corner}`}
      data-technician=""
      data-testid={`technician-corner-${corner}`}
      aria-hidden="true"
      onPointerDown={(event) => {
        event.preventDefault();
        release();
        holding.current = setTimeout(() => {
          holding.current = undefined;
          const next = cornerHeld(gesture.current, corner, Date.now());
          gesture.current = next.state;
          if (next.complete) onGesture();
        }, CORNER_HOLD_MS);
      }}
      onPointerUp={release}
      onPointerLeave={release}
      onPointerCancel={release}
      onContextMenu={(event) => event.preventDefault()}
    />
  );
  return (
    <>
      {zone('top-left')}
      {zone('bottom-right')}
    </>
  );
}
