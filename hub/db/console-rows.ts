import type { ConsoleRole } from '../console/console-roles';
import type {
  ConsoleAuditEntry,
  ConsoleSessionRecord,
  ConsoleUserRecord,
  SignInLimitRecord,
} from '../console/console-store';
import { withOptional } from './store-rows';

/* The console's rows as both stores keep them (the same column names in SQLite and PostgreSQL), and the records made of them. */

/** A row of `console_users`. */
export interface ConsoleUserRow {
  login: string;
  role: ConsoleRole;
  office_id: string | null;
  password_hash: string;
  created_at: string;
  password_changed_at: string;
  disabled_at: string | null;
}

/** A row of `console_sessions`. */
export interface ConsoleSessionRow {
  id_hash: string;
  login: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** A row of `console_sign_in_limits`. */
export interface SignInLimitRow {
  key: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

/** A row of `console_audit`; `detail` is the JSON text. */
export interface ConsoleAuditRow {
  at: string;
  actor: string;
  action: string;
  subject: string;
  address: string | null;
  detail: string;
}

export function consoleUserOf(row: ConsoleUserRow): ConsoleUserRecord {
  return withOptional<ConsoleUserRecord>(
    {
      login: row.login,
      role: row.role,
      passwordHash: row.password_hash,
      createdAt: row.created_at,
      passwordChangedAt: row.password_changed_at,
    },
    { officeId: row.office_id, disabledAt: row.disabled_at },
  );
}

export function consoleSessionOf(row: ConsoleSessionRow): ConsoleSessionRecord {
  return {
    idHash: row.id_hash,
    login: row.login,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}

export function signInLimitOf(row: SignInLimitRow): SignInLimitRecord {
  return withOptional<SignInLimitRecord>(
    // PostgreSQL's integer arrives as a number; Number() keeps both stores alike if it ever widens.
    { key: row.key, failures: Number(row.failures), lastFailureAt: row.last_failure_at },
    { lockedUntil: row.locked_until },
  );
}

export function consoleAuditOf(row: ConsoleAuditRow): ConsoleAuditEntry {
  return withOptional<ConsoleAuditEntry>(
    {
      at: row.at,
      actor: row.actor,
      action: row.action,
      subject: row.subject,
      detail: JSON.parse(row.detail) as ConsoleAuditEntry['detail'],
    },
    { address: row.address },
  );
}
