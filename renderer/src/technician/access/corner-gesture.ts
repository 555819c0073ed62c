/**
 * The hidden gesture that opens the technician's sign-in: a long press (2 s) on the top-left
 * corner, then, within 10 s, a long press on the bottom-right one. Two held presses on opposite
 * corners in order are not something a visitor does by chance; the zones are small and invisible.
 */
export const CORNER_HOLD_MS = 2_000;
/** The time from the first corner's press being held long enough to the second's. */
export const SECOND_CORNER_WITHIN_MS = 10_000;
/** The invisible zones' side, in CSS pixels. */
export const CORNER_ZONE_PX = 120;

export type Corner = 'top-left' | 'bottom-right';

/** When the first corner was held (Unix ms), or nothing yet. */
export type CornerGestureState = { firstHeldAt: number } | null;

/**
 * A corner was held long enough at `now`: the next state, and whether the gesture is complete
 * (the sign-in opens). The second corner alone, or too late, starts nothing; the first one again
 * starts the gesture afresh.
 */
export function cornerHeld(
  state: CornerGestureState,
  corner: Corner,
  now: number,
): { state: CornerGestureState; complete: boolean } {
  if (corner === 'top-left') return { state: { firstHeldAt: now }, complete: false };
  const complete = state !== null && now - state.firstHeldAt <= SECOND_CORNER_WITHIN_MS;
  return { state: null, complete };
}

/** Whether an input event belongs to the technician (a corner, the sign-in, the mode): it is not a visitor's touch. */
export function isTechnicianInput(event: Event): boolean {
  const target = event.target;
  return typeof Element !== 'undefined' && target instanceof Element && target.closest('[data-technician]') !== null;
}
