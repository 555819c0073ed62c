/**
 * The kiosk clock's offset to the hub's, measured from the `Date` header of the hub's answers
 * (RFC 9110: whole seconds, GMT). One answer bounds the offset: the hub wrote `Date` at some
 * moment between the request leaving and the answer arriving, and its clock then read a time in
 * `[Date, Date + 1 s)`. So `offset = hub − kiosk` lies in `[Date − receivedAt, Date + 1 s − sentAt]`.
 * Answers are intersected: a few of them, each truncated at a different phase of the second,
 * narrow the interval well below a second.
 */

/** One answer of the hub, as the kiosk saw it. */
export interface HubAnswerTiming {
  /** The kiosk's clock when the request left (ms since the epoch). */
  sentAt: number;
  /** The kiosk's clock when the answer's headers arrived. */
  receivedAt: number;
  /** The answer's `Date` header, if any. */
  date: string | null;
}

/** The hub's clock minus the kiosk's, with how sure we are. */
export interface ClockOffset {
  /** Best estimate (ms): the middle of the interval. Positive: the kiosk is behind the hub. */
  offsetMs: number;
  /** Half the interval's width (ms): the true offset is within `offsetMs ± uncertaintyMs`. */
  uncertaintyMs: number;
  /** When the last answer that went into it arrived (kiosk clock, ms). */
  measuredAt: number;
  /** How many answers were intersected. */
  samples: number;
}

/** Longest round trip (ms) that still says something useful about the clock. */
const MAX_ROUND_TRIP_MS = 10_000;
/** Answers older than this are forgotten (kiosk clock drift, a step of either clock). */
const SAMPLE_LIFETIME_MS = 15 * 60_000;

const IMF_FIXDATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Parses an HTTP `Date` header in the one form servers must send (IMF-fixdate,
 * `Sun, 06 Nov 1994 08:49:37 GMT`) to ms since the epoch; undefined for anything else (the
 * obsolete forms are not worth trusting a clock to).
 */
export function parseHttpDate(header: string): number | undefined {
  const match = IMF_FIXDATE.exec(header.trim());
  if (!match) return undefined;
  const [, day, month, year, hour, minute, second] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const monthIndex = MONTHS.indexOf(month);
  const at = Date.UTC(Number(year), monthIndex, Number(day), Number(hour), Number(minute), Number(second));
  // Date.UTC rolls 31 Feb over to March: a date that does not exist is refused.
  const check = new Date(at);
  if (check.getUTCDate() !== Number(day) || check.getUTCMonth() !== monthIndex || Number(hour) > 23) return undefined;
  if (Number(minute) > 59 || Number(second) > 60) return undefined;
  return at;
}

/** The interval one answer allows for the offset (ms), or undefined when it says nothing. */
export function offsetBounds(answer: HubAnswerTiming): { low: number; high: number } | undefined {
  if (answer.date === null) return undefined;
  const hubSecond = parseHttpDate(answer.date);
  if (hubSecond === undefined) return undefined;
  const roundTrip = answer.receivedAt - answer.sentAt;
  if (!(roundTrip >= 0 && roundTrip <= MAX_ROUND_TRIP_MS)) return undefined;
  return { low: hubSecond - answer.receivedAt, high: hubSecond + 1000 - answer.sentAt };
}

/**
 * Keeps the answers of the last 15 minutes and intersects their intervals. When they disagree
 * (one clock was stepped), only the newest is kept: the estimate follows the step at once.
 */
export class ClockOffsetEstimator {
  #low = Number.NEGATIVE_INFINITY;
  #high = Number.POSITIVE_INFINITY;
  #samples = 0;
  #firstAt = 0;
  #lastAt = 0;

  /** Takes one answer into the estimate (ignored when it carries no usable `Date`). */
  observe(answer: HubAnswerTiming): void {
    const bounds = offsetBounds(answer);
    if (bounds === undefined) return;
    const stale =
      this.#samples === 0 || answer.receivedAt - this.#firstAt > SAMPLE_LIFETIME_MS || answer.receivedAt < this.#lastAt;
    const low = Math.max(this.#low, bounds.low);
    const high = Math.min(this.#high, bounds.high);
    if (stale || low > high) {
      this.#low = bounds.low;
      this.#high = bounds.high;
      this.#samples = 1;
      this.#firstAt = answer.receivedAt;
    } else {
      this.#low = low;
      this.#high = high;
      this.#samples += 1;
    }
    this.#lastAt = answer.receivedAt;
  }

  /** Forgets every answer: the kiosk's own clock was just set. */
  reset(): void {
    this.#samples = 0;
    this.#low = Number.NEGATIVE_INFINITY;
    this.#high = Number.POSITIVE_INFINITY;
  }

  /** The estimate now, or undefined before any usable answer. */
  get estimate(): ClockOffset | undefined {
    if (this.#samples === 0) return undefined;
    return {
      offsetMs: Math.round((this.#low + this.#high) / 2),
      uncertaintyMs: Math.ceil((this.#high - this.#low) / 2),
      measuredAt: this.#lastAt,
      samples: this.#samples,
    };
  }
}
