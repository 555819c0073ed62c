import { z } from 'zod';

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
 */
export const SerialConnection = z
  .object({
    kind: z.literal('serial'),
    path: z.string().min(1).optional(),
    usb: UsbSerialMatch.optional(),
    baudRate: z.number().int().positive().default(115200),
  })
  .strict()
  .refine((c) => (c.path === undefined) !== (c.usb === undefined), {
    message: 'give either "path" or "usb" (vendorId, productId, optional serialNumber), not both',
    path: ['path'],
  });
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
 * kiosk) or `remote` (a real hub's base URL; with a provisioning token the kiosk enrolls itself
 * at first start, otherwise a technician enrolls it with a one-time code).
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
      })
      .strict(),
    host: z
      .object({
        /** Port of the browser host on 127.0.0.1; 0 picks a free one. */
        port: z.number().int().min(0).max(65535).default(0),
      })
      .strict()
      .default({ port: 0 }),
    hub: HubConfig.default({
      kind: 'embedded',
      requestTimeoutMs: 4000,
      circuitFailureThreshold: 3,
      circuitOpenSeconds: 20,
    }),
    /** Folder for journals, logs and the simulated printer's paper; relative to the config file. */
    dataDir: z.string().min(1).default('.okno-data'),
    /** The services catalogue file, relative to the config file (moves to hub content later). */
    catalogue: z.string().min(1).default('demo-catalogue.json'),
  })
  .strict();
export type KioskConfig = z.infer<typeof KioskConfig>;
export type KioskConfigInput = z.input<typeof KioskConfig>;
