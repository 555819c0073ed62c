import { z } from 'zod';
import { SecondFactorKind } from '../../kiosk-config/src/hub/hub-api';
import { FleetConfig } from '../fleet/fleet-config';

/** A sliding-window limit: at most `limit` events in any `windowSeconds`. */
export const RateLimit = z
  .object({
    limit: z.number().int().min(1),
    windowSeconds: z.number().int().min(1).max(86_400),
  })
  .strict();
export type RateLimit = z.infer<typeof RateLimit>;

/** Several windows over the same counter (e.g. per minute and per day); all must have room. */
export const RateLimits = z.array(RateLimit).min(1).max(4);
export type RateLimits = z.infer<typeof RateLimits>;

/**
 * A proxy the hub takes the client's address from: one address or a CIDR block, never the whole
 * address space (any client could then name its own address and skip the per-address limits).
 */
export const TrustedProxy = z
  .union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
    error: 'a proxy address or CIDR (e.g. "127.0.0.1" or "10.0.0.0/24")',
  })
  .refine((entry) => !/\/0+$/.test(entry), { error: 'a /0 block would trust every client' });
export type TrustedProxy = z.infer<typeof TrustedProxy>;

/** The check-in window around a booking's slot (minutes). */
export const BookingWindow = z
  .object({
    earlyMinutes: z.number().int().min(0).max(240).default(15),
    lateMinutes: z.number().int().min(0).max(240).default(10),
  })
  .strict();
export type BookingWindow = z.infer<typeof BookingWindow>;

/** What a region asks of a visitor before it shows an application's status. */
export const RegionPolicy = z
  .object({
    /** Second factors accepted in this region (any one of them suffices); empty: none asked. */
    secondFactor: z.array(SecondFactorKind).default([]),
  })
  .strict();
export type RegionPolicy = z.infer<typeof RegionPolicy>;

/**
 * The hub's settings. Every field has a default, so a hub starts from an empty config file;
 * `npm start`'s embedded hub adds the demo's regions (see `DEMO_HUB_CONFIG`).
 */
