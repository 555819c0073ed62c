import { z } from 'zod';

/**
 * How the printer paces the host on a serial line when its receive buffer fills.
 *
 * `rtscts`: hardware handshake on the CTS line (the printer's busy/DTR signal wired to it);
 * `xonxoff`: the printer sends XOFF (0x13) and XON (0x11). ESC/POS status bytes never equal
 * either, so software flow control does not eat answers. `none`: USB-serial adapters and PTYs.
 */
export const PrinterFlowControl = z.enum(['none', 'rtscts', 'xonxoff']);
export type PrinterFlowControl = z.infer<typeof PrinterFlowControl>;

/**
 * A receipt printer model's capabilities, as data (`kiosk-config/printer-profiles/*.json`).
 *
 * Device differences live here, not in branches of driver code.
 */
export const PrinterProfile = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    /** Where the values come from (manual, page, library table), for whoever checks them next. */
    source: z.string().min(1).optional(),
    /** Paper width in mm: 58 or 80. */
    paperWidthMm: z.union([z.literal(58), z.literal(80)]),
    /** Characters per line in font A at normal size (32 on 58 mm, 42 or 48 on 80 mm). */
    columns: z.number().int().min(16).max(64),
    /** The Cyrillic code page and the `ESC t n` number this model uses for it. */
    codePage: z
      .object({ encoding: z.enum(['cp866', 'windows-1251']), escT: z.number().int().min(0).max(255) })
      .strict(),
    /** Send `FS .` to leave double-byte (Kanji) mode first: many Chinese firmwares start in it. */
    leaveDoubleByteMode: z.boolean(),
    /** Prints QR codes itself with `GS ( k`. */
    nativeQr: z.boolean(),
    /** Has an auto-cutter (`GS V`). */
    cutter: z.boolean(),
    /** Lines to feed before cutting so the last printed line clears the blade. */
    feedBeforeCut: z.number().int().min(0).max(10),
    /**
     * Supports automatic status back (`GS a n`): the printer sends its state by itself whenever
     * it changes, so the kiosk hears of an opened cover without polling.
     */
    automaticStatusBack: z.boolean().default(false),
    /**
     * Answers `GS r 1` once it has printed what came before (default true), which is how the
     * kiosk knows a ticket is on paper. False for a firmware that never answers it: the job is
     * then not asked to be confirmed but called sent when the status polled for a moment after it
     * shows no fault, rather than failing every ticket for want of an answer.
     */
    confirmsJobs: z.boolean().default(true),
    /**
     * What the model answers to `GS I` 66 (maker), 67 (model) and 65 (firmware version), as a
     * unit of it does; the simulator answers with these. Absent: the model does not answer them,
     * and the technician's test page says «не сообщает».
     */
    identity: z
      .object({
        maker: z.string().min(1).max(40),
        model: z.string().min(1).max(40),
        firmware: z.string().min(1).max(40),
      })
      .strict()
      .optional(),
    /** Serial flow control the printer is set to (its DIP or memory switches must agree). */
    flowControl: PrinterFlowControl.default('none'),
  })
  .strict();
export type PrinterProfile = z.infer<typeof PrinterProfile>;
