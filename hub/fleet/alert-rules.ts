import type { DeviceHealth } from '../../kiosk-config/src/hub/fleet-health';
import type { AlertSeverity, KioskHealthRecord } from '../db/fleet-repository';
import type { AlertRuleName, FleetConfig } from './fleet-config';

/** A condition a rule found: an alert should be open for it. */
export interface AlertCondition {
  rule: AlertRuleName;
  /** What it is about within the kiosk (`printer`, `payment_terminal`, `kiosk`, `content`…). */
  subject: string;
  severity: AlertSeverity;
  /** For people, in Russian; no personal data. */
  summary: string;
  details: Record<string, string | number | boolean>;
}

/** What a rule looks at: one kiosk's latest health, the time, the settings. */
export interface RuleInput {
  health: KioskHealthRecord;
  /** The hub's clock (ms since the epoch). */
  now: number;
  config: FleetConfig;
  /**
   * When the kiosk itself last sent something (a heartbeat, a health item in its outbox), ms
   * since the epoch; undefined when not tracked. `lastSeenAt` also moves while its event stream
   * is open, which a hung kiosk app's kernel keeps open: this catches that.
   */
  lastReportAt?: number;
}

/** One alert rule: a pure function of the kiosk's health and the time. */
export type AlertRule = (input: RuleInput) => AlertCondition[];

const MINUTE_MS = 60_000;

function deviceOf<K extends DeviceHealth['kind']>(
  input: RuleInput,
  kind: K,
): Extract<DeviceHealth, { kind: K }> | undefined {
  return input.health.state?.devices.find((d): d is Extract<DeviceHealth, { kind: K }> => d.kind === kind);
}

/** Minutes since an ISO time (rounded down). */
function minutesSince(iso: string, now: number): number {
  return Math.floor((now - Date.parse(iso)) / MINUTE_MS);
}

function condition(
  rule: AlertRuleName,
  subject: string,
  severity: AlertSeverity,
  summary: string,
  details: AlertCondition['details'] = {},
): AlertCondition[] {
  return [{ rule, subject, severity, summary, details }];
}

