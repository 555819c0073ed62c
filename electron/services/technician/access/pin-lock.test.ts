import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PIN_FAILURES_BEFORE_LOCK, PinLock } from './pin-lock';

const silentLog = { warn: () => {}, error: () => {}, info: () => {}, debug: () => {} } as never;
const MINUTE = 60_000;

describe('PinLock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'okno-pin-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('locks after five wrong PINs for 1 min, then 5, 15, 60: each further wrong PIN one step longer', async () => {
    const lock = await PinLock.open(dir, silentLog);
    let now = 1_000_000;
    for (let left = PIN_FAILURES_BEFORE_LOCK - 1; left >= 1; left -= 1) {
      expect(await lock.failed(now)).toEqual({ locked: false, attemptsLeft: left });
    }
    expect(lock.lockedUntil(now)).toBeUndefined();
    expect(await lock.failed(now)).toEqual({ locked: true, lockedUntil: now + MINUTE });
    expect(lock.lockedUntil(now + MINUTE - 1)).toBe(now + MINUTE);
    for (const minutes of [5, 15, 60, 240, 1440, 1440]) {
      now = (lock.lockedUntil(now) ?? now) + 1;
      expect(lock.lockedUntil(now)).toBeUndefined();
      expect(await lock.failed(now)).toEqual({ locked: true, lockedUntil: now + minutes * MINUTE });
    }
  });

  it('survives a restart: a new instance on the same folder stays locked, and a right PIN resets all', async () => {
    const now = 5_000_000;
    const first = await PinLock.open(dir, silentLog);
    for (let i = 0; i < PIN_FAILURES_BEFORE_LOCK; i += 1) await first.failed(now);
    const second = await PinLock.open(dir, silentLog);
    expect(second.lockedUntil(now + 30_000)).toBe(now + MINUTE);
    // Written before the answer, by temp file and rename: the file holds the lock already.
    expect(JSON.parse(await readFile(path.join(dir, 'technician', 'pin-lock.json'), 'utf8'))).toEqual({
      failures: 5,
      locks: 1,
      lockedUntil: now + MINUTE,
    });
    await second.succeeded();
    const third = await PinLock.open(dir, silentLog);
    expect(third.lockedUntil(now)).toBeUndefined();
    expect(await third.failed(now)).toEqual({ locked: false, attemptsLeft: 4 });
  });

  it('counts a damaged lock file as a lock (no reset by damaging it)', async () => {
    const first = await PinLock.open(dir, silentLog);
    await first.failed(0);
    await writeFile(path.join(dir, 'technician', 'pin-lock.json'), '{"failures":');
    const now = 9_000_000;
    const reopened = await PinLock.open(dir, silentLog, () => now);
    expect(reopened.lockedUntil(now)).toBe(now + MINUTE);
  });
});
