import type { Logger } from '../logging/logger';

/** A value an audit entry may carry: never visitor data (no application numbers, codes, card data). */
export type AuditDetail = Record<string, string | number | boolean>;

/**
 * The technician mode's audit log: every entry, action and exit, with who did it. Each page's
 * handlers record what they changed or tried (`device.test_print`, `settings.saved`, …).
 */
export interface TechnicianAudit {
  record(action: string, detail?: AuditDetail): void;
}

/**
 * The audit log as log lines only: what the core uses until the audit reaches the hub
 * (the sign-in part of the technician mode replaces it).
 */
export function loggedAudit(log: Logger): TechnicianAudit {
  return { record: (action, detail) => log.info({ audit: action, ...detail }, 'technician action') };
}
