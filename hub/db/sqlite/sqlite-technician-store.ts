import type Database from 'better-sqlite3';
import type { TechnicianAuditEntry } from '../../../kiosk-config/src/hub/technician-audit';
import {
  type IssuedTechnicianToken,
  type StoredTechnicianAudit,
  TECHNICIAN_AUDIT_LIMIT,
  TECHNICIAN_TOKEN_LIST_LIMIT,
  type TechnicianStore,
} from '../../technician/technician-store';
import {
  issuedTechnicianTokenOf,
  storedTechnicianAuditOf,
  type TechnicianAuditRow,
  type TechnicianTokenRow,
  technicianAuditValues,
} from '../technician-rows';

/** `TechnicianStore` on the hub's SQLite file (migration 0014). */
export class SqliteTechnicianStore implements TechnicianStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  async insertToken(token: IssuedTechnicianToken): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO technician_tokens (nonce, person, scope_kind, scope_id, issued_at, expires_at, issuer)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(token.nonce, token.person, token.scope.kind, token.scope.id, token.issuedAt, token.expiresAt, token.issuer);
  }

  async listTokens(limit = TECHNICIAN_TOKEN_LIST_LIMIT): Promise<IssuedTechnicianToken[]> {
    const rows = this.#db
      .prepare('SELECT * FROM technician_tokens ORDER BY issued_at DESC LIMIT ?')
      .all(limit) as TechnicianTokenRow[];
    return rows.map(issuedTechnicianTokenOf);
  }

  async appendAudit(
    kioskId: string,
    items: readonly { id: string; entry: TechnicianAuditEntry }[],
    receivedAt: string,
  ): Promise<void> {
    const insert = this.#db.prepare(
      `INSERT OR IGNORE INTO technician_audit
         (kiosk_id, item_id, at, event, person, method, action, reason, detail_json, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#db.transaction(() => {
      for (const { id, entry } of items) insert.run(kioskId, id, ...technicianAuditValues(entry, receivedAt));
    })();
  }

  async auditOfKiosk(kioskId: string, limit = TECHNICIAN_AUDIT_LIMIT): Promise<StoredTechnicianAudit[]> {
    const rows = this.#db
      .prepare('SELECT * FROM technician_audit WHERE kiosk_id = ? ORDER BY seq DESC LIMIT ?')
      .all(kioskId, limit) as TechnicianAuditRow[];
    return rows.map(storedTechnicianAuditOf);
  }
}
