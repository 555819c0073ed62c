import type { ConsoleRole } from './console-roles';

/**
 * The console's own storage (SQLite migration 0012, PostgreSQL migration 5): users, sessions,
 * sign-in counters, audit. Each method is one statement or one transaction, so several hub
 * instances on one database share the sessions and the counters. Checked by
 * `console-store.contract.ts` against both stores.
 */
export interface ConsoleStore {
  addUser(user: NewConsoleUser): Promise<void>;
  findUser(login: string): Promise<ConsoleUserRecord | undefined>;
  listUsers(): Promise<ConsoleUserRecord[]>;
  /** Sets a new hash and ends every session of the user; false when there is no such user. */
  setPassword(login: string, passwordHash: string, at: string): Promise<boolean>;
  /** Disables the user and ends their sessions; false when there is no such user. */
  disableUser(login: string, at: string): Promise<boolean>;

  createSession(session: ConsoleSessionRecord): Promise<void>;
  /** A session with its user, by the hash of its id. */
  findSession(idHash: string): Promise<{ session: ConsoleSessionRecord; user: ConsoleUserRecord } | undefined>;
  touchSession(idHash: string, at: string): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  /** Deletes sessions past their idle or absolute end; returns how many. */
  pruneSessions(idleBefore: string, now: string): Promise<number>;

  findLimit(key: string): Promise<SignInLimitRecord | undefined>;
  /**
   * Counts one more failed sign-in of `key` at `at` in one atomic step, so two hub instances
   * counting the same key add up; a count whose last failure is before `forgetBefore` starts
   * afresh (its lock-out gone). Returns the count after this failure.
   */
  countFailure(key: string, at: string, forgetBefore: string): Promise<number>;
  /** Locks `key` out until `until`, never shortening a later lock-out already stored. */
  lockUntil(key: string, until: string): Promise<void>;
  clearLimit(key: string): Promise<void>;

  appendAudit(entry: ConsoleAuditEntry): Promise<void>;
  /** The newest first. */
  listAudit(limit: number): Promise<ConsoleAuditEntry[]>;

  /** Every office's id and name, by name. */
  listOffices(): Promise<{ id: string; name: string }[]>;
}

/** A user to add. */
export interface NewConsoleUser {
  login: string;
  role: ConsoleRole;
  officeId?: string;
  passwordHash: string;
  at: string;
}

/** A console user as stored. */
export interface ConsoleUserRecord {
  login: string;
  role: ConsoleRole;
  officeId?: string;
  passwordHash: string;
  createdAt: string;
  passwordChangedAt: string;
  disabledAt?: string;
}

/** A server-side session; the cookie holds the id, the table only its SHA-256. */
export interface ConsoleSessionRecord {
  idHash: string;
  login: string;
  /** The synchronizer token every POST of this session must carry. */
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  /** The absolute end, whatever the activity. */
  expiresAt: string;
}

/** Failed sign-ins of one user or one address, and the lock-out they earned. */
export interface SignInLimitRecord {
  key: string;
  failures: number;
  lastFailureAt: string;
  lockedUntil?: string;
}

/** One line of the console's audit: who did what to what; never a password or a session id. */
export interface ConsoleAuditEntry {
  at: string;
  /** The login, or `-` for an unknown one (the typed name is not kept: it may be a password). */
  actor: string;
  /** e.g. `sign_in`, `sign_in_failed`, `sign_out`, `alert_acknowledged`, `denied`. */
  action: string;
  subject: string;
  address?: string;
  detail: Record<string, string | number | boolean>;
}
