import { z } from 'zod';
import { TechnicianSignInMethod } from '../contract/technician/technician-state';

/** The outbox kind of the technician mode's audit (docs/operations/technician/access.md). */
export const TECHNICIAN_AUDIT_OUTBOX_KIND = 'technician.audit';

/** What an audit line tells: a sign-in (or a refused one), an action in the mode, the mode's end. */
export const TechnicianAuditEvent = z.enum(['entry', 'entry_refused', 'action', 'exit']);
export type TechnicianAuditEvent = z.infer<typeof TechnicianAuditEvent>;

const Code = z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/);

/**
 * One line of the technician audit, sent to the hub through the outbox and shown on the kiosk's
 * console page. Never a PIN, a token's text or visitor data: a person's name (as the hub signed
 * it, or «Техник (PIN)»), codes, and a small detail of plain values.
 */
export const TechnicianAuditEntry = z
  .object({
    at: z.iso.datetime({ offset: true }),
    event: TechnicianAuditEvent,
    person: z.string().min(1).max(80).optional(),
    method: TechnicianSignInMethod.optional(),
    /** The action's code (`device.test_print`, `settings.saved`): events `action` only. */
    action: Code.optional(),
    /** Why a sign-in was refused or the mode ended (`expired`, `wrong_pin`, `idle`, `exit`). */
    reason: z
      .string()
      .regex(/^[a-z_]{1,40}$/)
      .optional(),
    detail: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/), z.union([z.string().max(120), z.number(), z.boolean()]))
      .refine((detail) => Object.keys(detail).length <= 12, 'at most 12 values')
      .optional(),
  })
  .strict();
export type TechnicianAuditEntry = z.infer<typeof TechnicianAuditEntry>;
