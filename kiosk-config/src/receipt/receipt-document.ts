import { z } from 'zod';

/**
 * A receipt (ticket, status slip, payment receipt) as data: what to print, not how.
 *
 * The printer driver renders it to bytes for its profile; the simulator decodes those bytes
 * back into "paper". Text is plain Unicode; the encoder maps it to the profile's code page.
 */
export const Align = z.enum(['left', 'center', 'right']);

export const ReceiptLine = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('text'),
      text: z.string().max(2000),
      align: Align.default('left'),
      /** Character magnification, 1..8 in each direction. */
      width: z.number().int().min(1).max(8).default(1),
      height: z.number().int().min(1).max(8).default(1),
      bold: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      type: z.literal('qr'),
      data: z.string().min(1).max(2000),
      moduleSize: z.number().int().min(1).max(16).default(6),
    })
    .strict(),
  z
    .object({
      type: z.literal('columns'),
      /** Left-aligned text (a label); wraps onto more lines when it does not fit. */
      left: z.string().max(500),
      /** Right-aligned text (an amount, a time); kept on one line, on the left text's last line. */
      right: z.string().max(100),
      /** Fills the gap between them: ' ' (default) or '.' for a dotted leader. */
      filler: z.string().length(1).default(' '),
      bold: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      type: z.literal('barcode'),
      /** Printable ASCII, printed as CODE128 with the text below the bars. */
      data: z
        .string()
        .min(1)
        .max(40)
        .regex(/^[\x20-\x7e]+$/),
    })
    .strict(),
  z.object({ type: z.literal('rule') }).strict(),
  z.object({ type: z.literal('feed'), lines: z.number().int().min(1).max(20) }).strict(),
  z.object({ type: z.literal('cut') }).strict(),
]);
export type ReceiptLine = z.input<typeof ReceiptLine>;

export const ReceiptDocument = z.object({ lines: z.array(ReceiptLine).min(1) }).strict();
export type ReceiptDocument = z.input<typeof ReceiptDocument>;
