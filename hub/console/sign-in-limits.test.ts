import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../db/sqlite/open-sqlite-database';
import { SqliteConsoleStore } from '../db/sqlite/sqlite-console-store';
import { lockMsAfter, SignInLimits, USER_LIMIT_POLICY } from './sign-in-limits';

describe('sign-in limits', () => {
  it('allows the free failures, then locks for twice as long with each further failure, up to the ceiling', () => {
    expect([1, 2, 3, 4].map((n) => lockMsAfter(n, USER_LIMIT_POLICY))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map((n) => lockMsAfter(n, USER_LIMIT_POLICY))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(lockMsAfter(40, USER_LIMIT_POLICY)).toBe(USER_LIMIT_POLICY.maxLockMs);
  });

  it('forgets a count after a quiet day', async () => {
    const { db } = openSqliteDatabase(':memory:');
    const store = new SqliteConsoleStore(db);
    let now = Date.parse('2026-12-05T10:00:00Z');
    const limits = new SignInLimits(store, () => now);
    for (let i = 0; i < 9; i++) await limits.recordFailure('a', '10.0.0.1');
    now = Date.parse('2026-12-07T10:00:00Z');
    await limits.recordFailure('a', '10.0.0.1');
    expect((await store.findLimit('user:a'))?.failures).toBe(1);
    now = Date.parse('2026-12-07T09:00:00Z');
    for (let i = 0; i < 8; i++) await limits.recordFailure('a', '10.0.0.1');
    now = Date.parse('2026-12-07T10:00:00Z');
    await limits.recordFailure('a', '10.0.0.1');
    expect(await store.findLimit('user:a')).toMatchObject({
      failures: 10,
      lockedUntil: new Date(now + 32 * 60_000).toISOString(),
    });
    db.close();
  });

  it('locks per user and per address in the database, clears only the user on success', async () => {
    const { db } = openSqliteDatabase(':memory:');
    let now = Date.parse('2026-12-07T10:00:00Z');
    const store = new SqliteConsoleStore(db);
    const limits = new SignInLimits(store, () => now);
    for (let i = 0; i < 5; i++) await limits.recordFailure('Anna', '10.0.0.1');
    expect(await limits.waitSeconds('anna', '10.0.0.9')).toBe(60);
    expect(await limits.waitSeconds('boris', '10.0.0.1')).toBe(0);
    // A new limiter over the same database (a restarted hub) still refuses.
    expect(await new SignInLimits(new SqliteConsoleStore(db), () => now).waitSeconds('anna', '10.0.0.1')).toBe(60);
    now += 61_000;
    expect(await limits.waitSeconds('anna', '10.0.0.1')).toBe(0);
    await limits.recordFailure('anna', '10.0.0.1');
    expect(await limits.waitSeconds('anna', '10.0.0.1')).toBe(120);

    for (let i = 0; i < 14; i++) await limits.recordFailure(`user${i}`, '10.0.0.2');
    expect(await limits.waitSeconds('someone', '10.0.0.2')).toBe(0);
    for (let i = 0; i < 6; i++) await limits.recordFailure(`more${i}`, '10.0.0.2');
    expect(await limits.waitSeconds('someone', '10.0.0.2')).toBe(60);

    await limits.recordSuccess('anna');
    expect(await store.findLimit('user:anna')).toBeUndefined();
    expect((await store.findLimit('ip:10.0.0.1'))?.failures).toBe(6);
    db.close();
  });
});
