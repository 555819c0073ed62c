import type { DeviceStatus } from '../../../kiosk-config/src/contract/devices';
import {
  HEALTH_OUTBOX_KIND,
  type HealthChange,
  type HealthState,
  type HeartbeatRequest,
} from '../../../kiosk-config/src/hub/fleet-health';
import type { EndpointAnswer } from '../../../kiosk-config/src/hub/hub-endpoints';
import type { HubResult } from '../hub/hub-client';
import type { Logger } from '../logging/logger';
import {
  backlogMagnitude,
  type DeviceMemory,
  devicesHealth,
  healthHash,
  type KioskModes,
  linkQuality,
  steady,
  visitorFacingState,
} from './health-state';

/** Where the reporter reads the kiosk's facts, and how it reaches the hub. */
export interface HealthReporterOptions {
  appVersion: string;
  /** When the app started (ISO). */
  startedAt: string;
  heartbeatMs: number;
  devices: () => readonly DeviceStatus[];
  /** The card terminal's last closed day. */
  dayClosedAt: () => string | undefined;
  paymentsNeedingAttention: () => number;
  contentVersion: () => Promise<number | undefined>;
  /** Free space of the data folder (bytes), undefined when unknown. */
  freeDiskBytes: () => Promise<number | undefined>;
  outboxBacklog: () => number;
  heartbeat: (body: HeartbeatRequest) => Promise<HubResult<EndpointAnswer<'heartbeat'>>>;
  enqueue: (kind: string, payload: Record<string, unknown>) => Promise<unknown>;
  log: Logger;
  /** What the kiosk is doing besides its devices (out of service, updating): part of the visitor-facing state. */
  modes?: () => KioskModes;
  now?: () => number;
}

/** The kiosk's event stream as fleet health sees it (the `NudgeListener`). */
export interface LivenessStream {
  /** True while the stream is open. */
  readonly connected: boolean;
  /** Told true when a stream opens, false when it closes; returns the unsubscribe. */
  onConnection(listener: (connected: boolean) => void): () => void;
}

/** Heartbeats remembered for the link's quality. */
const LINK_WINDOW = 10;
/** Free disk moves the state only by more than this share. */
const DISK_TOLERANCE = 0.05;
/** The clock offset moves the state only by more than this (s): the hub's answer is ±RTT/2. */
const CLOCK_TOLERANCE_S = 2;

/**
 * The kiosk's side of fleet health (docs/operations/fleet.md): builds its health state, puts each
 * change of its devices in the outbox at once (`health.changed`: a paper roll near its end does
 * not wait for the next heartbeat), and sends a heartbeat every `heartbeatMs`: the whole state
 * when it changed since the last one the hub accepted, else only its hash. No personal data.
 *
 * While the kiosk's event stream is open (`followStream`), the hub knows the kiosk is alive from
 * the stream itself, so the heartbeat goes only every `streamHeartbeatMs` (15 min), and once at
 * once when the stream (re)opens (unless one was accepted within `heartbeatMs`); without the
 * stream, every `heartbeatMs` again.
 */
export class HealthReporter {
  readonly #memory = new Map<string, DeviceMemory>();
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  /** When the scheduled heartbeat is due (Date.now() ms). */
  #dueAt = 0;
  /** A heartbeat is wanted as soon as the one running now ends (the stream opened meanwhile). */
  #beatAgain = false;
  /** When the hub last accepted a heartbeat (Date.now() ms; 0: never). */
  #acceptedAt = 0;
  /** The last heartbeat's answer changed the state: the next one goes within `heartbeatMs`. */
  #stateMoved = false;
  #stream: { stream: LivenessStream; heartbeatMs: number; unsubscribe: () => void } | undefined;
  #closed = false;
  #acceptedHash: string | undefined;
  #enqueuedHash: string | undefined;
  #clockOffsetSeconds: number | undefined;
  #freeDiskMiB: number | undefined;
  #roundTripMs: number | undefined;
  #recent: boolean[] = [];
  #beating: Promise<void> | undefined;
  #refreshing = Promise.resolve();

  constructor(private readonly options: HealthReporterOptions) {
    this.#now = options.now ?? Date.now;
  }

  /** Records the first state and starts the heartbeats. */
  async start(): Promise<void> {
    await this.refresh();
    this.#schedule(0);
  }

  /**
   * Heartbeats every `streamHeartbeatMs` while `stream` is open, one at once each time it opens,
   * and every `heartbeatMs` while it is closed (the hub then has no other sign of life).
   */
  followStream(stream: LivenessStream, streamHeartbeatMs: number): void {
    this.#stream?.unsubscribe();
    const unsubscribe = stream.onConnection((connected) => this.#streamChanged(connected));
    this.#stream = { stream, heartbeatMs: streamHeartbeatMs, unsubscribe };
  }

  /** Something changed (a device): builds the state and, when it differs, puts it in the outbox now. */
  refresh(): Promise<void> {
    this.#refreshing = this.#refreshing.then(async () => {
      if (this.#closed) return;
      const change = await this.snapshot();
      if (change.hash === this.#enqueuedHash) return;
      this.#enqueuedHash = change.hash;
      await this.options.enqueue(HEALTH_OUTBOX_KIND, change);
    });
    return this.#refreshing.catch((error: unknown) =>
      this.options.log.error({ err: error, kind: HEALTH_OUTBOX_KIND }, 'outbox write failed'),
    );
  }

