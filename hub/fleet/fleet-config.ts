import { z } from 'zod';

/** The alert rules (docs/operations/fleet.md, "Alert rules"). */
export const AlertRuleName = z.enum([
  'paper_near_end',
  'paper_out',
  'printer_offline',
  'terminal_offline',
  'kiosk_silent',
  'content_stale',
  'content_rolled_back',
  'payments_need_attention',
  'reconciliation_mismatch',
  'disk_low',
  'clock_off',
  'screen_failing',
]);
export type AlertRuleName = z.infer<typeof AlertRuleName>;

/** The thresholds of the alert rules. */
export const AlertThresholds = z
  .object({
    /** The printer unusable (offline, cover open, a fault) for longer than this opens an alert. */
    printerOfflineMinutes: z.number().int().min(0).max(1440).default(5),
    /** The card terminal offline or not ready for longer than this. */
    terminalOfflineMinutes: z.number().int().min(0).max(1440).default(10),
    /** No sign of life for this many liveness intervals (`heartbeatSeconds`): the kiosk is silent. */
    silentAfterHeartbeats: z.number().int().min(2).max(100).default(3),
    /** Free disk below this (MiB). The kiosk itself refuses new work below 256 MiB. */
    diskLowMiB: z.number().int().min(1).max(1_000_000).default(1024),
    /** The kiosk's clock off the hub's by more than this (s). */
    clockOffSeconds: z.number().int().min(1).max(86_400).default(60),
  })
  .strict();
export type AlertThresholds = z.infer<typeof AlertThresholds>;

/** Where alerts are sent: a JSON POST to an office's own endpoint (e-mail, SMS, a messenger bot). */
export const WebhookConfig = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(500),
    /** With a secret, each POST carries `X-Okno-Signature: sha256=<HMAC of the body>`. */
    secret: z.string().min(16).max(200).optional(),
    timeoutMs: z.number().int().min(100).max(60_000).default(5000),
    /** First retry after this (ms), doubling to `maxRetryMs`; a notification is never dropped. */
    initialRetryMs: z.number().int().min(10).max(600_000).default(2000),
    maxRetryMs: z.number().int().min(100).max(86_400_000).default(600_000),
  })
  .strict();
export type WebhookConfig = z.infer<typeof WebhookConfig>;

/** Fleet health and alerts on the hub. */
export const FleetConfig = z
  .object({
    /**
     * The liveness interval (s): the keep-alive on each kiosk's event stream is written this
     * often, a kiosk without an open stream heartbeats this often, and "silent" is counted in it.
     * Keep equal to the kiosks' `fleet.heartbeatSeconds`.
     */
    heartbeatSeconds: z.number().int().min(5).max(3600).default(60),
    /** A kiosk with an open event stream heartbeats this often (s). Keep equal to the kiosks' `fleet.streamHeartbeatSeconds`. */
    streamHeartbeatSeconds: z.number().int().min(60).max(86_400).default(900),
    /** State changes kept per kiosk (also pruned after `historyDays`). */
    historyPerKiosk: z.number().int().min(10).max(100_000).default(500),
    historyDays: z.number().int().min(1).max(3650).default(30),
    /** An alert that opens again within this long after it closed is the same alert, counted as a flap. */
    flapWindowMinutes: z.number().int().min(0).max(1440).default(30),
    /** Rules that never open alerts here. */
    disabledRules: z.array(AlertRuleName).max(20).default([]),
    thresholds: AlertThresholds.default(AlertThresholds.parse({})),
    /** Absent: alerts are kept (and shown in the console) but sent nowhere. */
    webhook: WebhookConfig.optional(),
  })
  .strict();
export type FleetConfig = z.infer<typeof FleetConfig>;
