import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../kiosk-config/src/contract/devices';
import {
  type HealthChange,
  HealthChange as HealthChangeSchema,
  type HeartbeatRequest,
} from '../../../kiosk-config/src/hub/fleet-health';
import { ok } from '../../../kiosk-config/src/index';
import { memoryLogger } from '../test-support';
import { HealthReporter, type HealthReporterOptions } from './health-reporter';
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
