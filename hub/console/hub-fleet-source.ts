import type { Result } from '../../kiosk-config/src/contract/result';
import type { DeviceHealth, HealthState } from '../../kiosk-config/src/hub/fleet-health';
import type { AlertRecord, FleetRepository, HealthHistoryEntry, KioskHealthRecord } from '../db/fleet-repository';
import type { HubRepository, KioskRecord } from '../db/hub-repository';
import type { CommandService } from '../fleet/commands/command-service';
import type { CommandRecord } from '../fleet/commands/command-store';
import type { FleetService } from '../fleet/fleet-service';
import { CONSOLE_COMMAND_KINDS, commandLabel } from './console-command-kinds';
import type {
  ConsoleAlert,
  ConsoleCommand,
  ConsoleCommandSource,
  ConsoleDevice,
  ConsoleFleetSource,
  ConsoleKiosk,
  ConsoleKioskEvent,
  ConsoleKioskState,
} from './console-fleet-source';

/** What `HubFleetSource` reads. */
export interface HubFleetSourceDeps {
  repository: Pick<HubRepository, 'listKiosks' | 'findKiosk'>;
  /** The latest health and open alerts (in memory), acknowledgements (the webhook is told). */
  fleet: Pick<FleetService, 'health' | 'openAlerts' | 'acknowledge'>;
  /** The stored history and closed alerts. */
  fleetStore: Pick<FleetRepository, 'healthHistory' | 'listAlerts'>;
  /** Remote commands, when the hub has them. */
  commands?: CommandService;
  now: () => number;
}

/** How many closed alerts the console reads back at most. */
const CLOSED_ALERTS_LIMIT = 200;

const VISITOR_STATES: Readonly<Record<HealthState['visitor']['state'], string>> = {
  in_service: 'работает',
  degraded: 'с ограничениями',
  out_of_service: 'выведен из работы',
  updating: 'обновляется',
};

/**
 * The console's fleet from the hub's real stores: each enrolled kiosk (hub repository) with the
 * health it last reported (FleetService: visitor-facing state, versions, devices, content), its
 * recent events (the stored health history and the commands' audit), the alerts the rules opened
 * (acknowledged through FleetService, so the webhook hears of it), and the remote commands.
 */
export class HubFleetSource implements ConsoleFleetSource {
  readonly #deps: HubFleetSourceDeps;
  readonly commands?: ConsoleCommandSource;

  constructor(deps: HubFleetSourceDeps) {
    this.#deps = deps;
    if (deps.commands) this.commands = new HubCommandSource(deps.commands, deps.now);
  }

  async listKiosks(): Promise<ConsoleKiosk[]> {
    return (await this.#deps.repository.listKiosks()).map((kiosk) => this.#kioskOf(kiosk));
  }

  async findKiosk(kioskId: string): Promise<ConsoleKiosk | undefined> {
    const kiosk = await this.#deps.repository.findKiosk(kioskId);
    return kiosk && this.#kioskOf(kiosk);
  }

  async recentEvents(kioskId: string, limit: number): Promise<ConsoleKioskEvent[]> {
    // One more state than shown: the oldest shown is told as a change from it.
    const history = await this.#deps.fleetStore.healthHistory(kioskId, limit + 1);
    const states = history.slice(0, limit).map((entry, index) => ({
      at: entry.receivedAt,
      kind: 'health.changed',
      summary: healthSummary(entry, history[index + 1]),
    }));
    const audit = await this.#commandEvents(kioskId, limit);
    return [...states, ...audit].sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
  }

  async listAlerts(filter: { kioskId?: string; includeClosed?: boolean } = {}): Promise<ConsoleAlert[]> {
    const records = filter.includeClosed
      ? (await this.#deps.fleetStore.listAlerts({ limit: CLOSED_ALERTS_LIMIT })).filter(
          (alert) => filter.kioskId === undefined || alert.kioskId === filter.kioskId,
        )
      : this.#deps.fleet.openAlerts(filter.kioskId);
    const offices = await this.#officesOf(records);
    return records
      .flatMap((alert) => {
        const officeId = offices.get(alert.kioskId);
        return officeId === undefined ? [] : [consoleAlertOf(alert, officeId)];
      })
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  }

  async acknowledgeAlert(alertId: string, by: string): Promise<Result<ConsoleAlert, 'not_found' | 'closed'>> {
    const outcome = await this.#deps.fleet.acknowledge(alertId, by);
    if (!('alert' in outcome)) {
      const message = outcome.outcome === 'closed' ? 'the alert is closed' : 'no such alert';
      return { ok: false, error: { code: outcome.outcome, message } };
    }
    const kiosk = await this.#deps.repository.findKiosk(outcome.alert.kioskId);
    return { ok: true, value: consoleAlertOf(outcome.alert, kiosk?.officeId ?? '') };
  }

  /** The commands' audit lines: the command's label, who, and what came of it. */
  async #commandEvents(kioskId: string, limit: number): Promise<ConsoleKioskEvent[]> {
    const store = this.#deps.commands?.store;
    if (!store) return [];
    const kinds = new Map((await store.listForKiosk(kioskId, limit * 2)).map((command) => [command.id, command.kind]));
    const events: ConsoleKioskEvent[] = [];
    for (const entry of await store.listAudit(kioskId, limit)) {
      const kind = kinds.get(entry.commandId) ?? (await store.find(entry.commandId))?.kind ?? '';
      events.push({
        at: entry.at,
        kind: `command.${entry.event}`,
        // An `issued` line's detail is the kind; the others' the result or reason.
        summary: [commandLabel(kind), entry.actor, entry.event === 'issued' ? undefined : entry.detail]
          .filter((part): part is string => part !== undefined && part !== '')
          .join(' · '),
      });
    }
    return events;
  }

