import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeviceStatus } from '../../../kiosk-config/src/contract/devices';
import {
  type HealthChange,
  HealthChange as HealthChangeSchema,
  type HeartbeatRequest,
} from '../../../kiosk-config/src/hub/fleet-health';
import { fail, ok } from '../../../kiosk-config/src/index';
import type { HubFailureCode, HubFailureDetails } from '../hub/hub-client';
import { memoryLogger } from '../test-support';
import { HealthReporter, type HealthReporterOptions, type LivenessStream } from './health-reporter';
import { backlogMagnitude, steady, visitorFacingState } from './health-state';

const printer = (problems: DeviceStatus['problems'], connected = true): DeviceStatus => ({
  id: 'printer',
  kind: 'printer',
  connected,
  simulated: true,
  problems,
  address: 'simulated',
});

/** A reporter over a hub that remembers the last state's hash as the real one does. */
function reporterWith(changes: Partial<HealthReporterOptions> = {}) {
  let devices: DeviceStatus[] = [printer([])];
  let now = Date.parse('2026-03-02T09:00:00.000Z');
  let hubKnows: string | undefined;
  let hubAhead = 0;
  let linkDown = false;
  const sent: HeartbeatRequest[] = [];
  const enqueued: HealthChange[] = [];
  const reporter = new HealthReporter({
    appVersion: '1.4.0',
    startedAt: '2026-03-02T08:00:00.000Z',
    heartbeatMs: 60_000,
    devices: () => devices,
    dayClosedAt: () => undefined,
    paymentsNeedingAttention: () => 0,
    contentVersion: async () => 3,
    freeDiskBytes: async () => 20_000 * 1024 * 1024,
    outboxBacklog: () => 0,
    heartbeat: async (body) => {
      if (linkDown) return fail<HubFailureCode, HubFailureDetails>('connect_failed', 'the link is down', {});
      sent.push(body);
      const hubTime = now + hubAhead;
      if ('unchanged' in body) return ok({ outcome: body.unchanged === hubKnows ? 'seen' : 'resend', hubTime });
      hubKnows = body.hash;
      return ok({ outcome: 'stored', hubTime });
    },
    enqueue: async (_kind, payload) => {
      enqueued.push(HealthChangeSchema.parse(payload));
    },
    log: memoryLogger().log,
    now: () => now,
    ...changes,
  });
  return {
    reporter,
    sent,
    enqueued,
    setDevices: (next: DeviceStatus[]) => {
      devices = next;
    },
    advance: (ms: number) => {
      now += ms;
    },
    forgetOnHub: () => {
      hubKnows = undefined;
    },
    setHubAhead: (ms: number) => {
      hubAhead = ms;
    },
    setLinkDown: (down: boolean) => {
      linkDown = down;
    },
  };
}

describe('HealthReporter', () => {
  it('sends the whole state (twice: the first answer gives the clock offset), then only its hash', async () => {
    const kiosk = reporterWith();
    for (let beat = 0; beat < 4; beat++) {
      await kiosk.reporter.beat();
      kiosk.advance(60_000);
    }
    expect(kiosk.sent.map((body) => ('unchanged' in body ? 'unchanged' : 'state'))).toEqual([
      'state',
      'state',
      'unchanged',
      'unchanged',
    ]);
    expect(kiosk.sent[0]).not.toHaveProperty('state.clockOffsetSeconds');
    expect(kiosk.sent[1]).toHaveProperty('state.clockOffsetSeconds', 0);
    expect(JSON.stringify(kiosk.sent[2]).length).toBeLessThan(40);
  });

  it('sends the whole state again at once when the hub does not know the hash', async () => {
    const kiosk = reporterWith();
    await kiosk.reporter.beat();
    await kiosk.reporter.beat();
    kiosk.forgetOnHub();
    await kiosk.reporter.beat();
    expect(kiosk.sent.map((body) => ('unchanged' in body ? 'unchanged' : 'state'))).toEqual([
      'state',
      'state',
      'unchanged',
      'state',
    ]);
  });

  it('puts a device change in the outbox at once, once per change, with when the condition began', async () => {
    const kiosk = reporterWith();
    await kiosk.reporter.refresh();
    kiosk.advance(5000);
    kiosk.setDevices([printer(['paper_near_end'])]);
    await kiosk.reporter.refresh();
    await kiosk.reporter.refresh();
    expect(kiosk.enqueued).toHaveLength(2);
    expect(kiosk.enqueued[1]?.state.devices).toEqual([
      { kind: 'printer', condition: 'paper_near_end', since: '2026-03-02T09:00:05.000Z' },
    ]);
    kiosk.advance(5000);
    kiosk.setDevices([printer(['paper_out'])]);
    await kiosk.reporter.refresh();
    expect(kiosk.enqueued[2]?.state).toEqual(
      expect.objectContaining({
        visitor: { state: 'degraded', reason: 'printer_paper_out' },
        devices: [
          {
            kind: 'printer',
            condition: 'paper_out',
            since: '2026-03-02T09:00:10.000Z',
            lastError: { code: 'paper_out', at: '2026-03-02T09:00:10.000Z' },
          },
        ],
      }),
    );
  });

  it('measures the clock offset from the hub answer, ignoring jitter under 2 s', async () => {
    const kiosk = reporterWith();
    kiosk.setHubAhead(90_000);
    await kiosk.reporter.beat();
    expect((await kiosk.reporter.snapshot()).state.clockOffsetSeconds).toBe(90);
    kiosk.setHubAhead(91_000);
    await kiosk.reporter.beat();
    expect((await kiosk.reporter.snapshot()).state.clockOffsetSeconds).toBe(90);
  });

  it('says the link is unstable after a failed heartbeat', async () => {
    const kiosk = reporterWith({
      heartbeat: async () => ({ ok: false, error: { code: 'timeout', message: 'no answer' } }),
    });
    await kiosk.reporter.beat();
    expect((await kiosk.reporter.snapshot()).state.link).toBe('unstable');
  });
});

