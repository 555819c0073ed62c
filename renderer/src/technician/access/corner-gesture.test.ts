import { describe, expect, it } from 'vitest';
import { cornerHeld, SECOND_CORNER_WITHIN_MS } from './corner-gesture';

describe('the hidden corner gesture', () => {
  it('completes with the top-left corner held, then the bottom-right one in time', () => {
    const first = cornerHeld(null, 'top-left', 1_000);
    expect(first).toEqual({ state: { firstHeldAt: 1_000 }, complete: false });
    expect(cornerHeld(first.state, 'bottom-right', 1_000 + SECOND_CORNER_WITHIN_MS)).toEqual({
      state: null,
      complete: true,
    });
  });

  it('does nothing for the bottom-right corner alone, the wrong order, or too late', () => {
    expect(cornerHeld(null, 'bottom-right', 1_000).complete).toBe(false);
    const first = cornerHeld(null, 'top-left', 1_000);
    const late = cornerHeld(first.state, 'bottom-right', 1_001 + SECOND_CORNER_WITHIN_MS);
    expect(late).toEqual({ state: null, complete: false });
    // Bottom-right then top-left is not the gesture either: it only starts it.
    const reversed = cornerHeld(cornerHeld(null, 'bottom-right', 0).state, 'top-left', 10);
    expect(reversed.complete).toBe(false);
  });
});
