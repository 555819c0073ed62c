import { type ClockOffset, ClockOffsetEstimator, type HubAnswerTiming } from './clock-offset';

/** One HTTP answer of the hub (any status: a refusal is contact too). */
export interface HubAnswer extends HubAnswerTiming {
  status: number;
}

/**
 * What the kiosk's requests tell of the hub besides their answers: when it last answered, and
 * the clock offset from its `Date` headers. Fed by the hub client after every answer (the
 * kiosk's regular requests and the link probe), read by the technician's «Связь» page.
 */
export class HubContact {
  readonly #clock = new ClockOffsetEstimator();
  #lastAnswerAt: number | undefined;

  /** The hub answered (any HTTP status). */
  answered(answer: HubAnswer): void {
    this.#lastAnswerAt = answer.receivedAt;
    this.#clock.observe(answer);
  }

  /** When the hub last answered (kiosk clock, ms), if ever since start. */
  get lastAnswerAt(): number | undefined {
    return this.#lastAnswerAt;
  }

  /** The hub's clock minus the kiosk's, if an answer carried a usable `Date`. */
  get clockOffset(): ClockOffset | undefined {
    return this.#clock.estimate;
  }

  /** The kiosk's clock was set: earlier answers measured the old clock. */
  clockChanged(): void {
    this.#clock.reset();
    this.#lastAnswerAt = undefined;
  }
}
