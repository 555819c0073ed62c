import { z } from 'zod';
import { DeviceStatus } from '../../kiosk-config/src/contract/devices';
import type { Result } from '../../kiosk-config/src/contract/result';
import type { KioskContentState } from '../content/content-store';
import type { HubRepository, KioskRecord, StoredOutboxItem } from '../db/hub-repository';
import type {
  ConsoleAlert,
  ConsoleDevice,
  ConsoleFleetSource,
  ConsoleKiosk,
  ConsoleKioskEvent,
  ConsoleKioskState,
} from './console-fleet-source';

/** What `OutboxFleetSource` reads. */
export interface OutboxFleetSourceDeps {
  repository: Pick<HubRepository, 'listKiosks' | 'findKiosk'>;
  /** A kiosk's newest stored outbox items, of one kind when given. */
  newestItems(kioskId: string, limit: number, kind?: string): StoredOutboxItem[];
  /** What each kiosk last reported of its content, when the hub has a content channel. */
  contentStates?: () => readonly KioskContentState[];
  now: () => number;
  /** No contact for this long makes a kiosk `silent` (3 heartbeats of 60 s). */
  silentAfterMs?: number;
}

const DeviceChanged = z.object({ devices: z.array(DeviceStatus) });

/** Device problems that open an alert, with its Russian title and severity. */
const PROBLEM_ALERTS: Readonly<Record<string, { title: string; severity: ConsoleAlert['severity'] }>> = {
  paper_near_end: { title: 'Бумага скоро закончится', severity: 'warning' },
  paper_out: { title: 'Бумага закончилась', severity: 'critical' },
  cover_open: { title: 'Открыта крышка принтера', severity: 'critical' },
  offline: { title: 'Устройство не на связи', severity: 'critical' },
  not_responding: { title: 'Устройство не отвечает', severity: 'critical' },
  error: { title: 'Ошибка устройства', severity: 'critical' },
};

const DEVICE_NAMES: Readonly<Record<string, string>> = {
  printer: 'Принтер',
  scanner: 'Сканер',
  document_reader: 'Считыватель документов',
  payment_terminal: 'Платёжный терминал',
};

/** How many `device.changed` items back an alert's opening is looked for. */
const HISTORY_DEPTH = 50;

/**
 * The console's fleet from what main's hub keeps: kiosks and their last contact, the devices of
 * each kiosk's newest `device.changed` outbox item, content states. Alerts are derived: one per
 * device problem in the newest item (opened when the run of items showing it began, closed by
 * the first item without it) and one per silent kiosk. Acknowledgements are kept in memory:
 * this source is the stand-in until the hub's alert store (issue 14) is plugged in.
 */
export class OutboxFleetSource implements ConsoleFleetSource {
  readonly #deps: OutboxFleetSourceDeps;
  readonly #silentAfterMs: number;
  /** By alert id: who acknowledged it, when. */
  readonly #acknowledged = new Map<string, { by: string; at: string }>();

  constructor(deps: OutboxFleetSourceDeps) {
    this.#deps = deps;
    this.#silentAfterMs = deps.silentAfterMs ?? 180_000;
  }

