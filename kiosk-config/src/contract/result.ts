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
  /** A technician call without a signed-in technician (the mode ended, or it was never entered). */
  'technician_required',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** An expected fault: a code for programs, a short message for logs (never personal data). */
export const KioskError = z.object({
  code: ErrorCode,
  message: z.string().max(500),
});
export type KioskError = z.infer<typeof KioskError>;

/**
 * An expected fault of any boundary (the KioskApi, the hub's HTTP answers, the hub client): a
 * code for programs, a short message for logs (never personal data), and the details a boundary
 * adds (`D`: an HTTP status, when to try again).
 */
export type Failure<C extends string = ErrorCode, D extends object = NoDetails> = { code: C; message: string } & D;

/** No details beyond the code and the message. */
export type NoDetails = Record<never, never>;

/**
 * The one result shape of the codebase: the value, or an expected fault with a typed `code`.
 * `Result<T>` is a KioskApi call's answer; other boundaries name their codes
 * (`Result<T, HubFailureCode, …>`).
 */
export type Result<T, C extends string = ErrorCode, D extends object = NoDetails> =
  | { ok: true; value: T }
  | { ok: false; error: Failure<C, D> };

/** Builds the zod schema of `Result<T>` for a value schema. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: KioskError }),
  ]);
}

/** A successful result. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** A failed result: an expected fault with its code, message and any details of its boundary. */
export function fail<C extends string = ErrorCode>(code: C, message: string): { ok: false; error: Failure<C> };
export function fail<C extends string, D extends object>(
  code: C,
  message: string,
  details: D,
): { ok: false; error: Failure<C, D> };
export function fail<C extends string, D extends object>(
  code: C,
  message: string,
  details?: D,
): { ok: false; error: Failure<C, D | NoDetails> } {
  return { ok: false, error: { code, message, ...details } };
}
