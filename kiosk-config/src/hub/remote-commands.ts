import { z } from 'zod';

/**
 * Remote commands from the centre to one kiosk (issue 14): an allow-list of kinds, each with a
 * strict schema for its parameters. Nothing here runs a program or a path the centre names: a
 * kind the kiosk does not know, or parameters outside its schema, are refused, never guessed at.
 */

/** Text a person reads on the out-of-service screen: one line, no markup. */
const ScreenText = z
  .string()
  .trim()
  .min(1)
  .max(160)
  .regex(/^[^<>\n\r]*$/);

/** The most hours of logs one command may ask for. */
export const MAX_LOG_HOURS = 72;

/** The parameters of each kind of command: the allow-list itself. */
export const COMMAND_PARAMS = {
  /** Poll the content channel now instead of at the next timer. */
  'content.refresh': z.object({}).strict(),
  /** Restart the kiosk app (journals closed first; the supervisor or Electron starts it again). */
  'app.restart': z.object({}).strict(),
  /**
   * The visitor screen shows «Терминал временно не работает» with what to do instead; a visitor
   * session in progress (a payment included) is finished first. Kept across restarts.
   */
  'service.out': z
    .object({
      /** What to do instead (default «Талон можно получить у сотрудника центра»). */
      instead: ScreenText.optional(),
      /** The office's hours as people say them («пн–пт 8:00–20:00, сб 9:00–15:00»). */
      hours: ScreenText.optional(),
    })
    .strict(),
  /** Back in service: the home screen again. */
  'service.in': z.object({}).strict(),
  /** A test page on the receipt printer (refused while a visitor uses the kiosk). */
  'printer.testPage': z.object({}).strict(),
  /** Close the card terminal's day (сверка итогов) and report its totals to the hub. */
  'terminal.closeDay': z.object({}).strict(),
  /** The kiosk's log lines of the last `hours` hours, gzip-compressed, uploaded to the hub. */
  'logs.upload': z.object({ hours: z.coerce.number().int().min(1).max(MAX_LOG_HOURS) }).strict(),
  /** A picture of the kiosk's screen; refused while a visitor session runs (no visitor data). */
  'screen.capture': z.object({}).strict(),
} as const satisfies Record<string, z.ZodType>;

/** A kind of remote command. */
export type CommandKind = keyof typeof COMMAND_PARAMS;
/** Every kind, in the allow-list's order. */
export const COMMAND_KINDS = Object.keys(COMMAND_PARAMS) as CommandKind[];

/** Tells whether an untrusted string is a kind of the allow-list. */
export function isCommandKind(kind: unknown): kind is CommandKind {
  return typeof kind === 'string' && Object.hasOwn(COMMAND_PARAMS, kind);
}

/**
 * Checks a kind and its parameters against the allow-list: the parsed parameters, or why not
 * (a message naming the fields, never their values).
 */
export function parseCommandParams(
  kind: string,
  params: unknown,
): { ok: true; kind: CommandKind; params: Record<string, unknown> } | { ok: false; reason: string } {
  if (!isCommandKind(kind)) return { ok: false, reason: `unknown command kind ${kind.slice(0, 40)}` };
  const parsed = COMMAND_PARAMS[kind].safeParse(params);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || issue.code).slice(0, 5);
    return { ok: false, reason: `bad parameters for ${kind}: ${fields.join(', ')}` };
  }
  return { ok: true, kind, params: parsed.data };
}

/** Who issued a command: a person's name or id as the console or the admin CLI knows them. */
export const CommandIssuer = z.string().trim().min(1).max(80);

/** The longest a command may wait for its kiosk (7 days). */
export const MAX_COMMAND_TTL_SECONDS = 7 * 24 * 3600;

/**
 * One command as the hub hands it to its kiosk (`GET /v1/kiosk/commands`). The kind is any
 * short string and the parameters any object here: the kiosk checks both against the allow-list
 * itself, so a kind a newer hub knows is refused with a reason instead of failing the whole list.
 */
export const RemoteCommand = z
  .object({
    id: z.string().uuid(),
    kind: z.string().min(1).max(40),
    params: z.record(z.string(), z.unknown()),
    issuer: CommandIssuer,
    createdAt: z.string().datetime(),
    expiresAt: z.string().datetime(),
  })
  .strict();
export type RemoteCommand = z.infer<typeof RemoteCommand>;

/** The hub's answer to `GET /v1/kiosk/commands`: the kiosk's commands not yet acknowledged, oldest first. */
export const KioskCommandsResponse = z
  .object({ commands: z.array(RemoteCommand).max(100), serverTime: z.string().datetime() })
  .strict();
export type KioskCommandsResponse = z.infer<typeof KioskCommandsResponse>;

/** How a command ended on the kiosk. */
export const CommandResult = z.enum(['done', 'refused', 'failed', 'expired']);
export type CommandResult = z.infer<typeof CommandResult>;

/** The outbox kind of a command's acknowledgement. */
export const COMMAND_ACK_OUTBOX_KIND = 'command.ack';

/**
 * A command's acknowledgement, sent through the kiosk's outbox (durable across restarts). The
 * attachment, when the command made one, was uploaded before (`POST /v1/kiosk/commands/attachment`).
 */
export const CommandAck = z
  .object({
    commandId: z.string().uuid(),
    kind: z.string().min(1).max(40),
    result: CommandResult,
    /** Why it was refused or failed, or what it did (a sentence for the technician, no personal data). */
    reason: z.string().max(300).optional(),
    finishedAt: z.string().datetime(),
    /** The attachment's sha256, when one was uploaded. */
    attachmentSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .strict();
export type CommandAck = z.infer<typeof CommandAck>;

/** The largest attachment (bytes, before base64): a compressed log bundle or a JPEG screenshot. */
export const MAX_ATTACHMENT_BYTES = 600 * 1024;

/** What an attachment is. */
export const AttachmentMediaType = z.enum(['application/gzip', 'image/jpeg', 'image/png']);
export type AttachmentMediaType = z.infer<typeof AttachmentMediaType>;

/** `POST /v1/kiosk/commands/attachment`: a command's file, base64 in JSON (the hub's body limit is 1 MB). */
export const CommandAttachmentUpload = z
  .object({
    commandId: z.string().uuid(),
    mediaType: AttachmentMediaType,
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    dataBase64: z
      .string()
      .max(Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/),
  })
  .strict();
export type CommandAttachmentUpload = z.infer<typeof CommandAttachmentUpload>;

/**
 * `POST /v1/kiosk/technician-bundle`: the logs and diagnostic bundle a technician on site sends
 * from the kiosk's «Обслуживание» page. The hub files it as a `logs.upload` command of that
 * kiosk, issued by the technician and already done, with the file attached: the console lists
 * it beside the centre's own log requests. `bundleId` makes a resend harmless.
 */
export const TechnicianBundleUpload = z
  .object({
    bundleId: z.string().uuid(),
    /** Who sent it (as the technician signed in). */
    technician: z.string().trim().min(1).max(80),
    hours: z.number().int().min(1).max(MAX_LOG_HOURS),
    mediaType: z.literal('application/gzip'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    dataBase64: CommandAttachmentUpload.shape.dataBase64,
  })
  .strict();
export type TechnicianBundleUpload = z.infer<typeof TechnicianBundleUpload>;

/** The hub's answer to an upload. */
export const CommandAttachmentAnswer = z.object({ stored: z.boolean() }).strict();
