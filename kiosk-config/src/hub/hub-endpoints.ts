import { z } from 'zod';
import { ContentAssignment } from '../content/content-assignment';
import { HeartbeatAnswer, HeartbeatRequest } from './fleet-health';
import { HelpCallbackAnswer, HelpCallbackBody, HelpRequestAnswer, HelpRequestBody } from './help-api';
import {
  EnrollAnswer,
  EnrollRequest,
  HubError,
  OutboxPostRequest,
  OutboxPostResponse,
  StatusLookupRequest,
  StatusLookupResponse,
} from './hub-api';
import { OfficeLoadIndex, OfficeLoadView, PublicOfficeParams } from './office-load-api';
import { OperatorQueueView } from './operator-api';
import {
  ChargeResolveRequest,
  ChargeResolveResponse,
  EndOfDayReport,
  PaymentReport,
  PaymentReportResponse,
  PaymentsDailyReport,
  PaymentsReportParams,
  PaymentsReportQuery,
  Reconciliation,
} from './payments-api';
import {
  CallNextRequest,
  CallNextResponse,
  CheckInRequest,
  CheckInResponse,
  FinishTicketRequest,
  FinishTicketResponse,
  FollowView,
  KioskSetup,
  TicketId,
  TicketIssueRequest,
  TicketIssueResponse,
} from './queue-api';
import { ratingEndpoints } from './rating-api';
import {
  CommandAttachmentAnswer,
  CommandAttachmentUpload,
  KioskCommandsResponse,
  TechnicianBundleUpload,
} from './remote-commands';

/**
 * Who may call an endpoint: a kiosk (`Authorization: Bearer <credential>` and `X-Okno-Kiosk`),
 * an office's operator (`Authorization: Bearer <operator token>`), or anyone. Admins act
 * through the hub's CLI, not over HTTP.
 */
export type HubAuthKind = 'kiosk' | 'operator' | 'none';

/**
 * The per-kiosk (and, for some, per-office) limit an endpoint counts against, checked after
 * authentication and validation, before the handler (429 with Retry-After). Limits keyed
 * otherwise (enrollment per address, status lookups per number, the outbox's backlog) are the
 * handler's own.
 */
export type HubRateLimit = 'ticket' | 'check-in' | 'charge lookup' | 'help' | 'call-back';

/** One endpoint of the hub: everything both ends and the OpenAPI document need to know. */
export interface HubEndpoint {
  readonly method: 'GET' | 'POST';
  /** Fastify's syntax: `/v1/follow/:token`. */
  readonly path: string;
  readonly auth: HubAuthKind;
  readonly params?: z.ZodType;
  readonly querystring?: z.ZodType;
  /** The JSON body (POST only). */
  readonly body?: z.ZodType;
  /** The JSON answers by HTTP status; none for a page answered as HTML. */
  readonly responses?: Readonly<Record<number, z.ZodType>>;
  readonly rateLimit?: HubRateLimit;
  /** OpenAPI. */
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
}

// Any string: a malformed token is answered like an unknown one (404), not with a schema error.
const TokenParams = z.object({ token: z.string() }).strict();
const OfficeParams = z.object({ officeId: z.string().min(1).max(64) }).strict();
const TicketParams = z.object({ ticketId: TicketId }).strict();

/** The hub's readiness answer (`GET /readyz`). */
export const ReadyResponse = z.object({ status: z.literal('ready') }).strict();
/** The hub's liveness answer (`GET /healthz`). */
export const HealthResponse = z.object({ status: z.literal('ok') }).strict();

/**
 * Every endpoint of the hub, by name: the one place a new endpoint is declared. The hub
 * registers its routes from it (`hub/server/routes/register-endpoint.ts`: method, path,
 * schemas, authentication, rate limit), the OpenAPI document follows, and the kiosk's
 * `HubClient` types its calls by endpoint name. Error answers are `HubError`.
 */
