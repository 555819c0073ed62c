import { z } from 'zod';

/**
 * A receipt printer model's capabilities, as data (`kiosk-config/printer-profiles/*.json`).
 *
 * Device differences live here, not in branches of driver code.
 */
export const PrinterProfile = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    /** Paper width in mm: 58 or 80. */
    paperWidthMm: z.union([z.literal(58), z.literal(80)]),
    /** Characters per line in font A at normal size. */
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
  })
  .strict();
export type PrinterProfile = z.infer<typeof PrinterProfile>;