  async listKiosks(): Promise<ConsoleKiosk[]> {
    const contents = this.#contentByKiosk();
    return (await this.#deps.repository.listKiosks()).map((kiosk) => this.#kioskOf(kiosk, contents));
  }

  async findKiosk(kioskId: string): Promise<ConsoleKiosk | undefined> {
    const kiosk = await this.#deps.repository.findKiosk(kioskId);
    return kiosk && this.#kioskOf(kiosk, this.#contentByKiosk());
  }

  async recentEvents(kioskId: string, limit: number): Promise<ConsoleKioskEvent[]> {
    return this.#deps.newestItems(kioskId, limit).map((item) => ({
      at: item.at,
      kind: item.kind,
      summary: summaryOf(item),
    }));
  }

  async listAlerts(filter: { kioskId?: string; includeClosed?: boolean } = {}): Promise<ConsoleAlert[]> {
    const kiosks =
      filter.kioskId === undefined
        ? await this.#deps.repository.listKiosks()
        : [await this.#deps.repository.findKiosk(filter.kioskId)].filter((k): k is KioskRecord => k !== undefined);
    const alerts = kiosks.filter((k) => k.revokedAt === undefined).flatMap((kiosk) => this.#alertsOf(kiosk));
    return alerts
      .map((alert) => {
        const ack = this.#acknowledged.get(alert.alertId);
        return ack ? { ...alert, acknowledgedAt: ack.at, acknowledgedBy: ack.by } : alert;
      })
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  }

  async acknowledgeAlert(alertId: string, by: string, at: Date): Promise<Result<ConsoleAlert, 'not_found' | 'closed'>> {
    const kioskId = alertId.split('|')[1];
    if (kioskId === undefined) return { ok: false, error: { code: 'not_found', message: 'no such alert' } };
    const alert = (await this.listAlerts({ kioskId })).find((a) => a.alertId === alertId);
    if (!alert) return { ok: false, error: { code: 'closed', message: 'the alert is closed or unknown' } };
    if (alert.acknowledgedAt !== undefined) return { ok: true, value: alert };
    const ack = { by, at: at.toISOString() };
    this.#acknowledged.set(alertId, ack);
    return { ok: true, value: { ...alert, acknowledgedAt: ack.at, acknowledgedBy: ack.by } };
  }

  #contentByKiosk(): Map<string, KioskContentState> {
    return new Map((this.#deps.contentStates?.() ?? []).map((state) => [state.kioskId, state]));
  }

  #kioskOf(kiosk: KioskRecord, contents: Map<string, KioskContentState>): ConsoleKiosk {
    const devices = this.#devicesOf(kiosk.id, 1)[0]?.devices ?? [];
    const content = contents.get(kiosk.id);
    return {
      kioskId: kiosk.id,
      officeId: kiosk.officeId,
      state: this.#stateOf(kiosk, devices, content),
      ...(kiosk.lastSeenAt === undefined ? {} : { lastContactAt: kiosk.lastSeenAt }),
      ...(content?.version === undefined ? {} : { contentVersion: content.version }),
      ...(content === undefined ? {} : { contentState: content.state }),
      devices,
    };
  }

  #stateOf(kiosk: KioskRecord, devices: ConsoleDevice[], content: KioskContentState | undefined): ConsoleKioskState {
    if (kiosk.revokedAt !== undefined) return 'revoked';
    if (kiosk.lastSeenAt === undefined) return 'unknown';
    if (this.#deps.now() - Date.parse(kiosk.lastSeenAt) > this.#silentAfterMs) return 'silent';
    const printer = devices.find((d) => d.kind === 'printer');
    if (printer && (!printer.connected || printer.problems.some((p) => p !== 'paper_near_end')))
      return 'out_of_service';
    if (devices.some((d) => !d.connected || d.problems.some((p) => p !== 'paper_near_end'))) return 'degraded';
    if (content?.state === 'downloading' || content?.state === 'trial') return 'updating';
    return 'in_service';
  }

  /** The devices of the kiosk's newest `device.changed` items, the newest first. */
  #devicesOf(kioskId: string, depth: number): { at: string; devices: ConsoleDevice[] }[] {
    return this.#deps.newestItems(kioskId, depth, 'device.changed').flatMap((item) => {
      const parsed = DeviceChanged.safeParse(item.payload);
      if (!parsed.success) return [];
      const devices = parsed.data.devices.map((d) => ({
        id: d.id,
        kind: d.kind,
        connected: d.connected,
        problems: [...d.problems],
      }));
      return [{ at: item.receivedAt, devices }];
    });
  }

  #alertsOf(kiosk: KioskRecord): ConsoleAlert[] {
    const alerts: ConsoleAlert[] = [];
    const history = this.#devicesOf(kiosk.id, HISTORY_DEPTH);
    const newest = history[0];
    for (const device of newest?.devices ?? []) {
      for (const problem of device.problems) {
        const rule = PROBLEM_ALERTS[problem];
        if (!rule) continue;
        // The run of items showing this problem, back from the newest: the alert opened with its first.
        let openedAt = newest?.at ?? '';
        for (const entry of history) {
          const same = entry.devices.find((d) => d.id === device.id);
          if (!same?.problems.includes(problem)) break;
          openedAt = entry.at;
        }
        alerts.push({
          alertId: `device|${kiosk.id}|${device.id}|${problem}|${openedAt}`,
          kioskId: kiosk.id,
          officeId: kiosk.officeId,
          rule: problem,
          title: `${DEVICE_NAMES[device.kind] ?? device.kind}: ${rule.title.toLowerCase()}`,
          severity: rule.severity,
          openedAt,
        });
      }
    }
    if (kiosk.lastSeenAt !== undefined) {
      const silentSince = Date.parse(kiosk.lastSeenAt) + this.#silentAfterMs;
      if (this.#deps.now() > silentSince) {
        const openedAt = new Date(silentSince).toISOString();
        alerts.push({
          alertId: `silent|${kiosk.id}|${openedAt}`,
          kioskId: kiosk.id,
          officeId: kiosk.officeId,
          rule: 'kiosk_silent',
          title: 'Терминал не выходит на связь',
          severity: 'critical',
          openedAt,
        });
      }
    }
    return alerts;
  }
}

/** A short line for an outbox item: its kind's facts, nothing personal (the payloads hold none). */
function summaryOf(item: StoredOutboxItem): string {
  switch (item.kind) {
    case 'device.changed': {
      const parsed = DeviceChanged.safeParse(item.payload);
      if (!parsed.success) return 'состояние устройств';
      return parsed.data.devices
        .map(
          (d) => `${DEVICE_NAMES[d.kind] ?? d.kind}: ${d.connected ? d.problems.join(', ') || 'готов' : 'нет связи'}`,
        )
        .join('; ');
    }
    case 'content.state':
      return `контент: ${String(item.payload.state ?? '')}${item.payload.version === undefined ? '' : ` v${String(item.payload.version)}`}`;
    case 'kiosk.disk_low':
      return 'мало места на диске';
    case 'status.lookup':
      return `проверка статуса: ${String(item.payload.outcome ?? '')}`;
    default:
      return item.kind;
  }
}
