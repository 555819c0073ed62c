import { z } from 'zod';
import { DeviceStatus } from '../devices';

const NoInput = z.object({}).strict();
const IsoTime = z.iso.datetime({ offset: true });
const DeviceProblem = DeviceStatus.shape.problems.element;

/** What a printer says stops it behind `error` (`DLE EOT 3`): the cutter, a mechanical fault… */
export const PrinterErrorCause = z.enum(['mechanical', 'cutter', 'unrecoverable', 'auto_recoverable']);

/** What a printer said it is (`GS I`); an item it did not answer is absent («не сообщает»). */
export const PrinterIdentityView = z
  .object({ maker: z.string().max(80), model: z.string().max(80), firmware: z.string().max(80) })
  .partial()
  .strict();
export type PrinterIdentityView = z.infer<typeof PrinterIdentityView>;

/**
 * One configured device on the «Устройства» page: its status (as `devices.changed` says it),
 * and what only the technician sees. Never a visitor's data: no scanned text, no document field.
 */
export const TechnicianDeviceView = z
  .object({
    status: DeviceStatus,
    /** The printer: the causes behind `error`, when it said (a jammed cutter…). */
    errorCauses: z.array(PrinterErrorCause).max(4).optional(),
    /** The last time the device reported a problem, since the kiosk started. */
    lastFault: z
      .object({ problems: z.array(DeviceProblem).min(1).max(6), at: IsoTime })
      .strict()
      .optional(),
    /** The scanner: the last code read while the technician mode was open (never a visitor's), without its text. */
    lastScan: z
      .object({
        aim: z.string().max(3).optional(),
        symbology: z.string().max(40).optional(),
        length: z.number().int().min(0).max(10_000),
        at: IsoTime,
      })
      .strict()
      .optional(),
    /** The card terminal: ready, and the day (сверка итогов) as the payments service keeps it. */
    day: z
      .object({
        /** When the terminal's day was last closed, if ever on this kiosk. */
        lastClosedAt: IsoTime.optional(),
        /** Payments approved since then (a count only). */
        paymentsSinceClose: z.number().int().min(0),
        /** Payments not yet settled: the day cannot be closed until they are. */
        unsettled: z.number().int().min(0),
      })
      .strict()
      .optional(),
  })
  .strict();
export type TechnicianDeviceView = z.infer<typeof TechnicianDeviceView>;

/** The «Устройства» page: every configured device. */
export const DevicesPageView = z
  .object({
    devices: z.array(TechnicianDeviceView).max(8),
    /** The receipt printer's profile (`generic-80mm`…), when a printer is configured. */
    printerProfile: z.string().max(80).optional(),
  })
  .strict();
export type DevicesPageView = z.infer<typeof DevicesPageView>;

/**
 * The test page's outcome: `printed` (the printer confirmed it), `unconfirmed` (sent, the printer
 * did not confirm it), `failed` (a fault: `fault` says which), `no_printer` (none attached).
 */
export const TestPrintOutcome = z
  .object({
    outcome: z.enum(['printed', 'unconfirmed', 'failed', 'no_printer']),
    fault: z.enum(['paper_out', 'cover_open', 'not_responding', 'error']).optional(),
    /** What the printer said it is (`GS I`), printed on the page too. */
    identity: PrinterIdentityView,
  })
  .strict();
export type TestPrintOutcome = z.infer<typeof TestPrintOutcome>;

/** «Проверить сканер»: the next code read within 30 s, which went to this page only. */
export const TestScanOutcome = z.discriminatedUnion('read', [
  z
    .object({
      read: z.literal(true),
      /** The code's text: the technician's own test code. */
      text: z.string().max(4000),
      /** The AIM identifier the scanner sent (`]Q1`), when it sent one. */
      aim: z.string().max(3).optional(),
      /** The symbology the identifier names (`QR Code`). */
      symbology: z.string().max(40).optional(),
      /** What the kiosk would take it for: a payment QR, GS1 data, text. */
      kind: z.enum(['payment_qr', 'gs1', 'text']),
    })
    .strict(),
  z.object({ read: z.literal(false), reason: z.enum(['timeout', 'no_scanner', 'busy']) }).strict(),
]);
export type TestScanOutcome = z.infer<typeof TestScanOutcome>;

/** «Проверить считыватель»: a document placed within 30 s, by its layout only (never a field). */
export const TestDocumentOutcome = z.discriminatedUnion('read', [
  z.object({ read: z.literal(true), layout: z.enum(['td1', 'td2', 'td3', 'ru_internal']) }).strict(),
  z
    .object({
      read: z.literal(false),
      reason: z.enum([
        'timeout',
        'no_reader',
        'busy',
        'mrz_rejected',
        'document_timeout',
        'document_too_long',
        'disconnected',
      ]),
    })
    .strict(),
]);
export type TestDocumentOutcome = z.infer<typeof TestDocumentOutcome>;

/**
 * «Диагностика терминала»: whether the card terminal answers and is ready, and its own diagnosis
 * (ZVT 06 70: its link to the bank) where the protocol has one.
 */
export const TerminalDiagnosisOutcome = z
  .object({
    outcome: z.enum(['ready', 'not_ready', 'no_terminal']),
    terminalId: z.string().max(40).optional(),
    /** The terminal's own reason when it is not ready (no personal data: codes and texts of the terminal). */
    reason: z.string().max(200).optional(),
    /** The terminal's diagnosis slip (terminal and bank link data, never a card's). */
    slip: z.array(z.string().max(80)).max(40).optional(),
  })
  .strict();
export type TerminalDiagnosisOutcome = z.infer<typeof TerminalDiagnosisOutcome>;

/** «Закрыть смену»: the terminal's end of day, through the same path as the centre's command. */
export const CloseDayOutcome = z.discriminatedUnion('closed', [
  z
    .object({
      closed: z.literal(true),
      closedAt: IsoTime,
      count: z.number().int().min(0),
      totalMinor: z.number().int().min(0),
    })
    .strict(),
  z
    .object({
      closed: z.literal(false),
      reason: z.enum(['unsettled_payments', 'terminal_unavailable', 'terminal_failed']),
      message: z.string().max(200),
    })
    .strict(),
]);
export type CloseDayOutcome = z.infer<typeof CloseDayOutcome>;

/** The «Устройства» page's calls (technician only), spread into `technicianCalls`. */
export const technicianDeviceCalls = {
  /** Every configured device with its live state. */
  'technician.devices': { input: NoInput, output: DevicesPageView },
  /** Prints the test page on the receipt printer. */
  'technician.testPrint': { input: NoInput, output: TestPrintOutcome },
  /** Waits up to 30 s for a scan, which goes to the technician and to no visitor screen. */
  'technician.testScan': { input: NoInput, output: TestScanOutcome },
  /** Asks the card terminal whether it is there and ready. */
  'technician.terminalDiagnosis': { input: NoInput, output: TerminalDiagnosisOutcome },
  /** Closes the card terminal's day and sends the totals to the centre. */
  'technician.closeDay': { input: NoInput, output: CloseDayOutcome },
  /** Waits up to 30 s for a document on the reader; says only its layout. */
  'technician.testDocumentReader': { input: NoInput, output: TestDocumentOutcome },
} as const;
