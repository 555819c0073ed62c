import { z } from 'zod';
import { DeviceKind } from '../devices';

const NoInput = z.object({}).strict();

/** A USB id as the lister reports it: four lowercase hex digits (`04b8`). */
const UsbIdText = z.string().regex(/^[0-9a-f]{4}$/);

/**
 * What a port probably is, guessed from its USB ids (a table of known makers: `known-usb-ids.ts`),
 * or `simulator` for a simulator's pseudo-terminal. `verified` is false where the id is from
 * hearsay rather than a vendor's own listing: the page says «вероятно».
 */
export const PortGuess = z
  .object({
    kind: z.enum(['printer', 'scanner', 'payment_terminal', 'usb_serial_adapter', 'simulator', 'unknown']),
    /** The maker as the table names it (`Epson`, `FTDI`…), when known. */
    vendor: z.string().max(80).optional(),
    verified: z.boolean(),
  })
  .strict();
export type PortGuess = z.infer<typeof PortGuess>;

/** A serial port the kiosk can see, with the names a technician recognises. */
export const SerialPortView = z
  .object({
    /** What to configure: the `/dev/serial/by-id/…` link when there is one (it survives a replug), else the port. */
    path: z.string().min(1).max(500),
    /** The kernel's name behind it (`/dev/ttyUSB0`). */
    devicePath: z.string().min(1).max(500),
    /** udev's by-id name, as words (`FTDI FT232R USB UART A10K5XYZ`). */
    byIdName: z.string().max(300).optional(),
    vendorId: UsbIdText.optional(),
    productId: UsbIdText.optional(),
    manufacturer: z.string().max(200).optional(),
    product: z.string().max(200).optional(),
    guess: PortGuess,
    /** The configured device on this port now, if any. */
    usedBy: DeviceKind.optional(),
  })
  .strict();
export type SerialPortView = z.infer<typeof SerialPortView>;

/** A HID device (a HID POS scanner, a card terminal's keypad…), with its usage page and usage. */
export const HidDeviceView = z
  .object({
    path: z.string().max(500).optional(),
    vendorId: UsbIdText,
    productId: UsbIdText,
    manufacturer: z.string().max(200).optional(),
    product: z.string().max(200).optional(),
    usagePage: z.number().int().min(0).max(0xffff).optional(),
    usage: z.number().int().min(0).max(0xffff).optional(),
    guess: PortGuess,
  })
  .strict();
export type HidDeviceView = z.infer<typeof HidDeviceView>;

/** A printer profile to choose from (`kiosk-config/printer-profiles/`). */
export const PrinterProfileChoice = z
  .object({ id: z.string().min(1).max(80), name: z.string().min(1).max(200), paperWidthMm: z.number().int() })
  .strict();

/** The devices whose port the «Подключение» page sets (the card terminal is set in «Настройки»' file). */
export const PortDevice = z.enum(['printer', 'scanner', 'document_reader']);
export type PortDevice = z.infer<typeof PortDevice>;

/** What `technician.ports.list` answers. */
export const PortListing = z
  .object({
    serial: z.array(SerialPortView).max(256),
    /** How the serial list was made: serialport's (udev), or the kiosk's own look at /dev and /sys. */
    serialSource: z.enum(['serialport', 'sysfs']),
    /** Why serialport's list was not used (udevadm missing), for the page's small print. */
    serialProblem: z.string().max(300).optional(),
    hid: z.array(HidDeviceView).max(256),
    /** Why no HID device could be listed (node-hid cannot open hidraw), when so. */
    hidProblem: z.string().max(300).optional(),
    printerProfiles: z.array(PrinterProfileChoice).max(100),
    /** Where each configured serial device is now (path and speed), to preselect the choice. */
    current: z
      .array(
        z
          .object({
            device: PortDevice,
            path: z.string().max(500).optional(),
            baudRate: z.number().int().positive(),
            profile: z.string().max(80).optional(),
          })
          .strict(),
      )
      .max(3),
  })
  .strict();
export type PortListing = z.infer<typeof PortListing>;

/** The usual speeds of kiosk devices; the page offers these. */
export const BAUD_RATES = [9600, 19200, 38400, 57600, 115200] as const;

/** A port chosen for a device: tried live, or saved into the config. */
export const PortChoice = z
  .object({
    device: PortDevice,
    path: z
      .string()
      .min(1)
      .max(500)
      .regex(/^\/[^\0]*$/, 'an absolute device path'),
    baudRate: z.number().int().min(1200).max(921_600),
    /** The printer's profile (printers only). */
    profile: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
      .optional(),
  })
  .strict();
export type PortChoice = z.infer<typeof PortChoice>;

/** How «Проверить» went: each step, and one sentence for the technician. */
export const PortTryOutcome = z
  .object({
    opened: z.boolean(),
    /** The device answered (a printer's `DLE EOT`); for other kinds, true once the port opened. */
    answered: z.boolean(),
    /** The check slip was printed and confirmed (printers). */
    printed: z.boolean(),
    problems: z.array(z.string().max(40)).max(10),
    message: z.string().max(300),
  })
  .strict();
