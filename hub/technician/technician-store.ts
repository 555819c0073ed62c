import type Database from 'better-sqlite3';
import type { TechnicianAuditEntry } from '../../kiosk-config/src/hub/technician-audit';

/** A token the hub signed, as it keeps it (never the token's text). */
export interface IssuedTechnicianToken {
  readonly nonce: string;
  readonly person: string;
  readonly scope: { readonly kind: 'kiosk' | 'office'; readonly id: string };
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly issuer: string;
}

/** One stored line of a kiosk's technician audit. */
export interface StoredTechnicianAudit extends TechnicianAuditEntry {
  readonly kioskId: string;
  readonly receivedAt: string;
}

interface TokenRow {
  nonce: string;
  person: string;
  scope_kind: 'kiosk' | 'office';
  scope_id: string;
  issued_at: string;
  expires_at: string;
  issuer: string;
}

interface AuditRow {
  kiosk_id: string;
  at: string;
  event: TechnicianAuditEntry['event'];
  person: string | null;
  method: 'qr' | 'pin' | null;
  action: string | null;
  reason: string | null;
  detail_json: string | null;
  received_at: string;
}

function auditOf(row: AuditRow): StoredTechnicianAudit {
  return {
    kioskId: row.kiosk_id,
    at: row.at,
    event: row.event,
    ...(row.person === null ? {} : { person: row.person }),
    ...(row.method === null ? {} : { method: row.method }),
    ...(row.action === null ? {} : { action: row.action }),
    ...(row.reason === null ? {} : { reason: row.reason }),
    ...(row.detail_json === null ? {} : { detail: JSON.parse(row.detail_json) as TechnicianAuditEntry['detail'] }),
    receivedAt: row.received_at,
  };
}

/** The technician tokens issued and the kiosks' technician audit (migration 0014). Synchronous: better-sqlite3. */
export class SqliteTechnicianStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  insertToken(token: IssuedTechnicianToken): void {
    this.#db
      .prepare(
        `INSERT INTO technician_tokens (nonce, person, scope_kind, scope_id, issued_at, expires_at, issuer)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(token.nonce, token.person, token.scope.kind, token.scope.id, token.issuedAt, token.expiresAt, token.issuer);
  }

  /** The tokens issued, newest first. */
  listTokens(limit = 50): IssuedTechnicianToken[] {
    const rows = this.#db
      .prepare('SELECT * FROM technician_tokens ORDER BY issued_at DESC LIMIT ?')
      .all(limit) as TokenRow[];
    return rows.map((row) => ({
      nonce: row.nonce,
      person: row.person,
      scope: { kind: row.scope_kind, id: row.scope_id },
      issuedAt: row.issued_at,
      expiresAt: row.expires_at,
      issuer: row.issuer,
    }));
  }

  /** Stores a kiosk's audit lines (an item id stored already is skipped: the outbox may resend). */
  appendAudit(
    kioskId: string,
    items: readonly { id: string; entry: TechnicianAuditEntry }[],
    receivedAt: string,
  ): void {
    const insert = this.#db.prepare(
      `INSERT OR IGNORE INTO technician_audit
         (kiosk_id, item_id, at, event, person, method, action, reason, detail_json, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#db.transaction(() => {
      for (const { id, entry } of items) {
        insert.run(
          kioskId,
          id,
          entry.at,
          entry.event,
          entry.person ?? null,
          entry.method ?? null,
          entry.action ?? null,
          entry.reason ?? null,
          entry.detail === undefined ? null : JSON.stringify(entry.detail),
          receivedAt,
        );
      }
    })();
  }

  /** A kiosk's last audit lines, newest first. */
  auditOfKiosk(kioskId: string, limit = 30): StoredTechnicianAudit[] {
    const rows = this.#db
      .prepare('SELECT * FROM technician_audit WHERE kiosk_id = ? ORDER BY seq DESC LIMIT ?')
      .all(kioskId, limit) as AuditRow[];
    return rows.map(auditOf);
  }
}
