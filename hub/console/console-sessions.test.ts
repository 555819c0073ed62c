import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../db/sqlite/open-sqlite-database';
import { SqliteConsoleStore } from '../db/sqlite/sqlite-console-store';
import { ConsoleSessions, sessionIdHash } from './console-sessions';

function setUp() {
  const { db } = openSqliteDatabase(':memory:');
  db.prepare("INSERT INTO offices (id, name, region_id) VALUES ('o1', 'Офис', 'r')").run();
  const store = new SqliteConsoleStore(db);
  store.addUser({ login: 'anna', role: 'office_head', officeId: 'o1', passwordHash: 'x', at: '2026-12-07T08:00:00Z' });
  let now = Date.parse('2026-12-07T08:00:00Z');
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const sessions = new ConsoleSessions(store, clock.now, { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 });
  return { db, store, clock, sessions };
}

describe('console sessions', () => {
  it('keeps only the hash of the id and resumes with the user and the CSRF token', () => {
    const { db, sessions } = setUp();
    const { id, csrfToken } = sessions.start('anna');
    expect(JSON.stringify(db.prepare('SELECT * FROM console_sessions').all())).not.toContain(id);
    expect(sessions.resume(id)).toEqual({
      idHash: sessionIdHash(id),
      csrfToken,
      user: { login: 'anna', role: 'office_head', officeId: 'o1' },
    });
    expect(sessions.resume(`${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(sessions.resume('short')).toBeUndefined();
  });

  it('ends after 30 idle minutes', () => {
    const { clock, sessions } = setUp();
    const { id } = sessions.start('anna');
    clock.advance(29 * 60_000);
    expect(sessions.resume(id)).toBeDefined();
    clock.advance(29 * 60_000);
    expect(sessions.resume(id)).toBeDefined();
    clock.advance(31 * 60_000);
    expect(sessions.resume(id)).toBeUndefined();
  });

  it('ends 12 hours after sign-in however active', () => {
    const { clock, sessions } = setUp();
    const { id } = sessions.start('anna');
    for (let i = 0; i < 47; i++) {
      clock.advance(15 * 60_000);
      expect(sessions.resume(id)).toBeDefined();
    }
    clock.advance(15 * 60_000);
    expect(sessions.resume(id)).toBeUndefined();
  });

  it('ends on sign-out, on a password change and when the user is disabled; prunes ended ones', () => {
    const { store, clock, sessions } = setUp();
    const a = sessions.start('anna');
    sessions.end(sessionIdHash(a.id));
    expect(sessions.resume(a.id)).toBeUndefined();
    const b = sessions.start('anna');
    store.setPassword('anna', 'y', '2026-12-07T09:00:00Z');
    expect(sessions.resume(b.id)).toBeUndefined();
    const c = sessions.start('anna');
    store.disableUser('anna', '2026-12-07T09:00:00Z');
    expect(sessions.resume(c.id)).toBeUndefined();
    sessions.start('anna');
    clock.advance(31 * 60_000);
    expect(sessions.prune()).toBe(1);
  });
});
