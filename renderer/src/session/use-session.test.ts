import { describe, expect, it } from 'vitest';
import { followsReset } from './use-session';

describe('followsReset', () => {
  it('follows every reset of the main side, but the echo of the page’s own «На главную»', () => {
    expect(followsReset('idle', false, Number.POSITIVE_INFINITY)).toBe(true);
    expect(followsReset('restart', false, 10)).toBe(true);
    expect(followsReset('visitor', false, 500)).toBe(false);
    expect(followsReset('visitor', false, 10_000)).toBe(true);
  });

  it('keeps a card payment’s screen whatever reset comes while it shows (the main side holds the session meanwhile)', () => {
    for (const reason of ['idle', 'visitor', 'restart'] as const) {
      expect(followsReset(reason, true, Number.POSITIVE_INFINITY)).toBe(false);
    }
  });
});
