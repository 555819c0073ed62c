import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';

function breaker(threshold = 3, openMs = 1000) {
  let now = 0;
  const states: string[] = [];
  const b = new CircuitBreaker({
    failureThreshold: threshold,
    openMs,
    now: () => now,
    onStateChange: (s) => states.push(s),
  });
  return { b, states, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('opens only after the threshold of consecutive failures; a success resets the count', () => {
    const { b } = breaker(3);
    b.failed(b.acquire());
    b.failed(b.acquire());
    b.succeeded(b.acquire());
    b.failed(b.acquire());
    b.failed(b.acquire());
    expect(b.state).toBe('closed');
    b.failed(b.acquire());
    expect(b.state).toBe('open');
  });

  it('refuses while open and says how long is left', () => {
    const { b, advance } = breaker(1, 1000);
    b.failed(b.acquire());
    advance(400);
    expect(b.acquire()).toEqual({ allowed: false, retryInMs: 600 });
  });

  it('half-opens after openMs for exactly one probe; a failed probe opens it again at once', () => {
    const { b, states, advance } = breaker(3, 1000);
    for (let i = 0; i < 3; i++) b.failed(b.acquire());
    advance(1000);
    const probe = b.acquire();
    expect(probe).toEqual({ allowed: true, probe: true });
    expect(b.acquire().allowed).toBe(false);
    b.failed(probe);
    expect(b.state).toBe('open');
    advance(999);
    expect(b.acquire().allowed).toBe(false);
    advance(1);
    const second = b.acquire();
    b.succeeded(second);
    expect(b.state).toBe('closed');
    expect(b.acquire()).toEqual({ allowed: true, probe: false });
    expect(states).toEqual(['open', 'half_open', 'open', 'half_open', 'closed']);
  });
});