/** The kiosk's event stream as the reporter follows it, opened and closed by the test. */
function testStream(connected: boolean) {
  const listeners = new Set<(connected: boolean) => void>();
  const stream: LivenessStream = {
    get connected() {
      return connected;
    },
    onConnection: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const set = (next: boolean) => {
    connected = next;
    for (const listener of listeners) listener(next);
  };
  return { stream, set };
}

describe('HealthReporter heartbeat interval', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('beats every 15 min while the event stream is open, every minute while it is closed, and at once when it opens again', async () => {
    vi.useFakeTimers();
    const kiosk = reporterWith();
    const link = testStream(true);
    kiosk.reporter.followStream(link.stream, 900_000);
    const beatsAfter = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      return kiosk.sent.length;
    };
    await kiosk.reporter.start();
    // The first at start; its answer measures the clock, which the second (within a minute) carries.
    expect(await beatsAfter(0)).toBe(1);
    expect(await beatsAfter(60_000)).toBe(2);
    expect(kiosk.sent[1]).toHaveProperty('state.clockOffsetSeconds', 0);
    // Then only every 15 minutes: the open stream tells the hub the kiosk is alive.
    expect(await beatsAfter(899_000)).toBe(2);
    expect(await beatsAfter(1_000)).toBe(3);
    expect(kiosk.sent[2]).toEqual({ unchanged: expect.any(String) });

    // The stream is gone: heartbeats are the hub's only sign of life again, every minute.
    expect(await beatsAfter(300_000)).toBe(3);
    link.set(false);
    expect(await beatsAfter(59_000)).toBe(3);
    expect(await beatsAfter(1_000)).toBe(4);
    expect(await beatsAfter(60_000)).toBe(5);

    // The link was down meanwhile (no heartbeat got through); back: one at once, then the long interval.
    kiosk.setLinkDown(true);
    expect(await beatsAfter(120_000)).toBe(5);
    kiosk.setLinkDown(false);
    link.set(true);
    expect(await beatsAfter(0)).toBe(6);
    expect(await beatsAfter(899_000)).toBe(6);
    expect(await beatsAfter(1_000)).toBe(7);
    await kiosk.reporter.close();
  });

  it('does not beat more than once a minute when a proxy keeps cutting the stream', async () => {
    vi.useFakeTimers();
    const kiosk = reporterWith();
    const link = testStream(true);
    kiosk.reporter.followStream(link.stream, 900_000);
    await kiosk.reporter.start();
    await vi.advanceTimersByTimeAsync(61_000);
    expect(kiosk.sent.length).toBe(2);
    // Cut and reopened every 10 s: the beat after reopening waits for a minute since the last one.
    for (let cut = 0; cut < 12; cut++) {
      link.set(false);
      link.set(true);
      await vi.advanceTimersByTimeAsync(10_000);
    }
    expect(kiosk.sent.length).toBe(4);
    await kiosk.reporter.close();
  });

  it('beats every minute without a stream to follow', async () => {
    vi.useFakeTimers();
    const kiosk = reporterWith();
    await kiosk.reporter.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(kiosk.sent.length).toBe(6);
    await kiosk.reporter.close();
  });
});

describe('health state helpers', () => {
  it('a printer that cannot print degrades the kiosk; paper near its end does not', () => {
    const since = '2026-03-02T09:00:00.000Z';
    expect(visitorFacingState([{ kind: 'printer', condition: 'paper_near_end', since }], 5000)).toEqual({
      state: 'in_service',
    });
    expect(visitorFacingState([{ kind: 'printer', condition: 'offline', since }], 5000)).toEqual({
      state: 'degraded',
      reason: 'printer_offline',
    });
    expect(visitorFacingState([], 100)).toEqual({ state: 'degraded', reason: 'disk_full' });
  });

  it('reports the backlog by order of magnitude and numbers only past their tolerance', () => {
    expect([0, 1, 9, 10, 99, 250, 12_345].map(backlogMagnitude)).toEqual([0, 1, 1, 10, 10, 100, 10_000]);
    expect(steady(1000, 1040, 50)).toBe(1000);
    expect(steady(1000, 1060, 50)).toBe(1060);
    expect(steady(undefined, 7, 50)).toBe(7);
  });
});
