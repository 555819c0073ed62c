import { z } from 'zod';

/**
 * What a visitor meets at the kiosk: `in_service`; `degraded` (part works: e.g. no printer, but
 * status lookups do); `out_of_service`; `updating` (switching its content or app).
 */
export const VisitorFacingState = z.enum(['in_service', 'degraded', 'out_of_service', 'updating']);
export type VisitorFacingState = z.infer<typeof VisitorFacingState>;

/** A short technical reason (`printer_paper_out`, `disk_full`): a code, never personal data. */
const ReasonCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,59}$/)
  .max(60);
const IsoTime = z.iso.datetime({ offset: true });

/** A device's last fault: its code and when it began. */
export const DeviceError = z.object({ code: ReasonCode, at: IsoTime }).strict();
export type DeviceError = z.infer<typeof DeviceError>;

/** The receipt printer's condition, worst first when several hold. */
export const PrinterCondition = z.enum(['offline', 'cover_open', 'paper_out', 'error', 'paper_near_end', 'ok']);
export type PrinterCondition = z.infer<typeof PrinterCondition>;

/** A scanner's or document reader's condition. */
export const ReaderCondition = z.enum(['ok', 'offline']);
export type ReaderCondition = z.infer<typeof ReaderCondition>;

/** The card terminal's condition: `not_ready` answers its status enquiry but cannot pay. */
export const TerminalCondition = z.enum(['ready', 'not_ready', 'offline']);
export type TerminalCondition = z.infer<typeof TerminalCondition>;

/** Fields every device's health has: when its condition began, its last fault. */
const DeviceCommon = {
  /** When the current condition began (the hub counts "offline for more than N minutes" from it). */
  since: IsoTime,
  lastError: DeviceError.optional(),
};

/** One device's health, by kind. */
export const DeviceHealth = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('printer'), condition: PrinterCondition, ...DeviceCommon }).strict(),
  z.object({ kind: z.literal('scanner'), condition: ReaderCondition, ...DeviceCommon }).strict(),
  z.object({ kind: z.literal('document_reader'), condition: ReaderCondition, ...DeviceCommon }).strict(),
  z
    .object({
      kind: z.literal('payment_terminal'),
      condition: TerminalCondition,
      ...DeviceCommon,
      /** When the terminal's day was last closed (end of day sent to the hub). */
      dayClosedAt: IsoTime.optional(),
    })
    .strict(),
]);
export type DeviceHealth = z.infer<typeof DeviceHealth>;

/**
 * How the kiosk's link to the hub is: `good`; `slow` (the last heartbeat took over a second);
 * `unstable` (heartbeats failed since the last one that got through).
 */
export const LinkQuality = z.enum(['good', 'slow', 'unstable']);
export type LinkQuality = z.infer<typeof LinkQuality>;

/**
 * A kiosk's health, as it reports it (heartbeat, outbox kind `health.changed`). Numbers that
 * move all the time are reported coarsely (free disk in MiB only when it moves by 5 %, the
 * backlog by order of magnitude, the clock offset in seconds only when it moves by 2 s) so an idle
 * kiosk's state does not change and its heartbeats stay "unchanged". No personal data.
 */
export const HealthState = z
  .object({
    appVersion: z.string().min(1).max(40),
    /** The content release running (issue 13's channel), if any. */
    contentVersion: z.number().int().positive().optional(),
    /** When the kiosk app started: the hub counts uptime from it. */
    startedAt: IsoTime,
    /** Hub clock minus kiosk clock (seconds), measured on heartbeats; absent until measured. */
    clockOffsetSeconds: z.number().int().min(-100_000_000).max(100_000_000).optional(),
    freeDiskMiB: z.number().int().nonnegative().max(100_000_000).optional(),
    link: LinkQuality,
    /** Outbox items waiting for the hub, by order of magnitude: 0, 1, 10, 100, 1000, 10000. */
    outboxBacklog: z.number().int().nonnegative().max(10_000_000),
    /** Card payments that wait for a person (`needs_attention` in the kiosk's journal). */
    paymentsNeedingAttention: z.number().int().nonnegative().max(10_000),
    visitor: z.object({ state: VisitorFacingState, reason: ReasonCode.optional() }).strict(),
    devices: z.array(DeviceHealth).max(8),
  })
  .strict();
export type HealthState = z.infer<typeof HealthState>;

/** A state's identity: 16 hex digits the kiosk derives from it (sha-256), opaque to the hub. */
export const HealthHash = z.string().regex(/^[0-9a-f]{16}$/);

/**
 * The `health.changed` outbox payload (and a heartbeat's whole body): the state after a change,
 * its hash, and when the kiosk saw it (the hub keeps the newest; a late outbox item only goes to
 * the history).
 */
export const HealthChange = z.object({ hash: HealthHash, at: IsoTime, state: HealthState }).strict();
export type HealthChange = z.infer<typeof HealthChange>;

/** The outbox kind of `HealthChange`: a change travels at once, not with the next heartbeat. */
export const HEALTH_OUTBOX_KIND = 'health.changed';

/**
 * `POST /v1/kiosks/heartbeat`: the state (when it changed since the last heartbeat the hub
 * accepted), or only the hash of that state (`unchanged`), a body of some thirty bytes.
 */
export const HeartbeatRequest = z.union([HealthChange, z.object({ unchanged: HealthHash }).strict()]);
export type HeartbeatRequest = z.infer<typeof HeartbeatRequest>;

/**
 * The hub's answer: `stored` (a new state), `seen` (the hash matches what it has) or `resend`
 * (it does not know that hash: send the whole state). `hubTime` (ms since the epoch) lets the
 * kiosk measure its clock's offset.
 */
export const HeartbeatAnswer = z
  .object({ outcome: z.enum(['stored', 'seen', 'resend']), hubTime: z.number().int().nonnegative() })
  .strict();
export type HeartbeatAnswer = z.infer<typeof HeartbeatAnswer>;
