/**
 * An open-loop load generator: requests go out on a fixed schedule (request i is due at
 * start + i / rate), whether or not earlier ones were answered, and each latency is counted from
 * the moment its request was due, not from when it went out. A closed loop (autocannon's
 * connections each waiting for their answer) sends less while the server stalls, so the stall
 * hides in few samples ("coordinated omission"); here a 200 ms stall at 5,000/s delays 1,000
 * requests, and the p99 shows it.
 *
 * The generator's own lag (how late it sent, behind the schedule) is reported too: when that is
 * large, the machine could not keep the schedule and the figures are the generator's as much as
 * the server's.
 */
import { Agent, request } from 'node:http';
import { type LatencySummary, summarise } from './bench-support';

/** When request `index` is due (ms on the clock of `startMs`). */
export function dueAtMs(startMs: number, index: number, ratePerSecond: number): number {
  return startMs + (index * 1000) / ratePerSecond;
}

/** How many of `total` requests are due once `elapsedMs` have passed since the start (request 0 at once). */
export function dueCount(elapsedMs: number, ratePerSecond: number, total: number): number {
  if (elapsedMs < 0) return 0;
  return Math.min(total, Math.floor((elapsedMs * ratePerSecond) / 1000) + 1);
}

/** Requests in a phase of `seconds` at `ratePerSecond`. */
export function requestCount(ratePerSecond: number, seconds: number): number {
  return Math.round(ratePerSecond * seconds);
}

/** What one request came to: answered with success, or not (an error status, a refused connection). */
export type SendOutcome = 'ok' | 'failed';

/** A phase of the generator. */
export interface FixedRateOptions {
  ratePerSecond: number;
  seconds: number;
  /** Sends request `index`; resolves when its answer has arrived in full. */
  send: (index: number) => Promise<SendOutcome>;
  /** Milliseconds, monotonic (performance.now by default; tests pass a fake). */
  clock?: () => number;
  /** Sleeps between turns (setTimeout by default). */
  sleep?: (ms: number) => Promise<void>;
  /** The pause between turns of sending whatever is due (ms): a timer per request would lag. */
  turnMs?: number;
}

/** A phase's figures. */
export interface FixedRateFigures {
  ratePerSecond: number;
  seconds: number;
  requests: number;
  /** Error statuses and transport errors (their latencies count too: until the failure arrived). */
  failures: number;
  /** From each request's due time to its whole answer. */
  latencyMs: LatencySummary;
  /** How late the generator itself sent, behind the schedule. */
  sendLagMs: LatencySummary;
}

/** Runs one phase: sends on schedule, waits for every answer, and sums up. */
export async function runFixedRate(options: FixedRateOptions): Promise<FixedRateFigures> {
  const clock = options.clock ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const turnMs = options.turnMs ?? 1;
  const total = requestCount(options.ratePerSecond, options.seconds);
  const latencies = new Float64Array(total);
  const lags = new Float64Array(total);
  const answers: Promise<void>[] = [];
  let failures = 0;
  const start = clock();
  for (let i = 0; i < total; ) {
    const now = clock();
    const due = dueCount(now - start, options.ratePerSecond, total);
    for (; i < due; i++) {
      const index = i;
      const dueAt = dueAtMs(start, index, options.ratePerSecond);
      lags[index] = now - dueAt;
      const settle = (outcome: SendOutcome) => {
        if (outcome === 'failed') failures++;
        latencies[index] = clock() - dueAt;
      };
      answers.push(options.send(index).then(settle, () => settle('failed')));
    }
    if (i < total) await sleep(turnMs);
  }
  await Promise.all(answers);
  return {
    ratePerSecond: options.ratePerSecond,
    seconds: options.seconds,
    requests: total,
    failures,
    latencyMs: summarise(latencies),
    sendLagMs: summarise(lags),
  };
}

/** A pool of kept-alive connections to one HTTP server, posting JSON. */
export class JsonPoster {
  readonly #agent: Agent;
  readonly #url: URL;

  /** `connections`: large enough that requests seldom wait for a free one at the rates measured. */
  constructor(baseUrl: string, connections: number) {
    this.#url = new URL(baseUrl);
    this.#agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  /** POSTs `body` (already JSON) to `path`; 'ok' on a 2xx once the whole answer has arrived. */
  post(path: string, headers: Readonly<Record<string, string>>, body: string): Promise<SendOutcome> {
    return new Promise((resolve) => {
      const req = request(
        {
          host: this.#url.hostname,
          port: this.#url.port,
          path,
          method: 'POST',
          agent: this.#agent,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode !== undefined && res.statusCode < 300 ? 'ok' : 'failed'));
          res.on('error', () => resolve('failed'));
        },
      );
      req.on('error', () => resolve('failed'));
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
