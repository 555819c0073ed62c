import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../kiosk-config/src/contract/devices';
import {
  type HealthChange,
  HealthChange as HealthChangeSchema,
  type HeartbeatRequest,
} from '../../../kiosk-config/src/hub/fleet-health';
import { ok } from '../../../kiosk-config/src/index';
import { memoryLogger } from '../test-support';
import { HealthReporter } from './health-reporter';
import { healthHash, type KioskModes, visitorFacingState } from './health-state';

const AT = '2026-03-02T09:00:00.000Z';

function printer(problems: DeviceStatus['problems']): DeviceStatus {
  return { id: 'printer', kind: 'printer', connected: true, simulated: true, problems, address: 'simulated' };
}

/** A reporter whose modes and printer a test sets; what it enqueues and sends is kept. */
function kioskWith(initial: KioskModes = {}) {
  let modes = initial;
  let devices = [printer([])];
  const enqueued: HealthChange[] = [];
  const sent: HeartbeatRequest[] = [];
  const reporter = new HealthReporter({
    appVersion: '1.4.0',
    startedAt: AT,
    heartbeatMs: 60_000,
    devices: () => devices,
    dayClosedAt: () => undefined,
    paymentsNeedingAttention: () => 0,
    contentVersion: async () => 3,
    freeDiskBytes: async () => 20_000 * 1024 * 1024,
    outboxBacklog: () => 0,
    heartbeat: async (body) => {
      sent.push(body);
      return ok({ outcome: 'stored', hubTime: Date.parse(AT) });
    },
    enqueue: async (_kind, payload) => {
      enqueued.push(HealthChangeSchema.parse(payload));
    },
    log: memoryLogger().log,
    now: () => Date.parse(AT),
    modes: () => modes,
  });
  return {
    reporter,
    enqueued,
    sent,
    setModes: (next: KioskModes) => {
      modes = next;
    },
    setPrinter: (problems: DeviceStatus['problems']) => {
      devices = [printer(problems)];
    },
  };
}

describe('the visitor-facing state', () => {
  const paperOut = [{ kind: 'printer' as const, condition: 'paper_out' as const, since: AT }];

  it('is out of service while the centre says so, over updating and over a device fault', () => {
    expect(visitorFacingState(paperOut, 20_000, { outOfService: true, updating: true })).toEqual({
      state: 'out_of_service',
      reason: 'remote_command',
    });
  });

  it("is out of service as screen_failing while the host's supervision says so (the hub's alert), the centre's reason first", () => {
    expect(visitorFacingState(paperOut, 20_000, { screenFailing: true, updating: true })).toEqual({
      state: 'out_of_service',
      reason: 'screen_failing',
    });
    expect(visitorFacingState([], 20_000, { outOfService: true, screenFailing: true })).toEqual({
      state: 'out_of_service',
      reason: 'remote_command',
    });
  });

  it('is updating while a content release is on trial, over a device fault', () => {
    expect(visitorFacingState(paperOut, 20_000, { updating: true })).toEqual({
      state: 'updating',
      reason: 'content_trial',
    });
  });

  it('is degraded or in service by the devices and the disk otherwise, as before', () => {
    expect(visitorFacingState(paperOut, 20_000)).toEqual({ state: 'degraded', reason: 'printer_paper_out' });
    expect(visitorFacingState(paperOut, 20_000, { outOfService: false, updating: false }).state).toBe('degraded');
    expect(visitorFacingState([], 100)).toEqual({ state: 'degraded', reason: 'disk_full' });
    expect(visitorFacingState([], 20_000)).toEqual({ state: 'in_service' });
  });
});

describe("HealthReporter with the kiosk's modes", () => {
  it('reports out of service and updating in the outbox at once, with the hash of what it sends', async () => {
    const kiosk = kioskWith();
    await kiosk.reporter.refresh();
    kiosk.setModes({ outOfService: true });
    await kiosk.reporter.refresh();
    kiosk.setModes({ updating: true });
    await kiosk.reporter.refresh();
    kiosk.setModes({});
    kiosk.setPrinter(['paper_out']);
    await kiosk.reporter.refresh();
    expect(kiosk.enqueued.map((change) => change.state.visitor.state)).toEqual([
      'in_service',
      'out_of_service',
      'updating',
      'degraded',
    ]);
    for (const change of kiosk.enqueued) expect(change.hash).toBe(healthHash(change.state));
  });

  it('sends the mode in the heartbeat too, and only a hash while nothing changes', async () => {
    const kiosk = kioskWith({ outOfService: true });
    // Three beats: the first answer gives the clock offset, which changes the state once.
    for (let beat = 0; beat < 3; beat++) await kiosk.reporter.beat();
    const [first, second, third] = kiosk.sent;
    expect(first && 'state' in first ? first.state.visitor.state : undefined).toBe('out_of_service');
    expect(second && 'state' in second ? second.state.visitor.state : undefined).toBe('out_of_service');
    expect(third).toEqual({ unchanged: second && 'hash' in second ? second.hash : '' });
  });
});