export const HubConfig = z
  .object({
    /** Status lookups per kiosk (against a kiosk, or a stolen credential, walking through numbers). */
    lookupLimitPerKiosk: RateLimit.default({ limit: 30, windowSeconds: 60 }),
    /** Lookups per normalised application number, from all kiosks together. */
    lookupLimitPerNumber: RateLimit.default({ limit: 10, windowSeconds: 3600 }),
    /**
     * Walk-in tickets per kiosk: a burst of 20 a minute (a queue at the door at opening time is
     * a ticket every few seconds), 600 a day (two to three times a busy rural office's day).
     * Sizes and reasons: docs/operations/hub.md, "Limits".
     */
    ticketLimitsPerKiosk: RateLimits.default([
      { limit: 20, windowSeconds: 60 },
      { limit: 600, windowSeconds: 86_400 },
    ]),
    /** Walk-in tickets per office, all its kiosks together. */
    ticketLimitsPerOffice: RateLimits.default([{ limit: 1500, windowSeconds: 86_400 }]),
    /** Booking check-ins per kiosk (each is one booked visitor at the screen). */
    checkInLimitsPerKiosk: RateLimits.default([
      { limit: 10, windowSeconds: 60 },
      { limit: 300, windowSeconds: 86_400 },
    ]),
    /** Booking check-ins per office. */
    checkInLimitsPerOffice: RateLimits.default([{ limit: 600, windowSeconds: 86_400 }]),
    /**
     * Wrong booking codes (`not_found`) per kiosk: beyond it the kiosk's check-ins are answered
     * 429 until the oldest leaves the window, and the hub logs a warning (someone may be guessing).
     */
    checkInFailureLimitPerKiosk: RateLimit.default({ limit: 5, windowSeconds: 600 }),
    /** УИН lookups (`POST /v1/charges/resolve`) per kiosk. */
    chargeLookupLimitsPerKiosk: RateLimits.default([
      { limit: 20, windowSeconds: 60 },
      { limit: 300, windowSeconds: 86_400 },
    ]),
    /** УИН lookups per office. */
    chargeLookupLimitsPerOffice: RateLimits.default([{ limit: 1000, windowSeconds: 86_400 }]),
    /**
     * Help requests («Позвать сотрудника») per kiosk: a few in ten minutes (a visitor pressing
     * again while staff walk over), a few dozen a day.
     */
    helpRequestLimitsPerKiosk: RateLimits.default([
      { limit: 5, windowSeconds: 600 },
      { limit: 60, windowSeconds: 86_400 },
    ]),
    /** Call-back requests per kiosk: fewer than help requests, as each one is a call centre's time. */
    helpCallbackLimitsPerKiosk: RateLimits.default([
      { limit: 3, windowSeconds: 600 },
      { limit: 30, windowSeconds: 86_400 },
    ]),
    /**
     * Requests to the public office load pages and JSON (`/offices…`, `/v1/offices…`) per client
     * address. Generous: phones behind a carrier's NAT share one address, and a portal that
     * honours the answers' max-age asks about twice a minute per office.
     */
    publicLoadLimitsPerAddress: RateLimits.default([
      { limit: 120, windowSeconds: 60 },
      { limit: 3000, windowSeconds: 3600 },
    ]),
    /** Enrollment attempts per client address (codes are long, this only keeps the log quiet). */
    enrollLimitPerAddress: RateLimit.default({ limit: 20, windowSeconds: 600 }),
    /**
     * Region id (as in the offices table) → policy. Regions not listed ask no second factor.
     * The application's office decides its region.
     */
    regions: z.record(z.string(), RegionPolicy).default({}),
    /** The office a kiosk requesting with a provisioning token joins (one-time codes name their own). */
    provisioningOfficeId: z.string().min(1).max(64).optional(),
    /** How long a one-time enrollment code stays valid. */
    enrollmentCodeTtlHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(72),
    /** Lookup log entries older than this are deleted (daily and at start). */
    lookupLogRetentionDays: z.number().int().min(1).max(3650).default(180),
    /**
     * Stored outbox items (kiosks' events, as received) older than this are deleted (daily and at
     * start). What they told is kept elsewhere (the queue, the payments ledger); a replay is
     * recognised within this window.
     */
    outboxRetentionDays: z.number().int().min(7).max(3650).default(30),
    /** The hub's time zone: «today» of the demo data and of the daily housekeeping. */
    timeZone: z.string().min(1).default('Europe/Moscow'),
    /**
     * Behind nginx: the proxies whose `X-Forwarded-For` names the client (addresses or CIDRs).
     * Empty: the connection's own address, whatever the headers say.
     */
    trustProxy: z.array(TrustedProxy).max(64).default([]),
    /** Largest request body (bytes). An outbox batch of 500 small items fits. */
    bodyLimitBytes: z
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024)
      .default(1024 * 1024),
    /**
     * Largest JSON payload of one outbox item (bytes): telemetry, not files. Each kind has its
     * own, smaller cap (`OUTBOX_KINDS`); this one bounds them all.
     */
    outboxItemMaxBytes: z
      .number()
      .int()
      .min(256)
      .max(1024 * 1024)
      .default(16 * 1024),
    /**
     * What one kiosk may store through the outbox within `windowSeconds` (by arrival): a full
     * day of a busy kiosk is about 2 000 items and 1 MB. Beyond it batches are answered 429 and
     * stay on the kiosk until the window has room.
     */
    outboxBacklogPerKiosk: z
      .object({
        maxItems: z.number().int().min(100).max(1_000_000),
        maxBytes: z
          .number()
          .int()
          .min(64 * 1024)
          .max(1024 * 1024 * 1024),
        windowSeconds: z
          .number()
          .int()
          .min(60)
          .max(30 * 86_400),
      })
      .strict()
      .default({ maxItems: 10_000, maxBytes: 8 * 1024 * 1024, windowSeconds: 86_400 }),
    /** How long `close()` waits for requests in flight before it drops their connections (ms). */
    shutdownGraceMs: z.number().int().min(0).max(120_000).default(10_000),
    /**
     * The hub's address as visitors' phones reach it (`https://hub.mfc.example.ru`): the base of
     * follow links. Absent: the address the hub listens on, fine for the embedded demo only.
     */
    publicUrl: z
      .url({ protocol: /^https?$/ })
      .max(200)
      .optional(),
    /** A booking can be checked in from `earlyMinutes` before its slot to `lateMinutes` after it. */
    booking: BookingWindow.default({ earlyMinutes: 15, lateMinutes: 10 }),
    /**
     * A file holding the 32-byte secret that encrypts the hub's online content keys (64 hex
     * digits, base64 or raw), for hubs not run by systemd; the systemd credential
     * `okno-content-keys` comes first. docs/operations/content.md, "Key secrets".
     */
    contentKeySecretFile: z.string().min(1).max(4096).optional(),
    /**
     * Content blobs no kiosk may still need are deleted once a day: those of no release among
     * each audience's newest `keepReleases`, none assigned to or reported by a kiosk, and
     * unreferenced for `graceDays` (docs/operations/content.md, "Garbage collection").
     */
    contentGc: z
      .object({
        keepReleases: z.number().int().min(2).max(1000).default(5),
        graceDays: z.number().int().min(1).max(365).default(7),
      })
      .strict()
      .default({ keepReleases: 5, graceDays: 7 }),
    /**
     * With the demo data only: an operator token for the demo office, so the embedded hub's
     * operator API can be tried without the admin CLI. Never set it on a real hub.
     */
    demoOperatorToken: z.string().min(16).max(128).optional(),
    /** Fleet health, alert rules and the alerts' webhook (docs/operations/fleet.md). */
    fleet: FleetConfig.default(FleetConfig.parse({})),
  })
  .strict();
export type HubConfig = z.infer<typeof HubConfig>;
export type HubConfigInput = z.input<typeof HubConfig>;

/** The hub's config file (`--config`, `OKNO_HUB_CONFIG`): the settings plus provisioning tokens. */
export const HubConfigFile = HubConfig.extend({
  /**
   * Fleet tokens, at least 16 characters: each files enrollment requests (into
   * `provisioningOfficeId`) that an admin approves; none enrolls a kiosk by itself.
   */
  provisioningTokens: z.array(z.string().min(16).max(128)).default([]),
}).strict();
export type HubConfigFile = z.infer<typeof HubConfigFile>;

/** Parses a partial config, filling defaults; throws a readable error on a bad value. */
export function resolveHubConfig(input: Partial<HubConfigInput> = {}): HubConfig {
  const parsed = HubConfig.safeParse(input);
  if (!parsed.success) throw new Error(`invalid hub config: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
