import { z } from 'zod';

/**
 * The kiosk's configuration file, as validated on load.
 *
 * Defaults make the embedded demo real: simulated devices on pseudo-terminals, a demo office.
 * A deployment overrides devices with serial ports and, later, a hub address.
 */

/** Where a serial device is attached. Prefer `/dev/serial/by-id/…`: it survives a replug. */
export const SerialConnection = z
  .object({
    kind: z.literal('serial'),
    path: z.string().min(1),
    baudRate: z.number().int().positive().default(115200),
  })
  .strict();

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

export const ScannerConfig = z
  .object({
    connection: DeviceConnection,
    suffix: ScanSuffix.default('CR'),
  })
  .strict();
export type ScannerConfig = z.infer<typeof ScannerConfig>;

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
      })
      .strict(),
    host: z
      .object({
        /** Port of the browser host on 127.0.0.1; 0 picks a free one. */
        port: z.number().int().min(0).max(65535).default(0),
      })
      .strict()
      .default({ port: 0 }),
    /** Folder for journals, logs and the simulated printer's paper; relative to the config file. */
    dataDir: z.string().min(1).default('.okno-data'),
    /** The services catalogue file, relative to the config file (moves to hub content later). */
    catalogue: z.string().min(1).default('demo-catalogue.json'),
  })
  .strict();
export type KioskConfig = z.infer<typeof KioskConfig>;
export type KioskConfigInput = z.input<typeof KioskConfig>;
