import type Database from 'better-sqlite3';
import type { ConsoleRole } from '../../console/console-roles';
import type {
  ConsoleAuditEntry,
  ConsoleSessionRecord,
  ConsoleStore,
  ConsoleUserRecord,
  NewConsoleUser,
  SignInLimitRecord,
} from '../../console/console-store';

interface UserRow {
  login: string;
  role: ConsoleRole;
  office_id: string | null;
  password_hash: string;
  created_at: string;
  password_changed_at: string;
  disabled_at: string | null;
}

interface SessionRow {
  id_hash: string;
  login: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

interface LimitRow {
  key: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

interface AuditRow {
  at: string;
  actor: string;
  action: string;
  subject: string;
  address: string | null;
  detail: string;
}

function userOf(row: UserRow): ConsoleUserRecord {
  return {
    login: row.login,
    role: row.role,
    ...(row.office_id === null ? {} : { officeId: row.office_id }),
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    passwordChangedAt: row.password_changed_at,
    ...(row.disabled_at === null ? {} : { disabledAt: row.disabled_at }),
  };
}

function sessionOf(row: SessionRow): ConsoleSessionRecord {
  return {
    idHash: row.id_hash,
    login: row.login,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}

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
      saveLimit: db.prepare(
        `INSERT INTO console_sign_in_limits (key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
           locked_until = excluded.locked_until`,
      ),
      clearLimit: db.prepare('DELETE FROM console_sign_in_limits WHERE key = ?'),
      appendAudit: db.prepare(
        'INSERT INTO console_audit (at, actor, action, subject, address, detail) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      listAudit: db.prepare('SELECT * FROM console_audit ORDER BY id DESC LIMIT ?'),
      listOffices: db.prepare('SELECT id, name FROM offices ORDER BY name, id'),
    };
  }

  addUser(user: NewConsoleUser): void {
    this.#sql.addUser.run(user.login, user.role, user.officeId ?? null, user.passwordHash, user.at, user.at);
  }

  findUser(login: string): ConsoleUserRecord | undefined {
    const row = this.#sql.findUser.get(login) as UserRow | undefined;
    return row && userOf(row);
  }

  listUsers(): ConsoleUserRecord[] {
    return (this.#sql.listUsers.all() as UserRow[]).map(userOf);
  }

  setPassword(login: string, passwordHash: string, at: string): boolean {
    return this.#db.transaction(() => {
      const changed = this.#sql.setPassword.run(passwordHash, at, login).changes > 0;
      this.#sql.endSessionsOf.run(login);
      return changed;
    })();
  }

  disableUser(login: string, at: string): boolean {
    return this.#db.transaction(() => {
      const changed = this.#sql.disable.run(at, login).changes > 0;
      this.#sql.endSessionsOf.run(login);
      return changed;
    })();
  }

  createSession(session: ConsoleSessionRecord): void {
    this.#sql.createSession.run(
      session.idHash,
      session.login,
      session.csrfToken,
      session.createdAt,
      session.lastSeenAt,
      session.expiresAt,
    );
  }

  findSession(idHash: string): { session: ConsoleSessionRecord; user: ConsoleUserRecord } | undefined {
    const row = this.#sql.findSession.get(idHash) as SessionRow | undefined;
    if (!row) return undefined;
    const user = this.findUser(row.login);
    return user && { session: sessionOf(row), user };
  }

  touchSession(idHash: string, at: string): void {
    this.#sql.touchSession.run(at, idHash);
  }

  deleteSession(idHash: string): void {
    this.#sql.deleteSession.run(idHash);
  }

  pruneSessions(idleBefore: string, now: string): number {
    return this.#sql.pruneSessions.run(idleBefore, now).changes;
  }

  findLimit(key: string): SignInLimitRecord | undefined {
    const row = this.#sql.findLimit.get(key) as LimitRow | undefined;
    if (!row) return undefined;
    return {
      key: row.key,
      failures: row.failures,
      lastFailureAt: row.last_failure_at,
      ...(row.locked_until === null ? {} : { lockedUntil: row.locked_until }),
    };
  }

  saveLimit(record: SignInLimitRecord): void {
    this.#sql.saveLimit.run(record.key, record.failures, record.lastFailureAt, record.lockedUntil ?? null);
  }

  clearLimit(key: string): void {
    this.#sql.clearLimit.run(key);
  }

  appendAudit(entry: ConsoleAuditEntry): void {
    this.#sql.appendAudit.run(
      entry.at,
      entry.actor,
      entry.action,
      entry.subject,
      entry.address ?? null,
      JSON.stringify(entry.detail),
    );
  }

  listAudit(limit: number): ConsoleAuditEntry[] {
    return (this.#sql.listAudit.all(limit) as AuditRow[]).map((row) => ({
      at: row.at,
      actor: row.actor,
      action: row.action,
      subject: row.subject,
      ...(row.address === null ? {} : { address: row.address }),
      detail: JSON.parse(row.detail) as ConsoleAuditEntry['detail'],
    }));
  }

  listOffices(): { id: string; name: string }[] {
    return this.#sql.listOffices.all() as { id: string; name: string }[];
  }
}
