import { z } from 'zod';
import { AccessibilityConfig, DEFAULT_ACCESSIBILITY_CONFIG } from './accessibility-config';
import { DEFAULT_PAYMENTS_CONFIG, PaymentsConfig } from './payments-config';

/**
 * The kiosk's configuration file, as validated on load.
 *
 * Defaults make the embedded demo real: simulated devices on pseudo-terminals, a demo office.
 * A deployment overrides devices with serial ports and, later, a hub address.
 */

/** A USB id as `lsusb` and udev print it: four hex digits (`0403`), stored lowercase. */
const UsbId = z
  .string()
  .regex(/^[0-9a-fA-F]{4}$/, 'four hex digits, e.g. "0403"')
  .transform((id) => id.toLowerCase());

/**
 * A USB serial device by what survives a replug into another socket: vendor and product id, and
 * the serial number when two alike devices are attached (see `docs/devices.md`).
 */
export const UsbSerialMatch = z
  .object({
    vendorId: UsbId,
    productId: UsbId,
    serialNumber: z.string().min(1).max(128).optional(),
  })
  .strict();
export type UsbSerialMatch = z.infer<typeof UsbSerialMatch>;

/**
 * Where a serial device is attached: a `path` (prefer `/dev/serial/by-id/…`, which survives a
 * replug; `/dev/ttyUSB0` may change) or `usb` ids, looked up among the ports at each (re)connect.
 * `defaultBaudRate` is the speed the kind of device usually comes set to.
 */
function serialConnection(defaultBaudRate: number) {
  return z
    .object({
      kind: z.literal('serial'),
      path: z.string().min(1).optional(),
      usb: UsbSerialMatch.optional(),
      baudRate: z.number().int().positive().default(defaultBaudRate),
    })
    .strict()
    .refine((c) => (c.path === undefined) !== (c.usb === undefined), {
      message: 'give either "path" or "usb" (vendorId, productId, optional serialNumber), not both',
      path: ['path'],
    });
}

/** A serial device (printer, scanner, document reader): 115200 baud unless said otherwise. */
export const SerialConnection = serialConnection(115200);
export type SerialConnection = z.infer<typeof SerialConnection>;

/** A simulator on a pseudo-terminal, driven through the real serialport package. */
export const SimulatedConnection = z
  .object({
    kind: z.literal('simulated'),
    baudRate: z.number().int().positive().default(115200),
  })
  .strict();

export const DeviceConnection = z.discriminatedUnion('kind', [SerialConnection, SimulatedConnection]);
export type DeviceConnection = z.infer<typeof DeviceConnection>;

export const PrinterConfig = z
  .object({
    /** A profile name from `kiosk-config/printer-profiles/`. */
    profile: z.string().min(1).default('generic-80mm'),
    connection: DeviceConnection,
  })
  .strict();
export type PrinterConfig = z.infer<typeof PrinterConfig>;

export const ScanSuffix = z.enum(['CR', 'LF', 'CRLF', 'TAB']);
export type ScanSuffix = z.infer<typeof ScanSuffix>;

/** How the bytes of a scanned code become text: the charset set in the scanner (UTF-8 or Windows-1251). */
export const ScanCharset = z.enum(['utf-8', 'windows-1251']);
export type ScanCharset = z.infer<typeof ScanCharset>;

/**
 * How a serial scanner's codes are told apart: by the suffix it sends after each code (`suffix`),
 * or, for a scanner set to send none, by a gap of `silenceMs` with no byte.
 */
export const ScanFraming = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('suffix') }).strict(),
  z.object({ kind: z.literal('silence'), silenceMs: z.number().int().min(5).max(2000).default(50) }).strict(),
]);
export type ScanFraming = z.infer<typeof ScanFraming>;

/**
 * A HID POS scanner (USB usage page 0x8C), read through node-hid's hidraw backend. Without `path`
 * or ids, the first HID POS scanner found is used. `profile` names the report layout and the vendor
 * switches the model needs (see drivers/hid/hid-pos-profiles.ts).
 */
