import { describe, expect, it } from 'vitest';
import { ALERT_RULES, evaluateRules, type RuleInput } from './alert-rules';
import { fleetConfig, healthRecord, healthyState, withPrinter } from './fleet-test-support';

const T0 = '2026-03-02T09:00:00.000Z';
const at = (minutes: number) => Date.parse(T0) + minutes * 60_000;

function input(changes: Partial<RuleInput> = {}): RuleInput {
  return { health: healthRecord(), now: at(0), config: fleetConfig(), ...changes };
}

function withTerminal(condition: 'ready' | 'not_ready' | 'offline', since = T0) {
  const state = healthyState();
  return healthRecord({
    state: {
      ...state,
      devices: state.devices.map((d) => (d.kind === 'payment_terminal' ? { ...d, condition, since } : d)),
    },
  });
}

describe('alert rules', () => {
  it('a healthy kiosk heard from just now raises nothing', () => {
    expect(evaluateRules(input())).toEqual([]);
  });

  it('paper_near_end: a warning about the printer while the roll runs low', () => {
    const health = healthRecord({ state: withPrinter(healthyState(), 'paper_near_end', T0) });
    expect(ALERT_RULES.paper_near_end(input({ health }))).toEqual([
      expect.objectContaining({ rule: 'paper_near_end', subject: 'printer', severity: 'warning' }),
    ]);
    expect(ALERT_RULES.paper_near_end(input())).toEqual([]);
  });

  it('paper_out: critical at once, whatever the time', () => {
    const health = healthRecord({ state: withPrinter(healthyState(), 'paper_out', T0) });
    expect(ALERT_RULES.paper_out(input({ health }))).toEqual([
      expect.objectContaining({ rule: 'paper_out', subject: 'printer', severity: 'critical' }),
    ]);
    expect(ALERT_RULES.paper_near_end(input({ health }))).toEqual([]);
  });

  it('printer_offline: only once it has lasted longer than the threshold (5 min by default)', () => {
    const health = healthRecord({ state: withPrinter(healthyState(), 'offline', T0) });
    expect(ALERT_RULES.printer_offline(input({ health, now: at(4) }))).toEqual([]);
    expect(ALERT_RULES.printer_offline(input({ health, now: at(5) }))).toEqual([
      expect.objectContaining({ rule: 'printer_offline', details: { condition: 'offline', since: T0 } }),
    ]);
    const cover = healthRecord({ state: withPrinter(healthyState(), 'cover_open', T0) });
    const config = fleetConfig({ thresholds: { ...fleetConfig().thresholds, printerOfflineMinutes: 1 } });
    expect(ALERT_RULES.printer_offline(input({ health: cover, now: at(1), config }))).toHaveLength(1);
  });

  it('terminal_offline: a card terminal offline or not ready for longer than 10 min', () => {
    expect(ALERT_RULES.terminal_offline(input({ health: withTerminal('offline'), now: at(9) }))).toEqual([]);
    expect(ALERT_RULES.terminal_offline(input({ health: withTerminal('offline'), now: at(10) }))).toEqual([
      expect.objectContaining({ rule: 'terminal_offline', subject: 'payment_terminal' }),
    ]);
    expect(ALERT_RULES.terminal_offline(input({ health: withTerminal('not_ready'), now: at(11) }))).toHaveLength(1);
    expect(ALERT_RULES.terminal_offline(input({ health: withTerminal('ready'), now: at(60) }))).toEqual([]);
  });

  it('kiosk_silent: after three heartbeat intervals without a word', () => {
    expect(ALERT_RULES.kiosk_silent(input({ now: at(3) }))).toEqual([]);
    expect(ALERT_RULES.kiosk_silent(input({ now: at(3) + 1 }))).toEqual([
      expect.objectContaining({ rule: 'kiosk_silent', severity: 'critical', details: { lastSeenAt: T0 } }),
    ]);
    const slower = fleetConfig({ heartbeatSeconds: 120 });
    expect(ALERT_RULES.kiosk_silent(input({ now: at(5), config: slower }))).toEqual([]);
  });

  it('kiosk_silent: seen by its stream, but no report of its own for three stream heartbeat intervals', () => {
    // The keep-alive keeps `lastSeenAt` fresh; 3 × 15 min since the kiosk's last heartbeat.
    const seenNow = (now: number) => healthRecord({ lastSeenAt: new Date(now).toISOString() });
    const lastReportAt = at(0);
    expect(ALERT_RULES.kiosk_silent(input({ now: at(45), health: seenNow(at(45)), lastReportAt }))).toEqual([]);
    expect(ALERT_RULES.kiosk_silent(input({ now: at(45) + 1, health: seenNow(at(45)), lastReportAt }))).toEqual([
      expect.objectContaining({ rule: 'kiosk_silent', details: { lastReportAt: T0 } }),
    ]);
    const hourly = fleetConfig({ streamHeartbeatSeconds: 3600 });
    expect(
      ALERT_RULES.kiosk_silent(input({ now: at(90), health: seenNow(at(90)), lastReportAt, config: hourly })),
    ).toEqual([]);
  });

  it('content_stale: the kiosk says it cannot bring its content up to date', () => {
    const health = healthRecord({ content: { state: 'stale', version: 4 } });
    expect(ALERT_RULES.content_stale(input({ health }))).toEqual([
      expect.objectContaining({ rule: 'content_stale', details: { version: 4 } }),
    ]);
    expect(ALERT_RULES.content_stale(input({ health: healthRecord({ content: { state: 'current' } }) }))).toEqual([]);
  });

  it('content_rolled_back: a release rolled back or refused, with its reason', () => {
    const health = healthRecord({ content: { state: 'rolled_back', version: 5, reason: 'renderer_unhealthy' } });
    expect(ALERT_RULES.content_rolled_back(input({ health }))).toEqual([
      expect.objectContaining({
        rule: 'content_rolled_back',
        details: { state: 'rolled_back', version: 5, reason: 'renderer_unhealthy' },
      }),
    ]);
    const refused = healthRecord({ content: { state: 'refused' } });
    expect(ALERT_RULES.content_rolled_back(input({ health: refused }))).toHaveLength(1);
    expect(ALERT_RULES.content_rolled_back(input())).toEqual([]);
  });

  it('payments_need_attention: any payment waiting for a person', () => {
    const health = healthRecord({ state: healthyState({ paymentsNeedingAttention: 2 }) });
    expect(ALERT_RULES.payments_need_attention(input({ health }))).toEqual([
      expect.objectContaining({ rule: 'payments_need_attention', details: { count: 2 } }),
    ]);
    expect(ALERT_RULES.payments_need_attention(input())).toEqual([]);
  });

  it("reconciliation_mismatch: the ledger's verdict on the last end of day", () => {
    const mismatch = healthRecord({ reconciliation: { at: T0, matched: false } });
    expect(ALERT_RULES.reconciliation_mismatch(input({ health: mismatch }))).toEqual([
      expect.objectContaining({ rule: 'reconciliation_mismatch', severity: 'critical' }),
    ]);
    const matched = healthRecord({ reconciliation: { at: T0, matched: true } });
    expect(ALERT_RULES.reconciliation_mismatch(input({ health: matched }))).toEqual([]);
  });

  it('disk_low: below 1 GiB a warning, below the kiosk floor (256 MiB) critical', () => {
    const low = healthRecord({ state: healthyState({ freeDiskMiB: 1000 }) });
    expect(ALERT_RULES.disk_low(input({ health: low }))).toEqual([
      expect.objectContaining({ rule: 'disk_low', severity: 'warning', details: { freeMiB: 1000 } }),
    ]);
    const full = healthRecord({ state: healthyState({ freeDiskMiB: 100 }) });
    expect(ALERT_RULES.disk_low(input({ health: full }))).toEqual([expect.objectContaining({ severity: 'critical' })]);
    expect(
      ALERT_RULES.disk_low(input({ health: healthRecord({ state: healthyState({ freeDiskMiB: 1024 }) }) })),
    ).toEqual([]);
  });

  it('clock_off: more than a minute either way', () => {
    const ahead = healthRecord({ state: healthyState({ clockOffsetSeconds: -61 }) });
    expect(ALERT_RULES.clock_off(input({ health: ahead }))).toEqual([
      expect.objectContaining({ rule: 'clock_off', details: { offsetSeconds: -61 } }),
    ]);
    const close = healthRecord({ state: healthyState({ clockOffsetSeconds: 60 }) });
    expect(ALERT_RULES.clock_off(input({ health: close }))).toEqual([]);
  });

  it("screen_failing: critical while the kiosk's own supervision keeps it out of service", () => {
    const failing = healthRecord({
      state: healthyState({ visitor: { state: 'out_of_service', reason: 'screen_failing' } }),
    });
    expect(ALERT_RULES.screen_failing(input({ health: failing }))).toEqual([
      expect.objectContaining({ rule: 'screen_failing', subject: 'screen', severity: 'critical' }),
    ]);
    // Out of service by the centre's own command is no fault of the screen.
    const remote = healthRecord({
      state: healthyState({ visitor: { state: 'out_of_service', reason: 'remote_command' } }),
    });
    expect(ALERT_RULES.screen_failing(input({ health: remote }))).toEqual([]);
    expect(ALERT_RULES.screen_failing(input())).toEqual([]);
  });

  it('a disabled rule opens nothing', () => {
    const health = healthRecord({ state: withPrinter(healthyState(), 'paper_out', T0) });
    expect(evaluateRules(input({ health })).map((c) => c.rule)).toEqual(['paper_out']);
    expect(evaluateRules(input({ health, config: fleetConfig({ disabledRules: ['paper_out'] }) }))).toEqual([]);
  });
});
