import { z } from 'zod';

/**
 * Card payments at the kiosk (`payments` in the kiosk config): how the payment service treats an
 * approved payment whose receipt cannot be delivered, and its patience with the terminal.
 * docs/payments.md, "Journal, recovery and ledger", explains each.
 */
export const PaymentsConfig = z
  .object({
    /**
     * An approved payment whose receipt cannot be printed while the visitor is there: `reverse`
     * (release the money, «nothing was charged») or `deliver_on_screen` (show the receipt, keep
     * the payment, owe a printed copy). Recovery after a crash always reverses an undelivered one.
     */
    undeliveredPolicy: z.enum(['reverse', 'deliver_on_screen']).default('reverse'),
    /** The longest an authorisation may take, card fumbling included; the terminal's own timeout must be shorter. */
    authoriseTimeoutSeconds: z.number().int().min(30).max(600).default(120),
    /** After that, how much longer before «the terminal shows nothing of ours» means «not charged». */
    settleGraceSeconds: z.number().int().min(0).max(600).default(15),
    /** How long a visitor waits while a lost answer is asked about, before «we will sort it out». */
    unknownWaitSeconds: z.number().int().min(0).max(120).default(30),
    /**
     * Before the card is read, how long the payment screen waits for the terminal's first word,
     * and for its answer to «Отмена»: then the visitor is told «Терминал не отвечает. Деньги не
     * списаны» and goes home, while the abort and the journal go on in the background. Decimals
     * allowed (tests use a second or two).
     */
    noAnswerSeconds: z.number().min(1).max(120).default(15),
    /** How often recovery looks at unsettled payments (it also runs at start). */
    recoveryIntervalSeconds: z.number().int().min(10).max(3600).default(60),
    /**
     * When the terminal's day is closed (сверка итогов) on the office's wall clock, `HH:MM`, so
     * the hub can reconcile the day. `null` (the default, as in the demo): never by itself —
     * a real kiosk sets it (the examples do), after the office closes.
     */
    endOfDayAt: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM')
      .nullable()
      .default(null),
  })
  .strict();
export type PaymentsConfig = z.infer<typeof PaymentsConfig>;

/** The defaults, for `KioskConfig`'s `.default`. */
export const DEFAULT_PAYMENTS_CONFIG: PaymentsConfig = {
  undeliveredPolicy: 'reverse',
  authoriseTimeoutSeconds: 120,
  settleGraceSeconds: 15,
  unknownWaitSeconds: 30,
  noAnswerSeconds: 15,
  recoveryIntervalSeconds: 60,
  endOfDayAt: null,
};
