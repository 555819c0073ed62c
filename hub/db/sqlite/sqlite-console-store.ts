import type Database from 'better-sqlite3';
import type {
  ConsoleAuditEntry,
  ConsoleSessionRecord,
  ConsoleStore,
  ConsoleUserRecord,
  NewConsoleUser,
  SignInLimitRecord,
} from '../../console/console-store';
import {
  type ConsoleAuditRow,
  type ConsoleSessionRow,
  type ConsoleUserRow,
  consoleAuditOf,
  consoleSessionOf,
  consoleUserOf,
  type SignInLimitRow,
  signInLimitOf,
} from '../console-rows';

/** `ConsoleStore` on the hub's SQLite file (migration 0012). */
export class SqliteConsoleStore implements ConsoleStore {
  readonly #db: Database.Database;
  readonly #sql;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#sql = {
      addUser: db.prepare(
        `INSERT INTO console_users (login, role, office_id, password_hash, created_at, password_changed_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      findUser: db.prepare('SELECT * FROM console_users WHERE login = ?'),
      listUsers: db.prepare('SELECT * FROM console_users ORDER BY login'),
      setPassword: db.prepare('UPDATE console_users SET password_hash = ?, password_changed_at = ? WHERE login = ?'),
      disable: db.prepare('UPDATE console_users SET disabled_at = coalesce(disabled_at, ?) WHERE login = ?'),
      endSessionsOf: db.prepare('DELETE FROM console_sessions WHERE login = ?'),
      createSession: db.prepare(
        `INSERT INTO console_sessions (id_hash, login, csrf_token, created_at, last_seen_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      findSession: db.prepare('SELECT * FROM console_sessions WHERE id_hash = ?'),
      touchSession: db.prepare('UPDATE console_sessions SET last_seen_at = ? WHERE id_hash = ?'),
      deleteSession: db.prepare('DELETE FROM console_sessions WHERE id_hash = ?'),
      pruneSessions: db.prepare('DELETE FROM console_sessions WHERE last_seen_at < ? OR expires_at <= ?'),
      findLimit: db.prepare('SELECT * FROM console_sign_in_limits WHERE key = ?'),
      // One statement: a count never read here and written back, so concurrent failures all count.
      countFailure: db.prepare(
        `INSERT INTO console_sign_in_limits AS l (key, failures, last_failure_at, locked_until) VALUES (@key, 1, @at, NULL)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN l.last_failure_at <= @forgetBefore THEN 1 ELSE l.failures + 1 END,
           locked_until = CASE WHEN l.last_failure_at <= @forgetBefore THEN NULL ELSE l.locked_until END,
           last_failure_at = excluded.last_failure_at
         RETURNING failures`,
      ),
      lockUntil: db.prepare(
        'UPDATE console_sign_in_limits SET locked_until = max(coalesce(locked_until, ?), ?) WHERE key = ?',
      ),
      clearLimit: db.prepare('DELETE FROM console_sign_in_limits WHERE key = ?'),
      appendAudit: db.prepare(
        'INSERT INTO console_audit (at, actor, action, subject, address, detail) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      listAudit: db.prepare('SELECT * FROM console_audit ORDER BY id DESC LIMIT ?'),
      listOffices: db.prepare('SELECT id, name FROM offices ORDER BY name, id'),
    };
  }

  async addUser(user: NewConsoleUser): Promise<void> {
    this.#sql.addUser.run(user.login, user.role, user.officeId ?? null, user.passwordHash, user.at, user.at);
  }

  async findUser(login: string): Promise<ConsoleUserRecord | undefined> {
    const row = this.#sql.findUser.get(login) as ConsoleUserRow | undefined;
    return row && consoleUserOf(row);
  }

  async listUsers(): Promise<ConsoleUserRecord[]> {
    return (this.#sql.listUsers.all() as ConsoleUserRow[]).map(consoleUserOf);
  }

  async setPassword(login: string, passwordHash: string, at: string): Promise<boolean> {
    return this.#db.transaction(() => {
      const changed = this.#sql.setPassword.run(passwordHash, at, login).changes > 0;
      this.#sql.endSessionsOf.run(login);
      return changed;
    })();
  }

  async disableUser(login: string, at: string): Promise<boolean> {
    return this.#db.transaction(() => {
      const changed = this.#sql.disable.run(at, login).changes > 0;
      this.#sql.endSessionsOf.run(login);
      return changed;
    })();
  }

  async createSession(session: ConsoleSessionRecord): Promise<void> {
    this.#sql.createSession.run(
      session.idHash,
      session.login,
      session.csrfToken,
      session.createdAt,
      session.lastSeenAt,
      session.expiresAt,
    );
  }

  async findSession(idHash: string): Promise<{ session: ConsoleSessionRecord; user: ConsoleUserRecord } | undefined> {
    const row = this.#sql.findSession.get(idHash) as ConsoleSessionRow | undefined;
    if (!row) return undefined;
    const user = await this.findUser(row.login);
    return user && { session: consoleSessionOf(row), user };
  }

  async touchSession(idHash: string, at: string): Promise<void> {
    this.#sql.touchSession.run(at, idHash);
  }

  async deleteSession(idHash: string): Promise<void> {
    this.#sql.deleteSession.run(idHash);
  }

  async pruneSessions(idleBefore: string, now: string): Promise<number> {
    return this.#sql.pruneSessions.run(idleBefore, now).changes;
  }

  async findLimit(key: string): Promise<SignInLimitRecord | undefined> {
    const row = this.#sql.findLimit.get(key) as SignInLimitRow | undefined;
    return row && signInLimitOf(row);
  }

  async countFailure(key: string, at: string, forgetBefore: string): Promise<number> {
    const row = this.#sql.countFailure.get({ key, at, forgetBefore }) as { failures: number };
    return row.failures;
  }

  async lockUntil(key: string, until: string): Promise<void> {
    this.#sql.lockUntil.run(until, until, key);
  }

  async clearLimit(key: string): Promise<void> {
    this.#sql.clearLimit.run(key);
  }

  async appendAudit(entry: ConsoleAuditEntry): Promise<void> {
    this.#sql.appendAudit.run(
      entry.at,
      entry.actor,
      entry.action,
      entry.subject,
      entry.address ?? null,
      JSON.stringify(entry.detail),
    );
  }

  async listAudit(limit: number): Promise<ConsoleAuditEntry[]> {
    return (this.#sql.listAudit.all(limit) as ConsoleAuditRow[]).map(consoleAuditOf);
  }

  async listOffices(): Promise<{ id: string; name: string }[]> {
    return this.#sql.listOffices.all() as { id: string; name: string }[];
  }
}