  async #officesOf(alerts: readonly AlertRecord[]): Promise<Map<string, string>> {
    const ids = new Set(alerts.map((alert) => alert.kioskId));
    if (ids.size === 0) return new Map();
    const kiosks =
      ids.size === 1
        ? [await this.#deps.repository.findKiosk([...ids][0] ?? '')]
        : await this.#deps.repository.listKiosks();
    return new Map(kiosks.flatMap((kiosk) => (kiosk ? [[kiosk.id, kiosk.officeId] as const] : [])));
  }

  #kioskOf(kiosk: KioskRecord): ConsoleKiosk {
    const health = this.#deps.fleet.health(kiosk.id);
    const state = health?.state;
    const content = health?.content;
    const lastContactAt = latest(kiosk.lastSeenAt, health?.lastSeenAt);
    // The release it runs; a `content.state` report may name one it is only downloading.
    const contentVersion = state?.contentVersion ?? content?.version;
    return {
      kioskId: kiosk.id,
      officeId: kiosk.officeId,
      state: this.#stateOf(kiosk, health),
      ...(lastContactAt === undefined ? {} : { lastContactAt }),
      ...(state === undefined ? {} : { appVersion: state.appVersion }),
      ...(contentVersion === undefined ? {} : { contentVersion }),
      ...(content === undefined ? {} : { contentState: content.state }),
      devices: (state?.devices ?? []).map(consoleDeviceOf),
    };
  }

  #stateOf(kiosk: KioskRecord, health: KioskHealthRecord | undefined): ConsoleKioskState {
    if (kiosk.revokedAt !== undefined) return 'revoked';
    // The same verdict as the alert rules': silent while the `kiosk_silent` alert is open.
    if (this.#deps.fleet.openAlerts(kiosk.id).some((alert) => alert.rule === 'kiosk_silent')) return 'silent';
    return health?.state?.visitor.state ?? 'unknown';
  }
}

/** Remote commands through `CommandService`: the allow-list's kinds, issued with the form's fields. */
class HubCommandSource implements ConsoleCommandSource {
  constructor(
    private readonly service: CommandService,
    private readonly now: () => number,
  ) {}

  kinds() {
    return CONSOLE_COMMAND_KINDS;
  }

  async list(kioskId: string, limit: number): Promise<ConsoleCommand[]> {
    const now = this.now();
    return (await this.service.store.listForKiosk(kioskId, limit)).map((record) => consoleCommandOf(record, now));
  }

  async issue(request: {
    kioskId: string;
    kind: string;
    params: Readonly<Record<string, string>>;
    issuedBy: string;
  }): Promise<Result<ConsoleCommand, 'unknown_kiosk' | 'unknown_kind' | 'refused'>> {
    const known = CONSOLE_COMMAND_KINDS.find((k) => k.kind === request.kind);
    if (!known) return { ok: false, error: { code: 'unknown_kind', message: 'not a kind of the allow-list' } };
    // Only the kind's own fields, and an empty optional field is left out (the kiosk's default then).
    const params = Object.fromEntries(
      known.fields.flatMap((field) => {
        const value = request.params[field.name]?.trim() ?? '';
        return value === '' ? [] : [[field.name, value]];
      }),
    );
    const outcome = await this.service.issueCommand({
      kioskId: request.kioskId,
      kind: request.kind,
      params,
      issuer: request.issuedBy,
    });
    if (!outcome.ok) {
      const code = outcome.code === 'unknown_kiosk' ? 'unknown_kiosk' : 'refused';
      return { ok: false, error: { code, message: outcome.reason } };
    }
    return { ok: true, value: consoleCommandOf(outcome.command, this.now()) };
  }
}