export const HidConnection = z
  .object({
    kind: z.literal('hid'),
    /** A hidraw path (`/dev/hidraw3`); it can change on replug, so prefer the ids. */
    path: z.string().min(1).optional(),
    vendorId: z.number().int().min(0).max(0xffff).optional(),
    productId: z.number().int().min(0).max(0xffff).optional(),
    profile: z.enum(['hid-pos', 'honeywell', 'newland']).default('hid-pos'),
  })
  .strict();

/** Where a scanner is attached: the serial kinds, or HID POS. */
export const ScannerConnection = z.discriminatedUnion('kind', [SerialConnection, SimulatedConnection, HidConnection]);
export type ScannerConnection = z.infer<typeof ScannerConnection>;

export const ScannerConfig = z
  .object({
    connection: ScannerConnection,
    /** The suffix the scanner sends after each code (with `suffix` framing). */
    suffix: ScanSuffix.default('CR'),
    framing: ScanFraming.default({ kind: 'suffix' }),
    /** A prefix the scanner is set to send before each code, stripped (ASCII; empty: none). */
    prefix: z
      .string()
      .max(16)
      .refine((prefix) => [...prefix].every((c) => c.charCodeAt(0) < 0x80), 'the prefix must be ASCII')
      .default(''),
    charset: ScanCharset.default('utf-8'),
  })
  .strict();
export type ScannerConfig = z.infer<typeof ScannerConfig>;

/**
 * How a serial passport/ID reader frames what it read (`DocumentFraming` of the driver): what ends
 * each MRZ line, and what ends a document (a blank line, or ETX after an STX). Set to match the
 * reader's own configuration.
 */
export const DocumentFramingConfig = z
  .object({
    lineTerminator: z.enum(['CR', 'CRLF', 'LF']).default('CR'),
    documentTerminator: z.enum(['blank-line', 'ETX']).default('blank-line'),
  })
  .strict();
export type DocumentFramingConfig = z.infer<typeof DocumentFramingConfig>;

/** A passport/ID card (MRZ) reader on a serial port or USB virtual COM, or its simulator. */
export const DocumentReaderConfig = z
  .object({
    connection: DeviceConnection,
    framing: DocumentFramingConfig.default({ lineTerminator: 'CR', documentTerminator: 'blank-line' }),
  })
  .strict();
export type DocumentReaderConfig = z.infer<typeof DocumentReaderConfig>;

/**
 * Where a ZVT card terminal is (docs/payments.md, "Configuring the terminal"):
 * - `simulated`: the ZVT simulator (`drivers/sim/zvt-terminal-simulator.ts`) on a PTY (`serial`,
 *   the default) or on 127.0.0.1 (`tcp`), pacing its messages by `stepDelayMs` so that a person
 *   can read the prompts on the screen;
 * - `serial`: the terminal's ECR port (RS-232 or USB serial) by `path` or `usb` ids, 9600 baud
 *   as ZVT terminals come set;
 * - `tcp`: «ZVT over TCP/IP» on the LAN, port 20007 unless the terminal is set otherwise.
 */
export const ZvtConnectionConfig = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('simulated'),
      transport: z.enum(['serial', 'tcp']).default('serial'),
      /** Pause between the simulator's messages (ms): some hundreds make the prompts visible. */
      stepDelayMs: z.number().int().min(0).max(10_000).default(400),
      /**
       * How long the simulated visitor takes to present the card (ms; default `stepDelayMs`):
       * meanwhile the terminal waits for it and «Отмена» can be pressed.
       */
      cardDelayMs: z.number().int().min(0).max(60_000).optional(),
    })
    .strict(),
  serialConnection(9600),
  z
    .object({
      kind: z.literal('tcp'),
      host: z.string().min(1).max(253),
      port: z.number().int().min(1).max(65535).default(20007),
    })
    .strict(),
]);
export type ZvtConnectionConfig = z.infer<typeof ZvtConnectionConfig>;

/** A ZVT result code in hex, as the terminal's manual writes it (`B4`). */
const ZvtResultCode = z
  .string()
  .regex(/^[0-9A-Fa-f]{2}$/, 'two hex digits, e.g. "B4"')
  .transform((code) => code.toUpperCase());

/**
 * The card terminal (`devices.paymentTerminal`): a ZVT terminal (serial, LAN or simulated) or an
 * acquirer's command-line pilot (`sb_pilot`) by its profile in `kiosk-config/payment-profiles/`.
 * The longest authorisation is `payments.authoriseTimeoutSeconds`, not a terminal setting.
 */
