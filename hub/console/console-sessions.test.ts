import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../db/sqlite/open-sqlite-database';
import { SqliteConsoleStore } from '../db/sqlite/sqlite-console-store';
import { ConsoleSessions, sessionIdHash } from './console-sessions';

async function setUp() {
  const { db } = openSqliteDatabase(':memory:');
  db.prepare("INSERT INTO offices (id, name, region_id) VALUES ('o1', 'Офис', 'r')").run();
  const store = new SqliteConsoleStore(db);
  await store.addUser({
    login: 'anna',
    role: 'office_head',
    officeId: 'o1',
    passwordHash: 'x',
    at: '2026-12-07T08:00:00Z',
  });
  let now = Date.parse('2026-12-07T08:00:00Z');
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const sessions = new ConsoleSessions(store, clock.now, { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 });
  return { db, store, clock, sessions };
}

describe('console sessions', () => {
  it('keeps only the hash of the id and resumes with the user and the CSRF token', async () => {
    const { db, sessions } = await setUp();
    const { id, csrfToken } = await sessions.start('anna');
    expect(JSON.stringify(db.prepare('SELECT * FROM console_sessions').all())).not.toContain(id);
    expect(await sessions.resume(id)).toEqual({
      idHash: sessionIdHash(id),
      csrfToken,
      user: { login: 'anna', role: 'office_head', officeId: 'o1' },
    });
    expect(await sessions.resume(`${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(await sessions.resume('short')).toBeUndefined();
  });

  it('ends after 30 idle minutes', async () => {
    const { clock, sessions } = await setUp();
    const { id } = await sessions.start('anna');
    clock.advance(29 * 60_000);
    expect(await sessions.resume(id)).toBeDefined();
    clock.advance(29 * 60_000);
    expect(await sessions.resume(id)).toBeDefined();
    clock.advance(31 * 60_000);
    expect(await sessions.resume(id)).toBeUndefined();
  });

  it('ends 12 hours after sign-in however active', async () => {
    const { clock, sessions } = await setUp();
    const { id } = await sessions.start('anna');
    for (let i = 0; i < 47; i++) {
      clock.advance(15 * 60_000);
      expect(await sessions.resume(id)).toBeDefined();
    }
    clock.advance(15 * 60_000);
    expect(await sessions.resume(id)).toBeUndefined();
  });

  it('ends on sign-out, on a password change and when the user is disabled; prunes ended ones', async () => {
    const { store, clock, sessions } = await setUp();
    const a = await sessions.start('anna');
    await sessions.end(sessionIdHash(a.id));
    expect(await sessions.resume(a.id)).toBeUndefined();
    const b = await sessions.start('anna');
    await store.setPassword('anna', 'y', '2026-12-07T09:00:00Z');
    expect(await sessions.resume(b.id)).toBeUndefined();
    const c = await sessions.start('anna');
    await store.disableUser('anna', '2026-12-07T09:00:00Z');
    expect(await sessions.resume(c.id)).toBeUndefined();
    await sessions.start('anna');
    clock.advance(31 * 60_000);
    expect(await sessions.prune()).toBe(1);
  });
});
