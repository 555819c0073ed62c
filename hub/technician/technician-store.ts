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

/** How many tokens `listTokens` answers unless told. */
export const TECHNICIAN_TOKEN_LIST_LIMIT = 50;
/** How many audit lines `auditOfKiosk` answers unless told. */
export const TECHNICIAN_AUDIT_LIMIT = 30;

/**
 * The technician tokens issued and the kiosks' technician audit (SQLite migration 0014,
 * PostgreSQL migration 5). Checked by `technician-store.contract.ts` against both stores.
 */
export interface TechnicianStore {
  insertToken(token: IssuedTechnicianToken): Promise<void>;
  /** The tokens issued, newest first (`TECHNICIAN_TOKEN_LIST_LIMIT` unless told). */
  listTokens(limit?: number): Promise<IssuedTechnicianToken[]>;
  /**
   * Stores a kiosk's audit lines in one transaction; an item id stored already is skipped (the
   * outbox may resend, to any hub instance).
   */
  appendAudit(
    kioskId: string,
    items: readonly { id: string; entry: TechnicianAuditEntry }[],
    receivedAt: string,
  ): Promise<void>;
  /** A kiosk's last audit lines, newest first (`TECHNICIAN_AUDIT_LIMIT` unless told). */
  auditOfKiosk(kioskId: string, limit?: number): Promise<StoredTechnicianAudit[]>;
}
