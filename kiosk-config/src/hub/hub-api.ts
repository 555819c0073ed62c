import { z } from 'zod';
import { ApplicationNumber } from './application-number';

/**
 * The hub's HTTP API as zod schemas, shared by the hub (validation, OpenAPI) and the kiosk's
 * hub client (typed calls, every response validated). Paths are under `/v1`.
 *
 * Authentication: every kiosk request but enrollment carries `Authorization: Bearer <credential>`
 * and `X-Okno-Kiosk: <kioskId>`; the hub keeps only a hash of each credential.
 */

/** ISO calendar date `YYYY-MM-DD`. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** The normalised statuses of an application, whatever the agency's own system calls them. */
export const ApplicationStatus = z.enum([
  'accepted',
  'in_progress',
  'awaiting_applicant',
  'ready_for_pickup',
  'issued',
  'refused',
  'returned_to_agency',
  'cancelled',
]);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

/** The optional second factor, switchable per region in the hub's config. */
export const SecondFactor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('filing_date'), value: IsoDate }).strict(),
  z.object({ kind: z.literal('phone_last4'), value: z.string().regex(/^\d{4}$/) }).strict(),
]);
export type SecondFactor = z.infer<typeof SecondFactor>;
export const SecondFactorKind = z.enum(['filing_date', 'phone_last4']);
export type SecondFactorKind = z.infer<typeof SecondFactorKind>;

/**
 * POST /v1/kiosks/enroll: a technician's one-time code (bound to this kiosk id), or the
 * config's fleet token with `requestSecret`: a secret the kiosk made and keeps (mode 0600) to
 * ask again about its request until an admin approves it.
 */
export const EnrollRequest = z
  .object({
    kioskId: z.string().min(1).max(64),
    enrollmentCode: z.string().min(6).max(128),
    requestSecret: z
      .string()
      .regex(/^[A-Za-z0-9_-]{32,128}$/)
      .optional(),
  })
  .strict();
/** Enrolled: the kiosk's credential. */
export const EnrollResponse = z
  .object({
    status: z.literal('enrolled'),
    kioskId: z.string(),
    /** Shown once; the hub stores only its hash. */
    credential: z.string().min(32),
    officeId: z.string(),
  })
  .strict();
/** A fleet token's request waits for an admin: ask again later with the same request secret. */
export const EnrollPendingResponse = z
  .object({
    status: z.literal('pending'),
    kioskId: z.string(),
    officeId: z.string(),
    /** What the admin approves (`approve-kiosk req-…`); not a secret. */
    requestId: z.string(),
  })
  .strict();
/** The answer of POST /v1/kiosks/enroll. */
export const EnrollAnswer = z.discriminatedUnion('status', [EnrollResponse, EnrollPendingResponse]);
export type EnrollAnswer = z.infer<typeof EnrollAnswer>;

/** POST /v1/status/lookup. */
export const StatusLookupRequest = z
  .object({
    applicationNumber: ApplicationNumber,
    secondFactor: SecondFactor.optional(),
  })
  .strict();
export type StatusLookupRequest = z.input<typeof StatusLookupRequest>;

/** What a visitor may learn about an application: no name, address or phone, ever. */
export const ApplicationStatusView = z
  .object({
    status: ApplicationStatus,
    serviceName: z.string(),
    /** Where to collect or ask. */
    office: z.object({ id: z.string(), name: z.string(), address: z.string().optional() }).strict(),
    /** The window (окно) to go to, when the office assigns one. */
    window: z.string().optional(),
    filedOn: IsoDate,
    expectedOn: IsoDate.optional(),
    /** Ready results are kept until this date, then returned to the agency. */
    storageUntil: IsoDate.optional(),
  })
  .strict();
export type ApplicationStatusView = z.infer<typeof ApplicationStatusView>;

export const StatusLookupResponse = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('found'), application: ApplicationStatusView }).strict(),
  z.object({ outcome: z.literal('not_found') }).strict(),
  /** The region asks for a second factor: which kinds are accepted. */
  z.object({ outcome: z.literal('second_factor_required'), accepted: z.array(SecondFactorKind).min(1) }).strict(),
  z.object({ outcome: z.literal('second_factor_mismatch') }).strict(),
]);
export type StatusLookupResponse = z.infer<typeof StatusLookupResponse>;

/** One thing the kiosk tells the hub (event, telemetry); `id` makes a replay harmless. */
export const OutboxItem = z
  .object({
    id: z.uuid(),
    kind: z.string().min(1).max(64),
    /** When it happened on the kiosk (ISO 8601). */
    at: z.string().max(40),
    /** Kind-specific, never personal data; bounded. */
    payload: z.record(z.string(), z.unknown()),
  })
  .strict();
export type OutboxItem = z.infer<typeof OutboxItem>;

/** POST /v1/outbox: a batch, in order. */
export const OutboxPostRequest = z.object({ items: z.array(OutboxItem).min(1).max(500) }).strict();
export const OutboxPostResponse = z
  .object({
    /** Newly stored. */
    accepted: z.array(z.string()),
    /** Already stored earlier (a replay): not stored again. */
    duplicates: z.array(z.string()),
  })
  .strict();

/**
 * Any error answer of the hub: a code for programs, a message for people; never personal data.
 * The same `{ code, message }` as a failed `Result`'s error (`contract/result.ts`).
 */
export const HubError = z
  .object({
    code: z.enum(['bad_request', 'unauthorized', 'rate_limited', 'not_found', 'internal', 'unavailable']),
    message: z.string(),
    /** With `rate_limited`: when to try again. */
    retryAfterSeconds: z.number().int().nonnegative().optional(),
  })
  .strict();
export type HubError = z.infer<typeof HubError>;
/** The code of a hub error answer. */
export type HubErrorCode = HubError['code'];
