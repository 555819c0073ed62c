import { describe, expect, it } from 'vitest';
import { ReopenTimer } from './reopen-timer';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ReopenTimer', () => {
  it('retries until the device opens, then stops trying', async () => {
    let attempts = 0;
    let open = false;
    const timer = new ReopenTimer({
      intervalMs: 5,
      isOpen: () => open,
      reopen: async () => {
        attempts++;
        if (attempts < 3) throw new Error('not there');
        open = true;
      },
    });
    timer.schedule();
    await wait(80);
    expect(attempts).toBe(3);
    expect(open).toBe(true);
  });

  it('does nothing when the interval is 0 or once stopped', async () => {
    let attempts = 0;
    const reopen = async () => {
      attempts++;
    };
    new ReopenTimer({ intervalMs: 0, isOpen: () => false, reopen }).schedule();
    const stopped = new ReopenTimer({ intervalMs: 5, isOpen: () => false, reopen });
    stopped.schedule();
    stopped.stop();
    stopped.schedule();
    await wait(30);
    expect(attempts).toBe(0);
  });

  it('hands a failure to the owner instead of retrying by itself', async () => {
    const failures: unknown[] = [];
    const timer = new ReopenTimer({
      intervalMs: 5,
      isOpen: () => false,
      reopen: async () => {
        throw new Error('still gone');
      },
      onFailure: (error) => failures.push(error),
    });
    timer.schedule();
    await wait(40);
    expect(failures).toHaveLength(1);
  });
});
