import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight';

describe('singleFlight', () => {
  it('refuses a second task while the first is in flight, and takes the next once it has ended', async () => {
    const run = singleFlight();
    const started: string[] = [];
    let finish: () => void = () => {};
    const first = run(async () => {
      started.push('first');
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
    });
    await run(async () => {
      started.push('double tap');
    });
    expect(started).toEqual(['first']);
    finish();
    await first;
    await run(async () => {
      started.push('after');
    });
    expect(started).toEqual(['first', 'after']);
  });

  it('is free again after a task that threw', async () => {
    const run = singleFlight();
    await expect(
      run(async () => {
        throw new Error('bug');
      }),
    ).rejects.toThrow('bug');
    let ran = false;
    await run(async () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });
});