  /** One heartbeat now (the timer's; tests call it). */
  beat(): Promise<void> {
    this.#beating ??= this.#beat().finally(() => {
      this.#beating = undefined;
    });
    return this.#beating;
  }

  /** The current state and its hash. */
  async snapshot(): Promise<HealthChange> {
    const o = this.options;
    const at = new Date(this.#now()).toISOString();
    const freeBytes = await o.freeDiskBytes().catch(() => undefined);
    const freeMiB = freeBytes === undefined ? undefined : Math.floor(freeBytes / (1024 * 1024));
    this.#freeDiskMiB = steady(this.#freeDiskMiB, freeMiB, (this.#freeDiskMiB ?? 0) * DISK_TOLERANCE);
    const devices = devicesHealth(o.devices(), this.#memory, at, { dayClosedAt: o.dayClosedAt() });
    const contentVersion = await o.contentVersion().catch(() => undefined);
    const state: HealthState = {
      appVersion: o.appVersion,
      ...(contentVersion === undefined ? {} : { contentVersion }),
      startedAt: o.startedAt,
      ...(this.#clockOffsetSeconds === undefined ? {} : { clockOffsetSeconds: this.#clockOffsetSeconds }),
      ...(this.#freeDiskMiB === undefined ? {} : { freeDiskMiB: this.#freeDiskMiB }),
      link: linkQuality(this.#recent.filter((okay) => !okay).length, this.#roundTripMs),
      outboxBacklog: backlogMagnitude(o.outboxBacklog()),
      paymentsNeedingAttention: o.paymentsNeedingAttention(),
      visitor: visitorFacingState(devices, this.#freeDiskMiB, o.modes?.()),
      devices,
    };
    return { hash: healthHash(state), at, state };
  }

  /**
   * Stops the heartbeats. A heartbeat in flight is not waited for (the hub client's close aborts
   * it; nothing depends on its answer); an outbox write in flight is.
   */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#stream?.unsubscribe();
    await this.#refreshing;
  }

  async #beat(): Promise<void> {
    const change = await this.snapshot();
    let answer = await this.#send(change.hash === this.#acceptedHash ? { unchanged: change.hash } : change);
    // The hub does not know that hash (its database was restored, or it was another hub): the whole state.
    if (answer === 'resend') answer = await this.#send(change);
    if (answer === 'accepted') {
      this.#acceptedHash = change.hash;
      this.#acceptedAt = Date.now();
    }
  }

  async #send(body: HeartbeatRequest): Promise<'accepted' | 'resend' | 'failed'> {
    const sentAt = this.#now();
    const result = await this.options.heartbeat(body);
    const answeredAt = this.#now();
    this.#recent = [...this.#recent, result.ok].slice(-LINK_WINDOW);
    if (!result.ok) {
      this.options.log.debug({ code: result.error.code }, 'heartbeat not delivered');
      return 'failed';
    }
    this.#roundTripMs = answeredAt - sentAt;
    // The hub's time is taken halfway through the round trip.
    const offset = Math.round((result.value.hubTime - (sentAt + answeredAt) / 2) / 1000);
    const clock = steady(this.#clockOffsetSeconds, offset, CLOCK_TOLERANCE_S);
    // The state changed with the answer (the clock measured first, or moved): tell the hub within
    // the short interval, not in 15 min (not at once: a jittery link would make it a loop).
    if (clock !== this.#clockOffsetSeconds) this.#stateMoved = true;
    this.#clockOffsetSeconds = clock;
    return result.value.outcome === 'resend' ? 'resend' : 'accepted';
  }

  /** The interval to the next heartbeat: long while the stream says the kiosk is alive. */
  #interval(): number {
    if (this.#beatAgain) return 0;
    const short = this.options.heartbeatMs;
    if (this.#stateMoved) return short;
    return this.#stream?.stream.connected ? Math.max(short, this.#stream.heartbeatMs) : short;
  }

  #streamChanged(connected: boolean): void {
    if (this.#closed) return;
    if (connected) {
      // After a reconnect at once: the hub learns the state (and the clock) after the outage. Not
      // within `heartbeatMs` of an accepted one: a stream a proxy keeps cutting must not make
      // heartbeats more frequent than without any stream.
      const wait = Math.max(0, this.#acceptedAt + this.options.heartbeatMs - Date.now());
      if (this.#timer === undefined) this.#beatAgain = wait === 0;
      else if (wait < this.#dueAt - Date.now()) this.#schedule(wait);
      return;
    }
    // The stream is gone: the hub hears from the kiosk by heartbeats only, so at the short interval.
    if (this.#timer !== undefined && this.#dueAt - Date.now() > this.options.heartbeatMs) {
      this.#schedule(this.options.heartbeatMs);
    }
  }

  #schedule(ms: number): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#dueAt = Date.now() + ms;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#beatAgain = false;
      this.#stateMoved = false;
      this.beat()
        .catch((error: unknown) => this.options.log.error({ err: error }, 'heartbeat failed'))
        .finally(() => this.#schedule(this.#interval()));
    }, ms);
    this.#timer.unref();
  }
}