export const PaymentTerminalConfig = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('zvt'),
      connection: ZvtConnectionConfig,
      /** The terminal's ECR password: six digits (often 000000 or 123456). */
      password: z
        .string()
        .regex(/^\d{6}$/, 'six digits')
        .default('000000'),
      /** The character set the terminal is set to for its texts and slips. */
      textEncoding: z.enum(['cp866', 'windows-1251', 'ascii']).default('cp866'),
      /** The driver's waits (ms); the defaults are the specification's (docs/payments.md, "Timeouts"). */
      timeouts: z
        .object({
          ackTimeoutMs: z.number().int().min(100).max(60_000).optional(),
          commandTimeoutMs: z.number().int().min(1000).max(600_000).optional(),
          statusTimeoutMs: z.number().int().min(500).max(120_000).optional(),
          endOfDayTimeoutMs: z.number().int().min(1000).max(1_800_000).optional(),
        })
        .strict()
        .optional(),
      /** Only if the terminal's manual names the TLV tag carrying the bank's RRN (hex, e.g. `1F4C`). */
      rrnTlvTag: z
        .string()
        .regex(/^[0-9A-Fa-f]{2,8}$/, 'a TLV tag in hex')
        .optional(),
      /** Result codes meaning «nothing to do» for commit, reverse and refund (default `B4`, already reversed). */
      actionRefusedCodes: z.array(ZvtResultCode).max(16).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('pilot'),
      /** A profile id from `kiosk-config/payment-profiles/` (`sb-pilot`). */
      profile: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a profile id, e.g. "sb-pilot"'),
      /** The program, when not where the profile says (absolute, or relative to `workingDir`). */
      command: z.string().min(1).max(500).optional(),
      /** Where the pilot runs and writes its files; relative paths are from the config file's folder. */
      workingDir: z.string().min(1).max(500),
    })
    .strict(),
]);
export type PaymentTerminalConfig = z.infer<typeof PaymentTerminalConfig>;
export type PaymentTerminalConfigInput = z.input<typeof PaymentTerminalConfig>;

/** How the kiosk talks to the hub; shared by both kinds. */
const HubTuning = {
  /**
   * The longest a visitor waits for the hub's answer to a lookup, retries included (ms). Also
   * the timeout of each background request (outbox, enrollment).
   */
  requestTimeoutMs: z.number().int().min(500).max(60_000).default(4000),
  /** Consecutive link failures (network, timeout, 5xx, garbage) that open the circuit breaker. */
  circuitFailureThreshold: z.number().int().min(1).max(100).default(3),
  /** How long an open breaker answers «no link» at once before it lets one probe through (s). */
  circuitOpenSeconds: z.number().int().min(1).max(3600).default(20),
};

/**
 * The hub: `embedded` (the default: `npm start` runs a local demo hub on SQLite next to the
 * kiosk) or `remote` (a real hub's base URL; with a fleet provisioning token the kiosk files an
 * enrollment request an admin approves, otherwise a technician enrolls it with a one-time code
 * made for its kiosk id). A config holding the token must be mode 0600 (the kiosk warns if not).
 */
export const HubConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('embedded'), ...HubTuning }).strict(),
  z
    .object({
      kind: z.literal('remote'),
      url: z.url({ protocol: /^https?$/ }),
      provisioningToken: z.string().min(16).max(128).optional(),
      ...HubTuning,
    })
    .strict(),
]);
export type HubConfig = z.infer<typeof HubConfig>;

/**
 * The content channel (docs/content.md): signed releases from the hub. Without a trusted root
 * file (the pinned `1.root.json` the hub's `content init` wrote) or without a hub, the kiosk runs
 * without content and says so once in its log.
 */
export const ContentConfig = z
  .object({
    enabled: z.boolean().default(true),
    /** How often the kiosk asks the hub for new content (s); also once at start. */
    pollSeconds: z.number().int().min(10).max(86_400).default(300),
    /** The pinned TUF root the kiosk trusts at first use, relative to the config file. */
    trustedRootFile: z.string().min(1).optional(),
  })
  .strict();