export type PortTryOutcome = z.infer<typeof PortTryOutcome>;

/** A config section that is read only at start: changed, it needs the kiosk restarted. */
export const RestartSection = z.string().min(1).max(60);

/**
 * The config store's state: a change waiting for «Работает» (with when it rolls back by itself),
 * how the last change ended, and which saved sections wait for a restart.
 */
export const ConfigChangeState = z
  .object({
    pending: z
      .object({
        id: z.string().min(1).max(64),
        devices: z.array(PortDevice).max(3),
        /** When the change rolls back unless confirmed or the devices are ready (ISO 8601). */
        deadline: z.iso.datetime({ offset: true }),
        /** Whether every affected device is ready now. */
        ready: z.boolean(),
      })
      .strict()
      .nullable(),
    last: z
      .object({
        outcome: z.enum(['confirmed', 'kept', 'rolled_back']),
        at: z.iso.datetime({ offset: true }),
        devices: z.array(PortDevice).max(3),
      })
      .strict()
      .nullable(),
    restartRequired: z.array(RestartSection).max(20),
    /** Whether the kiosk can restart itself (the host gave it a way). */
    canRestart: z.boolean(),
  })
  .strict();
export type ConfigChangeState = z.infer<typeof ConfigChangeState>;

/** A field's problem, as the form shows it under the field. */
export const FieldIssue = z.object({ path: z.string().max(200), message: z.string().max(300) }).strict();
export type FieldIssue = z.infer<typeof FieldIssue>;

/** What saving answers: saved (and the store's state), or refused with each field's problem. */
export const ConfigSaveOutcome = z.discriminatedUnion('saved', [
  z.object({ saved: z.literal(true), state: ConfigChangeState }).strict(),
  z.object({ saved: z.literal(false), issues: z.array(FieldIssue).max(50) }).strict(),
]);
export type ConfigSaveOutcome = z.infer<typeof ConfigSaveOutcome>;

/** One field of the settings form, derived from the settings' zod schema (its JSON Schema). */
export const SettingsField = z
  .object({
    /** Dotted path in the form's values (`session.idleResetSeconds`). */
    path: z.string().min(1).max(200),
    section: z.string().min(1).max(60),
    label: z.string().min(1).max(200),
    kind: z.enum(['integer', 'number', 'string', 'boolean', 'enum']),
    min: z.number().optional(),
    max: z.number().optional(),
    maxLength: z.number().int().optional(),
    options: z.array(z.string().max(80)).max(50).optional(),
    /** May be left empty (the section or the value is optional). */
    optional: z.boolean(),
  })
  .strict();
export type SettingsField = z.infer<typeof SettingsField>;

/** A value of a form field. */
export const SettingsValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
export type SettingsValue = z.infer<typeof SettingsValue>;

/** The form's values by field path. */
export const SettingsValues = z.record(z.string().max(200), SettingsValue);
export type SettingsValues = z.infer<typeof SettingsValues>;

/** What `technician.settings.form` answers: the fields, their section titles and today's values. */
export const SettingsFormView = z
  .object({
    sections: z.array(z.object({ id: z.string().max(60), title: z.string().max(120) }).strict()).max(20),
    fields: z.array(SettingsField).max(100),
    values: SettingsValues,
  })
  .strict();
export type SettingsFormView = z.infer<typeof SettingsFormView>;

/** The «Подключение» and «Настройки» pages' calls (spread into `technicianCalls`). */
export const portsAndSettingsCalls = {
  /** The serial ports and HID devices the kiosk sees, with guesses, the printer profiles and the current choice. */
  'technician.ports.list': { input: NoInput, output: PortListing },
  /** Opens the port with the choice, asks the device, prints a check slip (printers); saves nothing. */
  'technician.ports.try': { input: PortChoice, output: PortTryOutcome },
  /** Saves the choice in the config and re-attaches that device; rolls back unless it comes up or is confirmed. */
  'technician.ports.save': { input: PortChoice, output: ConfigSaveOutcome },
  /** The settings form: fields from the schema and the values in force (no secrets). */
  'technician.settings.form': { input: NoInput, output: SettingsFormView },
  /** Validates and saves the settings form. */
  'technician.settings.save': { input: z.object({ values: SettingsValues }).strict(), output: ConfigSaveOutcome },
  /** The config store's state (the pending change, the last outcome, restarts needed). */
  'technician.config.state': { input: NoInput, output: ConfigChangeState },
  /** «Работает»: keeps the pending change. */
  'technician.config.confirm': { input: NoInput, output: ConfigChangeState },
  /** Restarts the kiosk so that saved sections read at start take effect (when the host can). */
  'technician.config.restart': { input: NoInput, output: z.object({ restarting: z.boolean() }).strict() },
} as const;

/** The names of the «Подключение» and «Настройки» pages' calls. */
export type PortsAndSettingsCallName = keyof typeof portsAndSettingsCalls;
