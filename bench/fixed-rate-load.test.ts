import { describe, expect, it } from 'vitest';
import { percentile, percentileOfSorted, summarise } from './bench-support';
import { dueAtMs, dueCount, requestCount, runFixedRate } from './fixed-rate-load';

describe('fixed-rate schedule', () => {
  it('spaces requests 1/rate apart and counts the due ones, the first at once', () => {
    expect(dueAtMs(100, 0, 5000)).toBe(100);
    expect(dueAtMs(100, 5, 5000)).toBe(101);
    expect(dueCount(-1, 1000, 10)).toBe(0);
    expect(dueCount(0, 1000, 10)).toBe(1);
    expect(dueCount(2.5, 1000, 10)).toBe(3);
    expect(dueCount(1_000_000, 1000, 10)).toBe(10);
    expect(requestCount(5000, 10)).toBe(50_000);
  });

  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentileOfSorted(sorted, 50)).toBe(50);
    expect(percentileOfSorted(sorted, 99)).toBe(99);
    expect(percentileOfSorted([7], 99)).toBe(7);
    expect(summarise([3, 1, 2, 200])).toEqual({ p50: 2, p99: 200, max: 200 });
    expect(summarise([])).toEqual({ p50: 0, p99: 0, max: 0 });
    expect(percentile([200, 3, 1, 2], 50)).toBe(2);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('runFixedRate', () => {
  it('keeps sending on schedule while answers stall, and counts latency from the due time', async () => {
    let now = 0;
    const sentAt: number[] = [];
    const stalled: (() => void)[] = [];
    // Requests 0–4 are answered at once; 5–8 stall until the last one (9, due at 90 ms) goes out.
    const figures = await runFixedRate({
      ratePerSecond: 100,
      seconds: 0.1,
      clock: () => now,
      sleep: async (ms) => {
        now += ms;
      },
      turnMs: 10,
      send: (index) => {
        sentAt.push(now);
        if (index < 5) return Promise.resolve('ok');
        if (index === 9) {
          for (const release of stalled.splice(0)) release();
          return Promise.resolve('failed');
        }
        return new Promise((resolve) => stalled.push(() => resolve('ok')));
      },
    });
    // Open loop: each request went out at its due time (every 10 ms), none waited for an answer.
    expect(sentAt).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(figures.requests).toBe(10);
    expect(figures.failures).toBe(1);
    expect(figures.sendLagMs.max).toBe(0);
    // Request 5 was due at 50 and answered at 90.
    expect(figures.latencyMs.max).toBe(40);
  });

  it('counts the time a request waited behind a late generator', async () => {
    let now = 0;
    const figures = await runFixedRate({
      ratePerSecond: 1000,
      seconds: 0.01,
      clock: () => now,
      // The generator wakes 10 ms late: all ten requests go out together, nine of them late.
      sleep: async () => {
        now += 10;
      },
      send: async () => {
        now += 1;
        return 'ok';
      },
    });
    expect(figures.requests).toBe(10);
    // Request 1 was due at 1 ms and went out at 11 ms; its answer came at 20 ms.
    expect(figures.sendLagMs.max).toBe(10);
    expect(figures.latencyMs.max).toBe(19);
  });
});
