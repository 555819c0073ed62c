import { z } from 'zod';

/**
 * Card payment terminals run as a command-line program, once per operation (Sberbank UPOS
 * `sb_pilot` and its kind), as data (`kiosk-config/payment-profiles/*.json`).
 *
 * The adapter (`drivers/payment/pilot/pilot-terminal.ts`) has no branch per acquirer: the program,
 * its arguments per operation, where it leaves its result and slip and in which encoding, which
 * line of the result holds which field, and which codes mean what, all live here. Guide:
 * `docs/payments.md`, "Command-line pilot (sb_pilot)".
 */

/** Encodings a pilot writes its files in (decoded with the WHATWG `TextDecoder`). */
export const PilotTextEncoding = z.enum(['cp866', 'koi8-r', 'windows-1251', 'utf-8']);
export type PilotTextEncoding = z.infer<typeof PilotTextEncoding>;

/** The fields a result file may carry, each on a line of its own (`result.fields`). */
export const PILOT_RESULT_FIELDS = [
  'maskedPan',
  'expiry',
  'authCode',
  'receiptNo',
  'cardType',
  'terminalId',
  'merchantId',
  'dateTime',
  'rrn',
  'operation',
  'amount',
] as const;
export type PilotResultField = (typeof PILOT_RESULT_FIELDS)[number];

/** Placeholders an argument may contain, replaced per call (`{amount}` in kopecks). */
export const PILOT_PLACEHOLDERS = ['amount', 'paymentId', 'rrn', 'receiptNo'] as const;
export type PilotPlaceholder = (typeof PILOT_PLACEHOLDERS)[number];

/** The prompt kinds of `TerminalPrompt` (drivers/payment/payment-terminal.ts). */
export const PilotPromptKind = z.enum([
  'present_card',
  'enter_pin',
  'processing',
  'remove_card',
  'approved',
  'declined',
  'other',
]);

/** A file the program writes in its working directory: a bare name, never a path. */
const FileName = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/, 'a file name in the working directory (letters, digits, . _ -)');

/** A result code as the program writes it (`0`, `2000`, `4451`). */
const ResultCode = z.string().regex(/^-?[0-9A-Za-z]{1,16}$/, 'a result code, e.g. "0" or "2000"');

