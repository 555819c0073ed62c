// A fleet of simulated kiosks in a process of its own (hub-two-instances-kill.test.ts): each
// enrolls with its one-time code, then loops at random between issuing a walk-in ticket and
// sending its outbox, through the load balancer, with the kiosk's own hub client (retries,
// circuit breaker, link probe). The ticket rule is the kiosk's (ticket-service.ts): the same
// ticketId on every retry; a request the hub may have received but not answered is abandoned
// (`ticket.abandoned`), and the visitor gets an offline ticket (`ticket.offline`) instead. The
// outbox is sent whole, in order, from its head, and an item leaves it only once acknowledged.
//
// Input: a JSON file (argv[2], `FleetPlan`). Output on stdout: `forged <status>`, `enrolled`,
// `running`, `draining`, then one JSON line `result <FleetResult>`. The CA of the balancer's
// certificate comes in NODE_EXTRA_CA_CERTS.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { CircuitBreaker } from '../../electron/services/hub/circuit-breaker';
import { HubClient, type HubFailure } from '../../electron/services/hub/hub-client';
import { formatOfflineNumber, offlineSeries } from '../../electron/services/tickets/ticket-counter';
import type { OutboxItem } from '../../kiosk-config/src/hub/hub-api';
import type { KioskSetup } from '../../kiosk-config/src/hub/queue-api';
import { officeDate, officeIsoTime } from '../../kiosk-config/src/time/office-time';
import { mulberry32 } from '../support/seeded-random';

/** What the fleet does: where, who, how long. */
export interface FleetPlan {
  baseUrl: string;
  kiosks: { kioskId: string; code: string }[];
  /** How long the kiosks issue tickets and send batches (ms). */
  runMs: number;
  /** How long they then have to deliver what their outboxes still hold (ms). */
  drainMs: number;
  seed: number;
  /** A client address one wrong enrollment names in its own X-Forwarded-For header. */
  forgedAddress: string;
}

/** A ticket as the kiosk holds it. */
export interface HeldTicket {
  ticketId: string;
  number: string;
}

/** One kiosk's account of the run. */
export interface KioskAccount {
  kioskId: string;
  officeId: string;
  /** Tickets the hub issued and the kiosk got the answer of. */
  answered: HeldTicket[];
  /** Tickets the kiosk issued from its offline block (each sent as `ticket.offline`). */
  offline: HeldTicket[];
  /** Requests the hub may have received but did not answer (each sent as `ticket.abandoned`). */
  abandoned: string[];
  /** Outbox item ids in the order the hub acknowledged them. */
  acknowledged: string[];
  /** Items never acknowledged (the drain ran out of time). */
  unacknowledged: string[];
}

/** A call that failed at the kiosk, after its client's own retries. */
export interface FailedCall {
  /** Since the run began (ms). */
  at: number;
  call: 'ticket' | 'outbox';
  code: HubFailure['code'];
}

/** What the child prints at the end. */
export interface FleetResult {
  kiosks: KioskAccount[];
  failures: FailedCall[];
  /** Calls made (tickets and outbox posts, each counted once whatever its retries). */
  calls: number;
  /** Tickets issued offline on purpose (a kiosk's link "down"), besides those after a failure. */
  offlineOnPurpose: number;
}

/** The kiosk's config defaults (kiosk-config.ts HubTuning). */
const REQUEST_TIMEOUT_MS = 4000;
const CIRCUIT_FAILURES = 3;
const CIRCUIT_OPEN_MS = 20_000;
const SETUP_TIMEOUT_MS = 30_000;
/** Failures the ticket service counts as never sent (ticket-service.ts NEVER_SENT). */
const NEVER_SENT = new Set<HubFailure['code']>(['not_configured', 'not_enrolled', 'circuit_open']);
/** The share of tickets issued offline on purpose, so offline merges happen whatever the failover does. */
const OFFLINE_SHARE = 0.05;
/** Most items per outbox post. */
const BATCH_MAX = 50;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One simulated kiosk: the real hub client and breaker, an in-memory outbox. */
class SimulatedKiosk {
  readonly breaker = new CircuitBreaker({ failureThreshold: CIRCUIT_FAILURES, openMs: CIRCUIT_OPEN_MS });
  readonly client: HubClient;
  readonly #setupClient: HubClient;
  readonly account: KioskAccount;
  #credential: string | undefined;
  #setup: KioskSetup | undefined;
  readonly #outbox: OutboxItem[] = [];
  readonly #offlineCounters = new Map<string, number>();
  #kioskSeq = 0;

