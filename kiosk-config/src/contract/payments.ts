import { z } from 'zod';
import { ScreenLanguage } from './screen-language';

/**
 * Card payments of state fees (госпошлина) between the touch UI and the main side.
 *
 * An authorisation takes as long as the visitor needs with the card (a minute or more), longer
 * than any call may wait: `payments.start` answers at once with the payment's id, the terminal's
 * prompts arrive as `payment.progress` events and the end as `payment.finished`; the screen can
 * always ask `payments.state` (after a reload, or when an event was missed).
 */

/** Amounts are kopecks (integers), shown as roubles by the UI. */
export const AmountMinor = z.number().int().positive().max(100_000_000);

/** A fee the visitor can choose from the catalogue. */
export const FeeView = z.object({
  serviceId: z.string(),
  /** The plain-language name of what is paid for. */
  name: z.string(),
  amountMinor: AmountMinor,
  /** Who receives the money, e.g. «УФК по Тверской области (ГУ МВД)». */
  recipient: z.string(),
  /** Назначение платежа. */
  purpose: z.string(),
});
export type FeeView = z.infer<typeof FeeView>;

/** A charge the hub resolved from a УИН on a bill. */
export const ChargeView = z.object({
  /** The УИН, as printed on the bill (it is not personal data; it is shown back for checking). */
  uin: z.string(),
  amountMinor: AmountMinor,
  recipient: z.string(),
  purpose: z.string(),
});
export type ChargeView = z.infer<typeof ChargeView>;

/** What is being paid: a fee from the catalogue, or a charge by its УИН. */
export const PaymentSubject = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fee'), serviceId: z.string().min(1).max(64) }).strict(),
  z.object({ kind: z.literal('uin'), uin: z.string().regex(/^(\d{20}|\d{25})$/) }).strict(),
]);
export type PaymentSubject = z.infer<typeof PaymentSubject>;

/** The terminal's prompt, mirrored on the screen. */
export const PaymentStage = z.enum([
  'connecting',
  'present_card',
  'enter_pin',
  'processing',
  'remove_card',
  'printing',
]);
export type PaymentStage = z.infer<typeof PaymentStage>;

/** How a payment ended, as the visitor must understand it. */
export const PaymentEnd = z.discriminatedUnion('outcome', [
  /** Paid: the receipt printed (or, with the printer out, shown on screen and kept for a reprint). */
  z.object({
    outcome: z.literal('approved'),
    receipt: z.object({
      printed: z.boolean(),
      amountMinor: AmountMinor,
      purpose: z.string(),
      rrn: z.string(),
      authCode: z.string(),
      maskedPan: z.string(),
      paidAt: z.string(),
      /** A short reference the staff can find the payment by, e.g. `K01-3F9A`. */
      reference: z.string(),
      /**
       * The language of the receipt's labels as printed (the legal lines are Russian in every
       * language): the one asked for, or `ru` where the printer's code page lacks its letters.
       * Absent: not sent to the printer, or an older main side.
       */
      printedLanguage: ScreenLanguage.optional(),
    }),
    /** The visitor's ticket it was linked to, when they had one. */
    ticketNumber: z.string().optional(),
  }),
  z.object({ outcome: z.literal('declined'), message: z.string().optional() }),
  z.object({ outcome: z.literal('cancelled') }),
  /** The terminal did not answer in time; nothing was charged (or it was reversed). */
  z.object({ outcome: z.literal('timeout') }),
  /**
   * The terminal said nothing for `noAnswerMs` before it read the card (or did not confirm
   * «Отмена»): nothing was charged; the kiosk stops the payment in the background.
   */
  z.object({ outcome: z.literal('no_answer') }),
  /** Approved, but the kiosk could not deliver (no receipt): the payment was reversed, nothing charged. */
  z.object({ outcome: z.literal('reversed') }),
  /** The terminal could not be reached, or the result is not known yet: the staff will check. */
  z.object({ outcome: z.literal('failed'), needsAttention: z.boolean() }),
]);
export type PaymentEnd = z.infer<typeof PaymentEnd>;

export const PaymentStateView = z.discriminatedUnion('phase', [
  z.object({
    phase: z.literal('in_progress'),
    paymentId: z.string(),
    stage: PaymentStage,
    text: z.string().optional(),
    /**
     * Whether the terminal has read the card, as far as the main side knows (a prompt past
     * «present card»). Only before it may the screen say that no money was taken.
     */
    cardRead: z.boolean(),
  }),
  z.object({ phase: z.literal('finished'), paymentId: z.string(), end: PaymentEnd }),
]);
export type PaymentStateView = z.infer<typeof PaymentStateView>;