/** A regular expression as a string; checked to compile. */
const Pattern = z
  .string()
  .min(1)
  .max(500)
  .refine(
    (source) => {
      try {
        new RegExp(source, 'u');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression' },
  );

/** Line numbers in the result file, counting the `<code>,<message>` line as 0. */
const LineNumber = z.number().int().min(1).max(99);

/** Arguments after the program's name; `{amount}` and the other placeholders are filled per call. */
const ArgsTemplate = z
  .array(z.string().min(1).max(200))
  .max(16)
  .superRefine((args, ctx) => {
    args.forEach((arg, index) => {
      for (const name of placeholdersIn(arg)) {
        if (!(PILOT_PLACEHOLDERS as readonly string[]).includes(name)) {
          ctx.addIssue({
            code: 'custom',
            path: [index],
            message: `unknown placeholder {${name}} (known: ${PILOT_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`,
          });
        }
      }
    });
  });

/** The placeholders named in one argument (`"8"` → none, `"/a{amount}"` → amount). */
export function placeholdersIn(arg: string): string[] {
  return [...arg.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1] ?? '');
}

/** One operation: the arguments and how long the whole run may take before it is killed. */
const Operation = z
  .object({
    args: ArgsTemplate,
    /** The whole run, start to exit; longer than the program's own timeouts (PIN entry…). */
    timeoutMs: z.number().int().min(1000).max(3_600_000),
  })
  .strict();

const EndOfDayOperation = Operation.extend({
  /**
   * Where the totals are in the end-of-day slip: a pattern tried on each slip line, with named
   * groups `count` and `amount`; the last matching line wins. `amount` is in `amountUnit`
   * (`roubles`: `1050.00`, `1 050,00`; `kopecks`: `105000`).
   */
  totals: z
    .object({
      pattern: Pattern.refine((p) => p.includes('(?<count>') && p.includes('(?<amount>'), {
        message: 'needs the named groups (?<count>…) and (?<amount>…)',
      }),
      amountUnit: z.enum(['roubles', 'kopecks']),
    })
    .strict(),
}).strict();

const LastTransactionOperation = Operation.extend({
  /** Codes on the first line meaning «no operation since the last end of day». */
  noneCodes: z.array(ResultCode).default([]),
  /** The program's operation codes (field `operation`) and what each was. */
  kinds: z.record(ResultCode, z.enum(['authorisation', 'reversal', 'refund', 'commit'])),
}).strict();

/** A command-line pilot: the program, its files, its operations. */
export const PilotPaymentProfile = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and hyphens'),
    name: z.string().min(1),
    kind: z.literal('command-line-pilot'),
    /** Where the values come from (integrations read, documents, what is unverified). */
    source: z.string().min(1).optional(),
    /** What an installer must know or check, one remark per entry. */
    notes: z.array(z.string().min(1)).default([]),
    /** The program: absolute, or relative to `workingDir` (the kiosk's config may override both). */
    command: z.string().min(1),
    /** Where the program runs and leaves its files (its own config sits there too). */
    workingDir: z.string().min(1),
    /** Extra environment; the program otherwise sees only PATH, HOME, LANG, LC_ALL, TZ. */
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), z.string()).default({}),
    result: z
      .object({
        /** The result file (`e` for sb_pilot), removed before every run. */
        file: FileName,
        encoding: PilotTextEncoding,
        /** Between the code and the message on the first line (`0,ОДОБРЕНО`). */
        codeSeparator: z.string().min(1).max(3).default(','),
        /** Codes meaning the operation was done (leading zeros ignored: `00` is `0`). */
        successCodes: z.array(ResultCode).min(1),
        /** Codes meaning the visitor cancelled at the terminal (sb_pilot: 2000). */
        cancelledCodes: z.array(ResultCode).default([]),
        /**
         * Codes meaning «nothing to do» for a commit, reversal or refund (already reversed…).
         * Any other failure of those is reported `unknown`, never as done or moot.
         */
        actionRefusedCodes: z.array(ResultCode).default([]),
        /** The line of each field; `maskedPan`, `authCode`, `receiptNo` and `rrn` are needed. */
        fields: z
          .object({
            maskedPan: LineNumber,
            expiry: LineNumber.optional(),
            authCode: LineNumber,
            receiptNo: LineNumber,
            cardType: LineNumber.optional(),
            terminalId: LineNumber.optional(),
            merchantId: LineNumber.optional(),
            dateTime: LineNumber.optional(),
            rrn: LineNumber,
            operation: LineNumber.optional(),
            amount: LineNumber.optional(),
          })
          .strict(),
      })
      .strict(),
    /** The slip the program prints into (`p` for sb_pilot), removed before every run. */
    slip: z.object({ file: FileName, encoding: PilotTextEncoding }).strict(),
    /** A file the program keeps its current screen message in, polled during a run. */
    progress: z
      .object({
        file: FileName,
        encoding: PilotTextEncoding,
        pollMs: z.number().int().min(50).max(5000).default(250),
        /** Tried in order on the message (case-insensitive); none matching → `other`. */
        prompts: z.array(z.object({ match: Pattern, kind: PilotPromptKind }).strict()).default([]),
      })
      .strict()
      .optional(),
    /** `authorise` holds funds and `commit` takes them; false: `authorise` sells, `commit` does nothing. */
    holdsFunds: z.boolean(),
    /** Killing the program mid-authorisation cannot leave the card charged (then «Отмена» kills it). */
    abortSafe: z.boolean(),
    /** After SIGTERM to the program's process group, how long before SIGKILL. */
    killGraceMs: z.number().int().min(100).max(30_000).default(3000),
    operations: z
      .object({
        authorise: Operation,
        commit: Operation.optional(),
        reverse: Operation.optional(),
        refund: Operation.optional(),
        endOfDay: EndOfDayOperation,
        status: Operation.optional(),
        lastTransaction: LastTransactionOperation.optional(),
      })
      .strict(),
  })
  .strict()
  .superRefine((profile, ctx) => {
    const { operations } = profile;
    if (profile.holdsFunds && !operations.commit) {
      ctx.addIssue({ code: 'custom', path: ['operations', 'commit'], message: 'holdsFunds needs a commit operation' });
    }
    if (!profile.holdsFunds && operations.commit) {
      ctx.addIssue({
        code: 'custom',
        path: ['operations', 'commit'],
        message: 'a commit operation is run only when holdsFunds is true',
      });
    }
    if (operations.lastTransaction) {
      for (const field of ['operation', 'amount'] as const) {
        if (profile.result.fields[field] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['result', 'fields', field],
            message: 'operations.lastTransaction needs this field',
          });
        }
      }
    }
    // What each operation knows when it runs: authorise has no RRN yet, end of day no amount.
    const allowed: Record<string, readonly PilotPlaceholder[]> = {
      authorise: ['amount', 'paymentId'],
      commit: ['amount', 'rrn', 'receiptNo'],
      reverse: ['amount', 'rrn', 'receiptNo'],
      refund: ['amount', 'rrn', 'receiptNo'],
      endOfDay: [],
      status: [],
      lastTransaction: [],
    };
    for (const [name, operation] of Object.entries(operations)) {
      operation?.args.forEach((arg, index) => {
        for (const placeholder of placeholdersIn(arg)) {
          const known = (PILOT_PLACEHOLDERS as readonly string[]).includes(placeholder);
          if (known && !(allowed[name] ?? []).includes(placeholder as PilotPlaceholder)) {
            ctx.addIssue({
              code: 'custom',
              path: ['operations', name, 'args', index],
              message: `{${placeholder}} is not known when ${name} runs`,
            });
          }
        }
      });
    }
  });
export type PilotPaymentProfile = z.infer<typeof PilotPaymentProfile>;
/** A profile as written in its JSON file (defaults not yet applied). */
export type PilotPaymentProfileInput = z.input<typeof PilotPaymentProfile>;
