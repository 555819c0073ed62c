import type pg from 'pg';
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
import { inTransaction } from './postgres-transaction';

/**
 * `ConsoleStore` on PostgreSQL (migration 5): the sessions and sign-in counters every hub
 * instance shares. Takes a pool on a migrated database and never ends it (the hub owns it).
 */
export class PostgresConsoleStore implements ConsoleStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async addUser(user: NewConsoleUser): Promise<void> {
    await this.#pool.query(
      `INSERT INTO console_users (login, role, office_id, password_hash, created_at, password_changed_at)
       VALUES ($1, $2, $3, $4, $5, $5)`,
      [user.login, user.role, user.officeId ?? null, user.passwordHash, user.at],
    );
  }

  async findUser(login: string): Promise<ConsoleUserRecord | undefined> {
    const { rows } = await this.#pool.query<ConsoleUserRow>('SELECT * FROM console_users WHERE login = $1', [login]);
    return rows[0] && consoleUserOf(rows[0]);
  }

  async listUsers(): Promise<ConsoleUserRecord[]> {
    const { rows } = await this.#pool.query<ConsoleUserRow>('SELECT * FROM console_users ORDER BY login COLLATE "C"');
    return rows.map(consoleUserOf);
  }

  async setPassword(login: string, passwordHash: string, at: string): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      const changed = await client.query(
        'UPDATE console_users SET password_hash = $1, password_changed_at = $2 WHERE login = $3',
        [passwordHash, at, login],
      );
      await client.query('DELETE FROM console_sessions WHERE login = $1', [login]);
      return (changed.rowCount ?? 0) > 0;
    });
  }

  async disableUser(login: string, at: string): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      const changed = await client.query(
        'UPDATE console_users SET disabled_at = coalesce(disabled_at, $1) WHERE login = $2',
        [at, login],
      );
      await client.query('DELETE FROM console_sessions WHERE login = $1', [login]);
      return (changed.rowCount ?? 0) > 0;
    });
  }

  async createSession(session: ConsoleSessionRecord): Promise<void> {
    await this.#pool.query(
      `INSERT INTO console_sessions (id_hash, login, csrf_token, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [session.idHash, session.login, session.csrfToken, session.createdAt, session.lastSeenAt, session.expiresAt],
    );
  }

  async findSession(idHash: string): Promise<{ session: ConsoleSessionRecord; user: ConsoleUserRecord } | undefined> {
    const { rows } = await this.#pool.query<ConsoleSessionRow>('SELECT * FROM console_sessions WHERE id_hash = $1', [
      idHash,
    ]);
    const row = rows[0];
    if (!row) return undefined;
    const user = await this.findUser(row.login);
    return user && { session: consoleSessionOf(row), user };
  }

  async touchSession(idHash: string, at: string): Promise<void> {
    await this.#pool.query('UPDATE console_sessions SET last_seen_at = $1 WHERE id_hash = $2', [at, idHash]);
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.#pool.query('DELETE FROM console_sessions WHERE id_hash = $1', [idHash]);
  }

  async pruneSessions(idleBefore: string, now: string): Promise<number> {
    const result = await this.#pool.query('DELETE FROM console_sessions WHERE last_seen_at < $1 OR expires_at <= $2', [
      idleBefore,
      now,
    ]);
    return result.rowCount ?? 0;
  }

  async findLimit(key: string): Promise<SignInLimitRecord | undefined> {
    const { rows } = await this.#pool.query<SignInLimitRow>('SELECT * FROM console_sign_in_limits WHERE key = $1', [
      key,
    ]);
    return rows[0] && signInLimitOf(rows[0]);
  }

  async countFailure(key: string, at: string, forgetBefore: string): Promise<number> {
    // One statement: the row is locked while it counts, so two instances' failures both count.
    const { rows } = await this.#pool.query<{ failures: number }>(
      `INSERT INTO console_sign_in_limits AS l (key, failures, last_failure_at, locked_until) VALUES ($1, 1, $2, NULL)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN l.last_failure_at <= $3 THEN 1 ELSE l.failures + 1 END,
         locked_until = CASE WHEN l.last_failure_at <= $3 THEN NULL ELSE l.locked_until END,
         last_failure_at = excluded.last_failure_at
       RETURNING failures`,
      [key, at, forgetBefore],
    );
    return Number(rows[0]?.failures);
  }

  async lockUntil(key: string, until: string): Promise<void> {
    // greatest() passes over a NULL: no lock yet takes `until`.
    await this.#pool.query(
      'UPDATE console_sign_in_limits SET locked_until = greatest(locked_until, $2) WHERE key = $1',
      [key, until],
    );
  }

  async clearLimit(key: string): Promise<void> {
    await this.#pool.query('DELETE FROM console_sign_in_limits WHERE key = $1', [key]);
  }

  async appendAudit(entry: ConsoleAuditEntry): Promise<void> {
    await this.#pool.query(
      'INSERT INTO console_audit (at, actor, action, subject, address, detail) VALUES ($1, $2, $3, $4, $5, $6)',
      [entry.at, entry.actor, entry.action, entry.subject, entry.address ?? null, JSON.stringify(entry.detail)],
    );
  }

  async listAudit(limit: number): Promise<ConsoleAuditEntry[]> {
    const { rows } = await this.#pool.query<ConsoleAuditRow>(
      'SELECT at, actor, action, subject, address, detail::text AS detail FROM console_audit ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return rows.map(consoleAuditOf);
  }

  async listOffices(): Promise<{ id: string; name: string }[]> {
    const { rows } = await this.#pool.query<{ id: string; name: string }>(
      // Byte order, as SQLite sorts, whatever the database's locale.
      'SELECT id, name FROM offices ORDER BY name COLLATE "C", id COLLATE "C"',
    );
    return rows;
  }
}