  constructor(
    readonly kioskId: string,
    baseUrl: string,
    private readonly random: () => number,
    private readonly startedAt: () => number,
    private readonly result: FleetResult,
  ) {
    const client = (requestTimeoutMs: number, breaker: CircuitBreaker) =>
      new HubClient({
        baseUrl,
        kioskId,
        credential: () => this.#credential,
        requestTimeoutMs,
        breaker,
        log: pino({ level: 'silent' }),
        random,
      });
    this.client = client(REQUEST_TIMEOUT_MS, this.breaker);
    // Enrollment and the setup are not under test: patient, so a loaded machine does not fail them.
    this.#setupClient = client(SETUP_TIMEOUT_MS, new CircuitBreaker({ failureThreshold: 100, openMs: 1000 }));
    this.account = {
      kioskId,
      officeId: '',
      answered: [],
      offline: [],
      abandoned: [],
      acknowledged: [],
      unacknowledged: [],
    };
  }

  async enroll(code: string): Promise<void> {
    const answer = await this.#setupClient.enroll(code);
    if (!answer.ok || answer.value.status !== 'enrolled') {
      throw new Error(`enrollment of ${this.kioskId} failed: ${JSON.stringify(answer)}`);
    }
    this.#credential = answer.value.credential;
    this.account.officeId = answer.value.officeId;
    const setup = await this.#setupClient.kioskSetup();
    if (!setup.ok) throw new Error(`the setup of ${this.kioskId} failed: ${setup.error.code}`);
    this.#setup = setup.value;
  }

  /** Until `until`: a ticket or an outbox post at random, a short pause between. */
  async run(until: number): Promise<void> {
    while (Date.now() < until) {
      await this.#probeWhileDown();
      if (this.random() < 0.5) await this.#ticket();
      else {
        for (let n = 1 + Math.floor(this.random() * 3); n > 0; n--) {
          this.#enqueue('status.lookup', { outcome: 'found' });
        }
        await this.#deliver();
      }
      await delay(100 + this.random() * 300);
    }
  }

  /** Delivers what the outbox still holds, until empty or `until`. */
  async drain(until: number): Promise<void> {
    while (this.#outbox.length > 0 && Date.now() < until) {
      await this.#probeWhileDown();
      if (!(await this.#deliver())) await delay(200);
    }
    this.account.unacknowledged = this.#outbox.map((item) => item.id);
  }

  /** As the kiosk's outbox does while the circuit is open: ask GET /readyz about once a second. */
  async #probeWhileDown(): Promise<void> {
    while (this.breaker.state === 'open') {
      if (await this.client.probe()) this.breaker.linkAnswered();
      else await delay(1000);
    }
  }

  async #ticket(): Promise<void> {
    const setup = this.#setup as KioskSetup;
    const services = setup.catalogue.services.filter((service) => service.bookingRequired !== true);
    const service = services[Math.floor(this.random() * services.length)] ?? services[0];
    if (!service) throw new Error('no walk-in service in the catalogue');
    if (this.random() < OFFLINE_SHARE) {
      this.result.offlineOnPurpose += 1;
      this.#issueOffline(service.id, service.prefix);
      return;
    }
    const ticketId = randomUUID();
    this.result.calls += 1;
    const answer = await this.client.issueTicket({ ticketId, serviceId: service.id });
    if (answer.ok && answer.value.outcome === 'issued') {
      this.account.answered.push({ ticketId, number: answer.value.ticket.number });
      this.#enqueue('ticket.print_outcome', { ticketId, printed: 'yes' });
      return;
    }
    if (answer.ok) throw new Error(`the hub refused a ticket: ${answer.value.outcome}`);
    this.result.failures.push({ at: Date.now() - this.startedAt(), call: 'ticket', code: answer.error.code });
    if (answer.error.code === 'rate_limited') return;
    if (!NEVER_SENT.has(answer.error.code)) {
      this.account.abandoned.push(ticketId);
      this.#enqueue('ticket.abandoned', { ticketId });
    }
    this.#issueOffline(service.id, service.prefix);
  }