function consoleAlertOf(alert: AlertRecord, officeId: string): ConsoleAlert {
  return {
    alertId: alert.id,
    kioskId: alert.kioskId,
    officeId,
    rule: alert.rule,
    title: alert.flapCount > 0 ? `${alert.summary} (повторялась ${alert.flapCount + 1} раз)` : alert.summary,
    severity: alert.severity,
    openedAt: alert.openedAt,
    ...(alert.acknowledgedAt === undefined ? {} : { acknowledgedAt: alert.acknowledgedAt }),
    ...(alert.acknowledgedBy === undefined ? {} : { acknowledgedBy: alert.acknowledgedBy }),
    ...(alert.closedAt === undefined ? {} : { closedAt: alert.closedAt }),
  };
}

/** A device's condition as the console lists problems: none when it works. */
function consoleDeviceOf(device: DeviceHealth): ConsoleDevice {
  const working = device.condition === 'ok' || device.condition === 'ready';
  const detail = [
    `с ${minuteText(device.since)}`,
    ...(device.lastError ? [`последний сбой ${device.lastError.code}, ${minuteText(device.lastError.at)}`] : []),
    ...(device.kind === 'payment_terminal' && device.dayClosedAt
      ? [`день закрыт ${minuteText(device.dayClosedAt)}`]
      : []),
  ].join('; ');
  return {
    id: device.kind,
    kind: device.kind,
    connected: device.condition !== 'offline',
    problems: working ? [] : [device.condition],
    detail,
  };
}

function consoleCommandOf(record: CommandRecord, now: number): ConsoleCommand {
  const open = record.state === 'pending' || record.state === 'delivered';
  // The store marks a command expired when its kiosk next asks; the page should not wait for that.
  const state: ConsoleCommand['state'] =
    open && Date.parse(record.expiresAt) <= now
      ? 'expired'
      : record.state === 'done'
        ? 'succeeded'
        : record.state === 'refused'
          ? 'failed'
          : record.state;
  const result =
    record.state === 'refused'
      ? `отказ: ${record.reason ?? ''}`
      : record.reason === undefined
        ? undefined
        : record.reason;
  return {
    commandId: record.id,
    kioskId: record.kioskId,
    kind: record.kind,
    label: commandLabel(record.kind),
    issuedBy: record.issuer,
    issuedAt: record.createdAt,
    expiresAt: record.expiresAt,
    state,
    ...(result === undefined ? {} : { result }),
  };
}

/** One line for a stored state: what changed since the one before (all of it for the first). */
function healthSummary(entry: HealthHistoryEntry, before: HealthHistoryEntry | undefined): string {
  const parts: string[] = [];
  const { state } = entry;
  if (
    !before ||
    before.state.visitor.state !== state.visitor.state ||
    before.state.visitor.reason !== state.visitor.reason
  ) {
    parts.push(`${VISITOR_STATES[state.visitor.state]}${state.visitor.reason ? ` (${state.visitor.reason})` : ''}`);
  }
  for (const device of state.devices) {
    const previous = before?.state.devices.find((d) => d.kind === device.kind);
    if (previous?.condition !== device.condition) {
      parts.push(`${device.kind}: ${previous ? `${previous.condition} → ` : ''}${device.condition}`);
    }
  }
  if (before && before.state.appVersion !== state.appVersion) parts.push(`приложение ${state.appVersion}`);
  if (before && before.state.contentVersion !== state.contentVersion && state.contentVersion !== undefined) {
    parts.push(`контент v${state.contentVersion}`);
  }
  if (before && before.state.paymentsNeedingAttention !== state.paymentsNeedingAttention) {
    parts.push(`оплат ждут решения: ${state.paymentsNeedingAttention}`);
  }
  return parts.join('; ') || 'прочие показатели';
}

/** `2026-03-02 09:00 UTC`: the hub does not know a device's office here, and the minute is enough. */
function minuteText(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