export type ContentConfig = z.infer<typeof ContentConfig>;

/**
 * The office's A4 printer, reached through CUPS: the kiosk prints the list of documents for a
 * service on it (`lp`, see `docs/documents-printout.md`). Absent: the screen shows the list instead.
 */
export const OfficePrinterConfig = z
  .object({
    /** The CUPS queue, as `lpstat -p` names it (no spaces; `name/instance` allowed). */
    destination: z
      .string()
      .min(1)
      .max(127)
      .regex(/^[^\s#?'"\\/-][^\s#?'"\\]*$/u, 'a CUPS destination as `lpstat -p` lists it, e.g. "office_a4"'),
    /** The program that queues the job: CUPS's `lp`, or a full path to it. */
    command: z.string().min(1).default('lp'),
    /** The longest `lp` may take to queue the job before it is killed (ms). */
    timeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
  })
  .strict();
export type OfficePrinterConfig = z.infer<typeof OfficePrinterConfig>;

/** The closing line of the A4 documents list when the config gives none. */
export const DEFAULT_DOCUMENTS_FOOTER =
  'Перечень справочный: если сомневаетесь, уточните его у специалиста МФЦ до подачи документов.';

/**
 * How the hosts supervise the kiosk's page (docs/operations/supervision.md): when it is taken for
 * frozen, the memory ceiling, and when repeated failures put the kiosk out of service.
 */
export const SupervisionConfig = z
  .object({
    /** No heartbeat from the page (sent every 2 s) for this long: it is frozen and restarted. */
    frozenAfterSeconds: z.number().int().min(3).max(300).default(10),
    /** A new page has this long to send its first heartbeat (a slow start on a weak PC). */
    startGraceSeconds: z.number().int().min(5).max(600).default(60),
    /** The page's JavaScript heap above this (MiB) restarts it between visitors; 0: no ceiling. */
    heapCeilingMiB: z.number().int().min(0).max(16_384).default(768),
    /** How often the page's heap is read (s). */
    memoryCheckSeconds: z.number().int().min(1).max(3600).default(30),
    /** This many failures (crash, kill, freeze) within `failureWindowMinutes` put the kiosk out of service. */
    failuresBeforeOutOfService: z.number().int().min(1).max(100).default(5),
    failureWindowMinutes: z.number().int().min(1).max(1440).default(10),
    /** Out of service, the page is tried again this often (s); staying up `failureWindowMinutes` puts it back. */
    slowRetrySeconds: z.number().int().min(0).max(3600).default(60),
    /** Keep a second browser started with no window, to show the page at once when the first is lost (browser host). */
    warmSpare: z.boolean().default(true),
  })
  .strict();
export type SupervisionConfig = z.infer<typeof SupervisionConfig>;

/** The last line of a ticket when the config gives none. */
export const DEFAULT_TICKET_FOOTER = 'Талон действителен в день выдачи';

export const KioskConfig = z
  .object({
    kiosk: z
      .object({
        id: z.string().min(1).max(64),
        /** IANA time zone of the office, used for ticket times and the daily counter. */
        timeZone: z.string().min(1).default('Europe/Moscow'),
      })
      .strict(),
    office: z
      .object({
        id: z.string().min(1).max(64),
        name: z.string().min(1).max(200),
        /** Street address, printed under the name on the A4 documents list. */
        address: z.string().min(1).max(300).optional(),
        /** The closing line of the A4 documents list (where to ask, the office's phone…). */
        documentsFooter: z.string().max(500).default(DEFAULT_DOCUMENTS_FOOTER),
      })
      .strict(),
    session: z
      .object({
        /** Seconds without a touch before the screen returns home and forgets the visitor. */
        idleResetSeconds: z.number().int().min(10).max(3600).default(60),
        /** Seconds before the reset when «Вы ещё здесь?» appears (0: no warning). */
        idleWarningSeconds: z.number().int().min(0).max(600).default(15),
      })
      .strict()
      .refine((s) => s.idleWarningSeconds < s.idleResetSeconds, {
        message: 'idleWarningSeconds must be less than idleResetSeconds',
        path: ['idleWarningSeconds'],
      }),
    devices: z
      .object({
        printer: PrinterConfig.nullable().default(null),
        scanner: ScannerConfig.nullable().default(null),
        documentReader: DocumentReaderConfig.nullable().default(null),
        /** The card terminal for state fees (none: the kiosk offers no card payments). */
        paymentTerminal: PaymentTerminalConfig.nullable().default(null),
      })
      .strict(),
    host: z
      .object({
        /** Port of the browser host on 127.0.0.1; 0 picks a free one. */
        port: z.number().int().min(0).max(65535).default(0),
        supervision: SupervisionConfig.default(SupervisionConfig.parse({})),
      })
      .strict()
      .default({ port: 0, supervision: SupervisionConfig.parse({}) }),
    hub: HubConfig.default({
      kind: 'embedded',
      requestTimeoutMs: 4000,
      circuitFailureThreshold: 3,
      circuitOpenSeconds: 20,
    }),
    /** Queue tickets. */
    tickets: z
      .object({
        /** The last line of every ticket (the office's phone, a reminder); empty: none. */
        footer: z.string().max(300).default(DEFAULT_TICKET_FOOTER),
        /** How often the hub's setup (catalogue, hours, offline block) is fetched again, in minutes. */
        setupRefreshMinutes: z.number().int().min(1).max(1440).default(10),
      })
      .strict()
      .default({ footer: DEFAULT_TICKET_FOOTER, setupRefreshMinutes: 10 }),
    /** The office's A4 printer (CUPS); absent: no printouts, the screen shows the documents list. */
    officePrinter: OfficePrinterConfig.optional(),
    /** Card payments of state fees (docs/payments.md). */
    payments: PaymentsConfig.default(DEFAULT_PAYMENTS_CONFIG),
    /** Signed content releases from the hub (docs/content.md). */
    content: ContentConfig.default({ enabled: true, pollSeconds: 300 }),
    /** Fleet health (docs/operations/fleet.md). */
    fleet: z
      .object({
        /**
         * How often the kiosk sends its heartbeat while its event stream to the hub is down (s);
         * keep equal to the hub's `fleet.heartbeatSeconds` (its keep-alive interval).
         */
        heartbeatSeconds: z.number().int().min(5).max(3600).default(60),
        /**
         * How often while the stream is open (s): the open stream tells the hub the kiosk is
         * alive. Keep equal to the hub's `fleet.streamHeartbeatSeconds`.
         */
        streamHeartbeatSeconds: z.number().int().min(60).max(86_400).default(900),
      })
      .strict()
      .default({ heartbeatSeconds: 60, streamHeartbeatSeconds: 900 }),
    /** The technician mode (docs/operations/technician.md). */
    technician: z
      .object({
        /** Minutes without a touch after which the technician mode leaves by itself. */
        idleMinutes: z.number().int().min(1).max(60).default(5),
        /**
         * The kiosk's technician PIN, only as its scrypt hash (N ≥ 2^15, r 8, p 1), the console's
         * password format `scrypt$1$<log2 N>$8$1$<salt>$<hash>`: made by
         * `node scripts/technician-pin.mjs`. Without it the PIN sign-in is off (QR only).
         */
        pinHash: z
          .string()
          .regex(
            /^scrypt\$1\$(1[5-9]|20)\$8\$1\$[A-Za-z0-9_-]{16,64}\$[A-Za-z0-9_-]{40,64}$/,
            'a PIN hash made by scripts/technician-pin.mjs (scrypt, N ≥ 2^15)',
          )
          .optional(),
      })
      .strict()
      .default({ idleMinutes: 5 }),
    /** Voice, larger text, languages, the low layout and help for visitors (docs/accessibility.md). */
    accessibility: AccessibilityConfig.default(DEFAULT_ACCESSIBILITY_CONFIG),
    /** Folder for journals, logs and the simulated printer's paper; relative to the config file. */
    dataDir: z.string().min(1).default('.okno-data'),
    /**
     * The services catalogue file, relative to the config file: the fallback shown until the hub's
     * setup (`GET /v1/kiosk/setup`, cached in the data folder) has been received once.
     */
    catalogue: z.string().min(1).default('demo-catalogue.json'),
  })
  .strict();
export type KioskConfig = z.infer<typeof KioskConfig>;
export type KioskConfigInput = z.input<typeof KioskConfig>;
