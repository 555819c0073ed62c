import { describe, expect, it } from 'vitest';
import { StartupStack, startInOrder } from './startup-stack';
import { memoryLogger } from './test-support';

describe('StartupStack', () => {
  it('stops the parts last started first, waiting for each', async () => {
    const { log } = memoryLogger();
    const stack = new StartupStack(log);
    const stopped: string[] = [];
    stack.push('a', () => {
      stopped.push('a');
    });
    stack.push('b', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      stopped.push('b');
    });
    const c = stack.started('c', { name: 'c' }, (part) => {
      stopped.push(part.name);
    });
    expect(c).toEqual({ name: 'c' });
    await stack.stop();
    expect(stopped).toEqual(['c', 'b', 'a']);
  });

  it('logs a part that fails to stop and still stops the others', async () => {
    const { log, lines } = memoryLogger();
    const stack = new StartupStack(log);
    const stopped: string[] = [];
    stack.push('first', () => {
      stopped.push('first');
    });
    stack.push('broken', async () => {
      throw new Error('stuck');
    });
    stack.push('last', () => {
      stopped.push('last');
    });
    await stack.stop();
    expect(stopped).toEqual(['last', 'first']);
    expect(lines()).toContainEqual(
      expect.objectContaining({ part: 'broken', msg: 'a part of the kiosk failed to stop' }),
    );
  });

  it('stops once, however often it is asked', async () => {
    const { log } = memoryLogger();
    const stack = new StartupStack(log);
    let stops = 0;
    stack.push('a', () => {
      stops += 1;
    });
    await Promise.all([stack.stop(), stack.stop()]);
    await stack.stop();
    expect(stops).toBe(1);
  });

  it('refuses a part that starts once stopping has begun', async () => {
    const { log } = memoryLogger();
    const stack = new StartupStack(log);
    await stack.stop();
    expect(() => stack.push('late', () => {})).toThrow(/after the stack began to stop/);
  });
});

describe('startInOrder', () => {
  it('returns what the start-up built, stopping nothing', async () => {
    const { log } = memoryLogger();
    const stopped: string[] = [];
    const built = await startInOrder(log, async (stack) => {
      stack.push('a', () => {
        stopped.push('a');
      });
      return 'core';
    });
    expect(built).toBe('core');
    expect(stopped).toEqual([]);
  });

  it('stops what started before a failure, in reverse order, and rethrows the original error', async () => {
    const { log, lines } = memoryLogger();
    const stopped: string[] = [];
    const failure = new Error('payments folder unwritable');
    const starting = startInOrder(log, async (stack) => {
      stack.push('hub', () => {
        stopped.push('hub');
      });
      stack.push('devices', () => {
        throw new Error('a device would not close');
      });
      stack.push('setup', () => {
        stopped.push('setup');
      });
      throw failure;
    });
    await expect(starting).rejects.toBe(failure);
    expect(stopped).toEqual(['setup', 'hub']);
    const messages = lines().map((line) => line.msg);
    expect(messages).toEqual(['kiosk start failed: stopping what had started', 'a part of the kiosk failed to stop']);
  });
});
