import { z } from 'zod';

/**
 * Codes of the expected faults a call can answer with.
 *
 * Expected faults (a printer out of paper, a bad payload) are data that cross the process
 * boundary and reach the visitor as a calm sentence; bugs throw and are logged on the main side.
 */
export const ErrorCode = z.enum([
  /** The payload did not match the contract (a bug in the caller, or tampering). */
  'bad_request',
  /** The call name is not in the contract. */
  'unknown_call',
  /** The sender is not the kiosk's own window / the host's token was wrong. */
  'forbidden',
  /** The service threw: logged on the main side with details, never shown to the visitor. */
  'internal',
  /** The requested service is not in the catalogue. */
  'unknown_service',
  'printer_unavailable',
  'printer_paper_out',
  'printer_cover_open',
  'printer_error',
  /** The application number is not one (wrong characters or length). */
  'invalid_application_number',
  /** The hub cannot be reached now (offline, timeout, circuit open). */
  'hub_unreachable',
  /** Too many lookups from this kiosk or for this number: try later. */
  'rate_limited',
  /** «Распечатать» with no found application in this session. */
  'nothing_to_print',
  /** No answer came in time (the UI's transports time every call out). */
  'timeout',
  /** Outside the service's or office's working hours. */
  'office_closed',
  /** The service is by appointment only: check in with a booking code instead. */
  'booking_required',
  /** Today's numbers for this queue are used up (`А-999`), or the offline block is. */
  'numbers_exhausted',
  /** No office (A4) printer is configured, or it refused the job. */
  'office_printer_unavailable',
  /** The kiosk's disk is nearly full: it takes no new tickets or payments until a technician frees space. */
  'disk_full',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** An expected fault: a code for programs, a short message for logs (never personal data). */
export const KioskError = z.object({
  code: ErrorCode,
  message: z.string().max(500),
});
export type KioskError = z.infer<typeof KioskError>;

/** A call's answer: the value, or an expected fault. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: KioskError };

/** Builds the zod schema of `Result<T>` for a value schema. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: KioskError }),
  ]);
}

/** A successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** A failed result with an expected fault. */
export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}