/** Every rule by name; `evaluateRules` runs those not disabled. */
export const ALERT_RULES: Readonly<Record<AlertRuleName, AlertRule>> = {
  paper_near_end: (input) =>
    deviceOf(input, 'printer')?.condition === 'paper_near_end'
      ? condition('paper_near_end', 'printer', 'warning', 'Бумага в принтере талонов заканчивается: замените рулон')
      : [],

  paper_out: (input) =>
    deviceOf(input, 'printer')?.condition === 'paper_out'
      ? condition('paper_out', 'printer', 'critical', 'В принтере талонов кончилась бумага: талоны не печатаются')
      : [],

  // Offline, cover open or a fault for longer than the threshold (a short unplug is not worth a call).
  printer_offline: (input) => {
    const printer = deviceOf(input, 'printer');
    if (!printer || !['offline', 'cover_open', 'error'].includes(printer.condition)) return [];
    const minutes = minutesSince(printer.since, input.now);
    if (minutes < input.config.thresholds.printerOfflineMinutes) return [];
    return condition('printer_offline', 'printer', 'critical', 'Принтер талонов не работает', {
      condition: printer.condition,
      since: printer.since,
      ...(printer.lastError ? { lastError: printer.lastError.code } : {}),
    });
  },

  terminal_offline: (input) => {
    const terminal = deviceOf(input, 'payment_terminal');
    if (!terminal || terminal.condition === 'ready') return [];
    const minutes = minutesSince(terminal.since, input.now);
    if (minutes < input.config.thresholds.terminalOfflineMinutes) return [];
    return condition('terminal_offline', 'payment_terminal', 'warning', 'Платёжный терминал не отвечает', {
      condition: terminal.condition,
      since: terminal.since,
    });
  },

  // No sign of life (a heartbeat, an outbox delivery, an open event stream's keep-alive) for
  // `silentAfterHeartbeats` liveness intervals; or, with a stream open, no heartbeat for as many
  // stream heartbeat intervals (the stream alone cannot tell a hung kiosk app from a quiet one).
  kiosk_silent: (input) => {
    const { heartbeatSeconds, streamHeartbeatSeconds, thresholds } = input.config;
    const silentMs = input.now - Date.parse(input.health.lastSeenAt);
    // Details that do not grow with time: an open alert is not rewritten on every check.
    if (silentMs > heartbeatSeconds * 1000 * thresholds.silentAfterHeartbeats) {
      return condition('kiosk_silent', 'kiosk', 'critical', 'Киоск не выходит на связь', {
        lastSeenAt: input.health.lastSeenAt,
      });
    }
    const { lastReportAt } = input;
    if (lastReportAt === undefined) return [];
    if (input.now - lastReportAt <= streamHeartbeatSeconds * 1000 * thresholds.silentAfterHeartbeats) return [];
    return condition('kiosk_silent', 'kiosk', 'critical', 'Киоск на связи, но не присылает состояние', {
      lastReportAt: new Date(lastReportAt).toISOString(),
    });
  },

  content_stale: (input) =>
    input.health.content?.state === 'stale'
      ? condition('content_stale', 'content', 'warning', 'Киоск не может обновить содержимое экрана', {
          ...(input.health.content.version === undefined ? {} : { version: input.health.content.version }),
        })
      : [],

  content_rolled_back: (input) => {
    const content = input.health.content;
    if (content?.state !== 'rolled_back' && content?.state !== 'refused') return [];
    return condition('content_rolled_back', 'content', 'warning', 'Новое содержимое экрана не принято киоском', {
      state: content.state,
      ...(content.version === undefined ? {} : { version: content.version }),
      ...(content.reason === undefined ? {} : { reason: content.reason }),
    });
  },

  payments_need_attention: (input) => {
    const count = input.health.state?.paymentsNeedingAttention ?? 0;
    return count > 0
      ? condition('payments_need_attention', 'payments', 'critical', 'Оплата ждёт решения сотрудника', { count })
      : [];
  },

  // Open until a later end of day reconciles (the ledger's verdict, not the kiosk's).
  reconciliation_mismatch: (input) => {
    const note = input.health.reconciliation;
    return note && !note.matched
      ? condition('reconciliation_mismatch', 'payments', 'critical', 'Итоги дня терминала не сходятся с учётом', {
          at: note.at,
        })
      : [];
  },

  disk_low: (input) => {
    const free = input.health.state?.freeDiskMiB;
    if (free === undefined || free >= input.config.thresholds.diskLowMiB) return [];
    return condition('disk_low', 'disk', free < 256 ? 'critical' : 'warning', 'На диске киоска мало места', {
      freeMiB: free,
    });
  },

  // The kiosk's own supervision put it out of service: its page kept crashing or freezing (a
  // restart loop). It keeps trying and comes back by itself; the alert closes then.
  screen_failing: (input) =>
    input.health.state?.visitor.reason === 'screen_failing'
      ? condition(
          'screen_failing',
          'screen',
          'critical',
          'Экран киоска раз за разом падает или зависает: киоск выведен из обслуживания',
        )
      : [],

  clock_off: (input) => {
    const offset = input.health.state?.clockOffsetSeconds;
    if (offset === undefined || Math.abs(offset) <= input.config.thresholds.clockOffSeconds) return [];
    return condition('clock_off', 'clock', 'warning', 'Часы киоска расходятся с сервером', { offsetSeconds: offset });
  },
};

/** Every condition of one kiosk now, by the rules not disabled. */
export function evaluateRules(input: RuleInput): AlertCondition[] {
  const disabled = new Set(input.config.disabledRules);
  return Object.entries(ALERT_RULES).flatMap(([name, rule]) =>
    disabled.has(name as AlertRuleName) ? [] : rule(input),
  );
}