export const hubEndpoints = {
  healthz: {
    method: 'GET',
    path: '/healthz',
    auth: 'none',
    responses: { 200: HealthResponse },
    summary: 'Liveness',
    tags: ['health'],
  },
  readyz: {
    method: 'GET',
    path: '/readyz',
    auth: 'none',
    responses: { 200: ReadyResponse, 503: HubError },
    summary: 'Readiness',
    description: '503 while the hub shuts down or cannot reach its database.',
    tags: ['health'],
  },
  enroll: {
    method: 'POST',
    path: '/v1/kiosks/enroll',
    auth: 'none',
    body: EnrollRequest,
    responses: { 200: EnrollAnswer, 400: HubError, 401: HubError, 429: HubError },
    summary: 'Enroll a kiosk',
    description:
      'Exchanges a one-time enrollment code (created with the admin CLI for this kiosk id) for the kiosk ' +
      'credential, shown once; the hub keeps only its hash. A fleet token with a requestSecret files a ' +
      'request an admin approves: the answer is `pending` until then, and the credential once approved. ' +
      'An enrolled kiosk id is refused until an admin revokes it.',
    tags: ['kiosks'],
  },
  statusLookup: {
    method: 'POST',
    path: '/v1/status/lookup',
    auth: 'kiosk',
    body: StatusLookupRequest,
    responses: { 200: StatusLookupResponse, 400: HubError, 401: HubError, 429: HubError },
    summary: 'Look up an application status',
    description:
      'By application number: after upper-casing, removing spaces and, in a known format, replacing ' +
      'look-alike characters (Cyrillic Р for Latin P, the letter О for 0), 4 to 48 capitals (Cyrillic or Latin), ' +
      'digits and `-` `/` `_` `.`, starting with a letter or digit (e.g. `КУВД-001/2021-3670443`). Some regions ' +
      'ask for a second factor. Rate limited per kiosk and per number; 429 carries Retry-After.',
    tags: ['status'],
  },
  postOutbox: {
    method: 'POST',
    path: '/v1/outbox',
    auth: 'kiosk',
    body: OutboxPostRequest,
    responses: { 200: OutboxPostResponse, 400: HubError, 401: HubError, 429: HubError },
    summary: 'Deliver outbox items',
    description:
      'A batch of up to 500 items, stored in order per kiosk. Items already stored (same id from the same ' +
      'kiosk) come back in `duplicates` and are not stored again. Only known kinds, each with its strict ' +
      'payload schema and byte cap (400 names the first item refused); what a kiosk stores per window is ' +
      'capped (429 with Retry-After).',
    tags: ['outbox'],
  },
  heartbeat: {
    method: 'POST',
    path: '/v1/kiosks/heartbeat',
    auth: 'kiosk',
    body: HeartbeatRequest,
    responses: { 200: HeartbeatAnswer, 400: HubError, 401: HubError },
    summary: "A kiosk's heartbeat (fleet health)",
    description:
      'Every 60 s by default. The whole health state with its hash when it changed since the last heartbeat ' +
      'the hub accepted, else `{"unchanged": hash}`: the hub then only marks the kiosk seen (`seen`), or asks ' +
      'for the whole state (`resend`) when it does not know that hash. Changes also travel at once through the ' +
      'outbox (`health.changed`). `hubTime` lets the kiosk measure its clock offset. docs/operations/fleet.md.',
    tags: ['fleet'],
  },
  kioskSetup: {
    method: 'GET',
    path: '/v1/kiosk/setup',
    auth: 'kiosk',
    responses: { 200: KioskSetup, 401: HubError, 404: HubError },
    summary: "The kiosk's queue setup",
    description:
      "The office, its time zone and catalogue, the kiosk's offline tag (assigned at the first call), the " +
      'base of follow links and the booking check-in window. 404 while the office has no catalogue.',
    tags: ['queue'],
  },
  issueTicket: {
    method: 'POST',
    path: '/v1/tickets',
    auth: 'kiosk',
    body: TicketIssueRequest,
    responses: { 200: TicketIssueResponse, 400: HubError, 401: HubError, 429: HubError },
    rateLimit: 'ticket',
    summary: 'Issue a walk-in ticket',
    description:
      "The next number of the service's queue for the office day (`А-001`…`А-999`). Idempotent by `ticketId`: " +
      'a retry gets the same ticket (with a fresh follow link). Outcomes other than `issued`: `closed` (with ' +
      '`opensAt`), `booking_required`, `unknown_service`, `numbers_exhausted`. Rate limited per kiosk and per ' +
      'office (429 with Retry-After).',
    tags: ['queue'],
  },
  checkIn: {
    method: 'POST',
    path: '/v1/bookings/check-in',
    auth: 'kiosk',
    body: CheckInRequest,
    responses: { 200: CheckInResponse, 400: HubError, 401: HubError, 429: HubError, 503: HubError },
    rateLimit: 'check-in',
    summary: 'Check in a booking',
    description:
      'Exchanges a booking code for a priority ticket, from `earlyMinutes` before the slot to `lateMinutes` ' +
      "after it (both inclusive). Idempotent by `ticketId`. 503 when the queue's numbers for the day are used up. " +
      'Rate limited per kiosk and per office; after too many wrong codes (`not_found`) from one kiosk its ' +
      'check-ins are refused for a while (429 with Retry-After) and the hub logs a warning.',
    tags: ['queue'],
  },
  recordPayment: {
    method: 'POST',
    path: '/v1/payments',
    auth: 'kiosk',
    body: PaymentReport,
    responses: { 200: PaymentReportResponse, 400: HubError, 401: HubError },
    summary: "Record a payment's state",
    description:
      'Idempotent by `paymentId`. The hub keeps the furthest state (created < authorising < unknown < ' +
      'authorised < delivering < delivered < reversing < final < needs_attention < resolved) and, within one ' +
      'state, the latest `updatedAt`: an older report answers `stale` and changes nothing. Amounts in kopecks; ' +
      "no card data beyond the last four digits. A record that does not match the office's fee or the УИН's " +
      'charge is stored disputed (the answer does not say so), kept out of every total and raised to staff.',
    tags: ['payments'],
  },
  resolveCharge: {
    method: 'POST',
    path: '/v1/charges/resolve',
    auth: 'kiosk',
    body: ChargeResolveRequest,
    responses: { 200: ChargeResolveResponse, 400: HubError, 401: HubError, 429: HubError },
    rateLimit: 'charge lookup',
    summary: 'Resolve a charge by its УИН',
    description:
      'The УИН is 20 or 25 digits with its check digit (Приказ Минфина 107н); spaces and dashes are ' +
      'ignored. `already_paid` when a kiosk payment of it was delivered, or the register says it is paid. ' +
      'Rate limited per kiosk and per office (429 with Retry-After).',
    tags: ['payments'],
  },
  endOfDay: {
    method: 'POST',
    path: '/v1/payments/end-of-day',
    auth: 'kiosk',
    body: EndOfDayReport,
    responses: { 200: Reconciliation, 400: HubError, 401: HubError },
    summary: "Reconcile a terminal's end of day",
    description:
      "The terminal's totals are compared with this kiosk's committed payments not counted before, created " +
      'up to `closedAt`; those are then counted by this reconciliation. Idempotent by `id`.',
    tags: ['payments'],
  },
  paymentsReport: {
    method: 'GET',
    path: '/v1/operator/offices/:officeId/payments/report',
    auth: 'operator',
    params: PaymentsReportParams,
    querystring: PaymentsReportQuery,
    responses: { 200: PaymentsDailyReport, 400: HubError, 401: HubError },
    summary: "An office's payments of one day",
    description:
      'Money taken (committed), released (reversed), refusals, what is pending or waits for a person, each ' +
      "payment (no card data beyond the last four digits) and the day's reconciliations. The day is the " +
      "hub's time zone's.",
    tags: ['operator', 'payments'],
  },
  callNext: {
    method: 'POST',
    path: '/v1/operator/call-next',
    auth: 'operator',
    body: CallNextRequest,
    responses: { 200: CallNextResponse, 400: HubError, 401: HubError, 404: HubError },
    summary: 'Call the next visitor to a window',
    description:
      'Booked visitors first, then by the time of issue, among `prefixes` (all queues when absent). The ' +
      "window's previously called ticket, if still called, becomes served first.",
    tags: ['operator'],
  },
  finishTicket: {
    method: 'POST',
    path: '/v1/operator/tickets/:ticketId/finish',
    auth: 'operator',
    params: TicketParams,
    body: FinishTicketRequest,
    responses: { 200: FinishTicketResponse, 400: HubError, 401: HubError, 404: HubError },
    summary: 'Finish a called ticket',
    description:
      '`served` or `no_show`. A finished ticket stays as it is (the answer gives its state); a ticket not ' +
      'called yet is a 400.',
    tags: ['operator'],
  },
  operatorQueue: {
    method: 'GET',
    path: '/v1/operator/offices/:officeId/queue',
    auth: 'operator',
    params: OfficeParams,
    responses: { 200: OperatorQueueView, 400: HubError, 401: HubError, 404: HubError },
    summary: "Today's queue of an office",
    description: 'Waiting tickets in call order and the called ones: numbers and services only.',
    tags: ['operator'],
  },
  followPage: {
    method: 'GET',
    path: '/q/:token',
    auth: 'none',
    params: TokenParams,
    summary: 'Follow page (HTML)',
    description:
      'A small page in Russian: the number, the state (waiting, called to window N, served), people ahead ' +
      'and the wait range; reloads itself every 30 s. 404 page for an unknown token or a past day; ' +
      'for an offline ticket its kiosk has not delivered yet (a token `o_…`), a page saying so that ' +
      'reloads itself every 5 s.',
    tags: ['follow'],
  },
  follow: {
    method: 'GET',
    path: '/v1/follow/:token',
    auth: 'none',
    params: TokenParams,
    responses: { 200: FollowView, 404: HubError },
    summary: 'Follow a ticket (JSON)',
    description: 'What the follow page shows, as data. 404 for an unknown token or a ticket of a past day.',
    tags: ['follow'],
  },
  officesPage: {
    method: 'GET',
    path: '/offices',
    auth: 'none',
    summary: 'Offices with a queue (HTML)',
    description:
      'A small page in Russian listing the offices whose queue the hub runs, each linking to its load page. ' +
      'Cached briefly (ETag, 304); rate limited per client address (429 page with Retry-After).',
    tags: ['public'],
  },
  officePage: {
    method: 'GET',
    path: '/offices/:officeId',
    auth: 'none',
    params: PublicOfficeParams,
    summary: "An office's queue load (HTML)",
    description:
      'People waiting per queue, windows open, the wait range for a walk-in now, and the usual busy hours of ' +
      'this weekday (tickets per hour over the same weekday of the last 4 weeks). No personal data, not even ' +
      'ticket numbers; no script (strict CSP); reloads itself every 60 s. Cached 30 s (ETag, 304); rate limited ' +
      'per client address (429 page with Retry-After); 404 page for an unknown office.',
    tags: ['public'],
  },
  officesLoad: {
    method: 'GET',
    path: '/v1/offices',
    auth: 'none',
    responses: { 200: OfficeLoadIndex, 429: HubError },
    summary: 'Offices with a queue (JSON)',
    description:
      "For the region's portal: each office with the addresses of its page and its load. ETag; 304 to If-None-Match.",
    tags: ['public'],
  },
  officeLoad: {
    method: 'GET',
    path: '/v1/offices/:officeId/load',
    auth: 'none',
    params: PublicOfficeParams,
    responses: { 200: OfficeLoadView, 404: HubError, 429: HubError },
    summary: "An office's queue load (JSON)",
    description:
      "What the office page shows, as data, for the region's portal. Counts and catalogue names only. Cached 30 s; " +
      'ETag, 304 to If-None-Match; rate limited per client address (429 with Retry-After).',
    tags: ['public'],
  },
  contentMetadata: {
    method: 'GET',
    path: '/v1/content/metadata/:name',
    auth: 'kiosk',
    params: z.object({ name: z.string().max(64) }).strict(),
    responses: { 401: HubError, 404: HubError },
    summary: 'A TUF metadata file of the content channel',
    description:
      '`N.root.json`, `V.targets.json`, `V.snapshot.json` or `timestamp.json`, as signed (docs/operations/content.md). ' +
      '`timestamp.json` carries an ETag and answers 304 to a matching If-None-Match: the kiosk polls it.',
    tags: ['content'],
  },
  contentTarget: {
    method: 'GET',
    // The only targets served by name: blobs have their own route (ranges, immutable by hash).
    path: '/v1/content/targets/releases/:file',
    auth: 'kiosk',
    params: z.object({ file: z.string().max(120) }).strict(),
    responses: { 401: HubError, 404: HubError },
    summary: 'A release manifest (TUF target `releases/<id>.json`)',
    description: 'The bytes the targets role signed; the kiosk checks their length and hash before it reads them.',
    tags: ['content'],
  },
  contentBlob: {
    method: 'GET',
    path: '/v1/content/blobs/:sha256',
    auth: 'kiosk',
    params: z.object({ sha256: z.string().max(64) }).strict(),
    responses: { 401: HubError, 404: HubError, 416: HubError },
    summary: 'A content file by its sha256',
    description:
      'Immutable. `Range: bytes=N-` (or `N-M`) answers 206 with Content-Range, resuming a download; with an `If-Range` ' +
      'other than the ETag `"<sha256>"` the whole file (200); a range past the end 416.',
    tags: ['content'],
  },
  contentAssignment: {
    method: 'GET',
    path: '/v1/content/assignment',
    auth: 'kiosk',
    responses: { 200: ContentAssignment, 401: HubError },
    summary: 'Which release this kiosk should run (the director)',
    description:
      "Its office's newest release, else its groups', else all kiosks'; a staged release only for the kiosks in " +
      'its stage (a stable hash of the kiosk id); a halted one only for the kiosks running it. ETag; 304 to If-None-Match.',
    tags: ['content'],
  },
  events: {
    method: 'GET',
    path: '/v1/events',
    auth: 'kiosk',
    // 200 is a text/event-stream, not JSON: the handler takes the reply over (no schema to serialize by).
    responses: { 401: HubError, 503: HubError },
    summary: 'Server-sent events: a nudge when this kiosk has new content or a remote command',
    description:
      '`text/event-stream`. `event: content` with `data: {"version":N}` on connecting (the release this kiosk should ' +
      'run, if any) and whenever that changes, e.g. after a publish; `event: command` with `data: {}` on connecting ' +
      'while commands wait for this kiosk and whenever one is issued (fetch `/v1/kiosk/commands`); a comment line ' +
      'every 25 s keeps proxies from closing it. Hints only: the kiosk still polls. At most 2 streams per kiosk: a ' +
      'third closes the oldest (a kiosk whose link died half-open reconnects at once). Closed when the hub shuts down.',
    tags: ['content'],
  },
  kioskCommands: {
    method: 'GET',
    path: '/v1/kiosk/commands',
    auth: 'kiosk',
    responses: { 200: KioskCommandsResponse, 401: HubError },
    summary: "This kiosk's remote commands not yet acknowledged",
    description:
      'Oldest first, at most 100; a command past its time-to-live is marked expired and not handed out. The kiosk ' +
      'polls this on a timer and at each `command` event of `/v1/events`; it checks each kind and its parameters ' +
      'against its allow-list, runs each command at most once and acknowledges it through the outbox ' +
      '(`command.ack`). docs/operations/fleet.md, "Remote commands".',
    tags: ['commands'],
  },
  commandAttachment: {
    method: 'POST',
    path: '/v1/kiosk/commands/attachment',
    auth: 'kiosk',
    body: CommandAttachmentUpload,
    responses: { 200: CommandAttachmentAnswer, 400: HubError, 401: HubError, 404: HubError },
    summary: "A command's file (compressed logs, a screenshot)",
    description:
      'Base64 in JSON, at most 600 KB decoded, for a command of this kiosk that asks for one; the sha256 must match. ' +
      'Sent before the acknowledgement; sending it again replaces nothing (`stored: false`).',
    tags: ['commands'],
  },
  technicianBundle: {
    method: 'POST',
    path: '/v1/kiosk/technician-bundle',
    auth: 'kiosk',
    body: TechnicianBundleUpload,
    responses: { 200: CommandAttachmentAnswer, 400: HubError, 401: HubError },
    summary: 'Logs and a diagnostic bundle a technician on site sends',
    description:
      'Gzip (the diagnostic record, then the log lines), at most 600 KB decoded; the sha256 must match. Filed as a ' +
      '`logs.upload` command of this kiosk issued by the technician, already done, with the file attached; the same ' +
      '`bundleId` again stores nothing (`stored: false`).',
    tags: ['commands'],
  },
  /** Rating the service (`rating-api.ts`). */
  ...ratingEndpoints,
  helpRequest: {
    method: 'POST',
    path: '/v1/help/requests',
    auth: 'kiosk',
    body: HelpRequestBody,
    responses: { 200: HelpRequestAnswer, 400: HubError, 401: HubError, 429: HubError },
    rateLimit: 'help',
    summary: '«Позвать сотрудника»: a help request to the office',
    description:
      "Shown on the office's console with the kiosk, the screen the visitor is on and the time, until staff mark it " +
      'answered; `ahead` counts the requests of the office still unanswered before it. Idempotent by `requestId`. ' +
      'Rate limited per kiosk (429 with Retry-After). docs/accessibility/help.md.',
    tags: ['help'],
  },
  helpCallback: {
    method: 'POST',
    path: '/v1/help/callbacks',
    auth: 'kiosk',
    body: HelpCallbackBody,
    responses: { 200: HelpCallbackAnswer, 400: HubError, 401: HubError, 429: HubError },
    rateLimit: 'call-back',
    summary: 'A call-back request to the call centre (offices without staff on site)',
    description:
      "Queued at the region's call centre (office `000`) with the kiosk's office and screen. The phone number is " +
      'personal data: it is never logged, and it is erased when the call is marked made, or after a day. ' +
      'Idempotent by `requestId`. `no_call_centre` when the hub has none. Rate limited per kiosk.',
    tags: ['help'],
  },
} as const satisfies Record<string, HubEndpoint>;

/** The name of a hub endpoint. */
export type HubEndpointName = keyof typeof hubEndpoints;

/** What a call of endpoint `N` sends: its body's input, or nothing for an endpoint without one. */
export type EndpointBody<N extends HubEndpointName> = (typeof hubEndpoints)[N] extends {
  body: infer B extends z.ZodType;
}
  ? z.input<B>
  : undefined;

/** The validated 200 answer of endpoint `N`. */
export type EndpointAnswer<N extends HubEndpointName> = (typeof hubEndpoints)[N] extends {
  responses: { 200: infer R extends z.ZodType };
}
  ? z.output<R>
  : never;
