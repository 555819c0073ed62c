import type { ConsoleRole } from './console-roles';

/**
 * The console's own storage (migration 0012): users, sessions, sign-in counters, audit.
 * Synchronous like the SQLite file behind it; each method is one statement or one transaction.
 */
export interface ConsoleStore {
  addUser(user: NewConsoleUser): void;
  findUser(login: string): ConsoleUserRecord | undefined;
  listUsers(): ConsoleUserRecord[];
  /** Sets a new hash and ends every session of the user; false when there is no such user. */
  setPassword(login: string, passwordHash: string, at: string): boolean;
  /** Disables the user and ends their sessions; false when there is no such user. */
  disableUser(login: string, at: string): boolean;

  createSession(session: ConsoleSessionRecord): void;
  /** A session with its user, by the hash of its id. */
  findSession(idHash: string): { session: ConsoleSessionRecord; user: ConsoleUserRecord } | undefined;
  touchSession(idHash: string, at: string): void;
  deleteSession(idHash: string): void;
  /** Deletes sessions past their idle or absolute end; returns how many. */
  pruneSessions(idleBefore: string, now: string): number;

  findLimit(key: string): SignInLimitRecord | undefined;
  saveLimit(record: SignInLimitRecord): void;
  clearLimit(key: string): void;

  appendAudit(entry: ConsoleAuditEntry): void;
  /** The newest first. */
  listAudit(limit: number): ConsoleAuditEntry[];

  /** Every office's id and name, by name. */
  listOffices(): { id: string; name: string }[];
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
