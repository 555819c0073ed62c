import { describe, expect, it } from 'vitest';
import { SerialExecutor } from './serial-executor';

/** A promise with its resolve and reject, to finish a task when the test says so. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SerialExecutor', () => {
  it('runs tasks one at a time, in the order given, each with its own typed result', async () => {
    const executor = new SerialExecutor();
    const events: string[] = [];
    const first = deferred<number>();
    const a = executor.run(async () => {
      events.push('a start');
      const value = await first.promise;
      events.push('a end');
      return value;
    });
    const b = executor.run(() => {
      events.push('b');
      return 'two';
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(events).toEqual(['a start']);
    first.resolve(1);
    const results: [number, string] = await Promise.all([a, b]);
    expect(results).toEqual([1, 'two']);
    expect(events).toEqual(['a start', 'a end', 'b']);
  });

  it('a failed task rejects its own run only: the next task still runs', async () => {
    const executor = new SerialExecutor();
    const failing = executor.run(async () => {
      throw new Error('jammed');
    });
    const next = executor.run(async () => 'after');
    await expect(failing).rejects.toThrow('jammed');
    await expect(next).resolves.toBe('after');
  });

  it('a task that throws synchronously rejects its run like an async one', async () => {
    const executor = new SerialExecutor();
    const failing = executor.run((): number => {
      throw new Error('bug');
    });
    await expect(failing).rejects.toThrow('bug');
    await expect(executor.run(() => 3)).resolves.toBe(3);
  });

  it('counts the tasks not yet settled, and idle() waits for all of them without rejecting', async () => {
    const executor = new SerialExecutor();
    expect(executor.pending).toBe(0);
    const gate = deferred<void>();
    const a = executor.run(() => gate.promise);
    const b = executor.run(async () => {
      throw new Error('no');
    });
    b.catch(() => undefined);
    expect(executor.pending).toBe(2);
    let idle = false;
    const waiting = executor.idle().then(() => {
      idle = true;
    });
    await Promise.resolve();
    expect(idle).toBe(false);
    gate.resolve();
    await a;
    await waiting;
    expect(idle).toBe(true);
    expect(executor.pending).toBe(0);
  });
});
