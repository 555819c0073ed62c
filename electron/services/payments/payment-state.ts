import { PAYMENT_STATE_RANK, type PaymentState } from '../../../kiosk-config/src/hub/payments-api';

export type { PaymentState } from '../../../kiosk-config/src/hub/payments-api';

/**
 * The life of a card payment at the kiosk, as pure data. Each state says what is certain at that
 * moment, so that the journal's last line tells recovery what to do after a power cut:
 *
 * | state             | certain                                                              |
 * | ----------------- | -------------------------------------------------------------------- |
 * | `created`         | journaled; the terminal has not been asked                           |
 * | `authorising`     | the terminal may have been asked (written just before asking)        |
 * | `unknown`         | it was asked and its answer was lost: charged or not, nobody knows   |
 * | `authorised`      | approved (funds held or taken); no receipt has gone to the printer   |
 * | `delivering`      | the receipt may be on paper (written just before printing)           |
 * | `delivered`       | the visitor has the receipt (paper or screen), the hub will learn it |
 * | `reversing`       | a reversal may have been sent (written just before sending)          |
 * | `committed`       | final: paid, delivered, funds taken                                  |
 * | `declined`        | final: the bank said no; nothing charged                             |
 * | `cancelled`       | final: nothing charged (visitor, terminal away, never completed)     |
 * | `reversed`        | final: approved, then released; nothing charged                      |
 * | `needs_attention` | automation cannot settle it; a person must (with `reason`)           |
 * | `resolved`        | final: a person settled a `needs_attention` payment                  |
 *
 * Why `needs_attention` is a state and not a flag: some outcomes cannot be settled by retrying —
 * the terminal cannot tell whether an authorisation happened, refuses to reverse or to commit —
 * and retrying them forever would hide them. The state stops the automation, puts the payment on
 * the technician's list and tells the hub; only a person (`resolved`) takes it off. A payment
 * that only waits for the terminal to answer again stays `unknown` and is retried.
 */

/** Where each state may go. Anything else is a bug: `assertTransition` throws. */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentState, readonly PaymentState[]>> = {
  created: ['authorising', 'cancelled'],
  authorising: ['authorised', 'declined', 'cancelled', 'unknown', 'needs_attention'],
  unknown: ['authorised', 'declined', 'cancelled', 'needs_attention'],
  // `delivered` directly: shown on the screen when nothing was sent to a printer.
  authorised: ['delivering', 'delivered', 'reversing'],
  delivering: ['delivered', 'reversing'],
  delivered: ['committed', 'needs_attention'],
  reversing: ['reversed', 'needs_attention'],
  needs_attention: ['resolved'],
  committed: [],
  declined: [],
  cancelled: [],
  reversed: [],
  resolved: [],
};

/** States with no way out: the journal may archive them. */
export const FINAL_STATES: ReadonlySet<PaymentState> = new Set(
  (Object.keys(PAYMENT_TRANSITIONS) as PaymentState[]).filter((state) => PAYMENT_TRANSITIONS[state].length === 0),
);

/** Whether the payment is over (nothing more will happen to it without a new payment). */
export function isFinal(state: PaymentState): boolean {
  return FINAL_STATES.has(state);
}

/**
 * States recovery must act on (automation still owes something). `needs_attention` is not one:
 * it waits for a person.
 */
export function isUnsettled(state: PaymentState): boolean {
  return !isFinal(state) && state !== 'needs_attention';
}

/**
 * States in which the terminal's "last transaction" is the only evidence of what happened: while
 * one exists, no new authorisation may start (it would overwrite that evidence).
 */
export function dependsOnLastTransaction(state: PaymentState): boolean {
  return state === 'authorising' || state === 'unknown';
}

/** Tells whether `from → to` is in the table. */
export function canTransition(from: PaymentState, to: PaymentState): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

/** An illegal transition: always a bug in the payment code, never a device fault. */
export class IllegalPaymentTransition extends Error {
  constructor(
    readonly from: PaymentState,
    readonly to: PaymentState,
  ) {
    super(`illegal payment transition ${from} → ${to}`);
    this.name = 'IllegalPaymentTransition';
  }
}

/** Throws `IllegalPaymentTransition` unless `from → to` is in the table. */
export function assertTransition(from: PaymentState, to: PaymentState): void {
  if (!canTransition(from, to)) throw new IllegalPaymentTransition(from, to);
}

/** The hub's order of states (shared contract): every transition goes up. */
export function stateRank(state: PaymentState): number {
  return PAYMENT_STATE_RANK[state];
}