  /** A ticket from the kiosk's offline block, as ticket-service.ts numbers and reports it. */
  #issueOffline(serviceId: string, prefix: string): void {
    const setup = this.#setup as KioskSetup;
    const now = new Date();
    const series = `${offlineSeries(prefix, setup.offlineTag)}@${officeDate(now, setup.timeZone)}`;
    const value = (this.#offlineCounters.get(series) ?? 0) + 1;
    this.#offlineCounters.set(series, value);
    this.#kioskSeq += 1;
    const ticket = { ticketId: randomUUID(), number: formatOfflineNumber(prefix, setup.offlineTag, value) };
    this.account.offline.push(ticket);
    this.#enqueue('ticket.offline', {
      ...ticket,
      serviceId,
      issuedAt: officeIsoTime(now, setup.timeZone, { milliseconds: true }),
      followToken: `o_${randomBytes(16).toString('base64url')}`,
      kioskSeq: this.#kioskSeq,
    });
    this.#enqueue('ticket.print_outcome', { ticketId: ticket.ticketId, printed: 'yes' });
  }

  #enqueue(kind: string, payload: Record<string, unknown>): void {
    this.#outbox.push({ id: randomUUID(), kind, at: new Date().toISOString(), payload });
  }

  /** Posts the outbox's head; on an answer, removes what the hub acknowledged. True when it was answered. */
  async #deliver(): Promise<boolean> {
    const batch = this.#outbox.slice(0, BATCH_MAX);
    if (batch.length === 0) return true;
    this.result.calls += 1;
    const answer = await this.client.postOutbox(batch);
    if (!answer.ok) {
      this.result.failures.push({ at: Date.now() - this.startedAt(), call: 'outbox', code: answer.error.code });
      return false;
    }
    const known = new Set([...answer.value.accepted, ...answer.value.duplicates]);
    while (this.#outbox[0] && known.has(this.#outbox[0].id)) {
      this.account.acknowledged.push((this.#outbox.shift() as OutboxItem).id);
    }
    return true;
  }
}

const plan = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as FleetPlan;
const random = mulberry32(plan.seed);
const result: FleetResult = { kiosks: [], failures: [], calls: 0, offlineOnPurpose: 0 };
let startedAt = 0;
const kiosks = plan.kiosks.map(
  ({ kioskId }) => new SimulatedKiosk(kioskId, plan.baseUrl, random, () => startedAt, result),
);
await Promise.all(kiosks.map((kiosk, i) => kiosk.enroll(plan.kiosks[i]?.code as string)));
// An enrollment naming a forged client address: the hub must log the balancer's view of it.
const forged = await fetch(new URL('/v1/kiosks/enroll', plan.baseUrl), {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-forwarded-for': plan.forgedAddress },
  body: JSON.stringify({ kioskId: 'kiosk-forger', enrollmentCode: 'not-a-valid-code-0000' }),
});
process.stdout.write(`forged ${forged.status}\n`);
process.stdout.write('enrolled\n');
startedAt = Date.now();
process.stdout.write('running\n');
await Promise.all(kiosks.map((kiosk) => kiosk.run(startedAt + plan.runMs)));
process.stdout.write('draining\n');
const drainUntil = Date.now() + plan.drainMs;
await Promise.all(kiosks.map((kiosk) => kiosk.drain(drainUntil)));
result.kiosks = kiosks.map((kiosk) => kiosk.account);
process.stdout.write(`result ${JSON.stringify(result)}\n`);
