import type pg from 'pg';
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
import { inTransaction } from './postgres-transaction';

/**
 * `TechnicianStore` on PostgreSQL (migration 5). Takes a pool on a migrated database and never
 * ends it (the hub owns it).
 */
export class PostgresTechnicianStore implements TechnicianStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async insertToken(token: IssuedTechnicianToken): Promise<void> {
    await this.#pool.query(
      `INSERT INTO technician_tokens (nonce, person, scope_kind, scope_id, issued_at, expires_at, issuer)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [token.nonce, token.person, token.scope.kind, token.scope.id, token.issuedAt, token.expiresAt, token.issuer],
    );
  }

  async listTokens(limit = TECHNICIAN_TOKEN_LIST_LIMIT): Promise<IssuedTechnicianToken[]> {
    const { rows } = await this.#pool.query<TechnicianTokenRow>(
      'SELECT * FROM technician_tokens ORDER BY issued_at DESC LIMIT $1',
      [limit],
    );
    return rows.map(issuedTechnicianTokenOf);
  }

  async appendAudit(
    kioskId: string,
    items: readonly { id: string; entry: TechnicianAuditEntry }[],
    receivedAt: string,
  ): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      for (const { id, entry } of items) {
        // The unique item id: a resend reaching another instance at the same moment waits, then is skipped.
        await client.query(
          `INSERT INTO technician_audit
             (kiosk_id, item_id, at, event, person, method, action, reason, detail_json, received_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (item_id) DO NOTHING`,
          [kioskId, id, ...technicianAuditValues(entry, receivedAt)],
        );
      }
    });
  }

  async auditOfKiosk(kioskId: string, limit = TECHNICIAN_AUDIT_LIMIT): Promise<StoredTechnicianAudit[]> {
    const { rows } = await this.#pool.query<TechnicianAuditRow>(
      `SELECT kiosk_id, at, event, person, method, action, reason, detail_json::text AS detail_json, received_at
       FROM technician_audit WHERE kiosk_id = $1 ORDER BY seq DESC LIMIT $2`,
      [kioskId, limit],
    );
    return rows.map(storedTechnicianAuditOf);
  }
}
