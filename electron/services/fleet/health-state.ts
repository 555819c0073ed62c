import { createHash } from 'node:crypto';
import type { DeviceStatus } from '../../../kiosk-config/src/contract/devices';
import type {
  DeviceHealth,
  HealthState,
  LinkQuality,
  PrinterCondition,
  ReaderCondition,
  TerminalCondition,
} from '../../../kiosk-config/src/hub/fleet-health';

/** A device's condition and what the reporter remembers of it between snapshots. */
export interface DeviceMemory {
  condition: string;
  since: string;
  lastError?: { code: string; at: string };
}

/** The printer's condition from its status: the worst of its problems. */
export function printerCondition(status: DeviceStatus): PrinterCondition {
  const problems = new Set(status.problems);
  if (!status.connected || problems.has('offline') || problems.has('not_responding')) return 'offline';
  if (problems.has('cover_open')) return 'cover_open';
  if (problems.has('paper_out')) return 'paper_out';
  if (problems.has('error')) return 'error';
  if (problems.has('paper_near_end')) return 'paper_near_end';
  return 'ok';
}

function readerCondition(status: DeviceStatus): ReaderCondition {
  return status.connected && status.problems.length === 0 ? 'ok' : 'offline';
}

function terminalCondition(status: DeviceStatus): TerminalCondition {
  if (!status.connected || status.problems.includes('offline') || status.problems.includes('not_responding')) {
    return 'offline';
  }
  return status.problems.length === 0 ? 'ready' : 'not_ready';
}

/** Conditions that are faults (remembered as the device's last error). */
const FAULTS: ReadonlySet<string> = new Set(['offline', 'cover_open', 'paper_out', 'error', 'not_ready']);

/**
 * Each device's health from its status, keeping in `memory` (by device id) when its condition
 * began and its last fault, across snapshots.
 */
export function devicesHealth(
  statuses: readonly DeviceStatus[],
  memory: Map<string, DeviceMemory>,
  at: string,
  terminal: { dayClosedAt: string | undefined },
): DeviceHealth[] {
  return statuses.map((status) => {
    const condition =
      status.kind === 'printer'
        ? printerCondition(status)
        : status.kind === 'payment_terminal'
          ? terminalCondition(status)
          : readerCondition(status);
    const known = memory.get(status.id);
    let remembered: DeviceMemory;
    if (known?.condition === condition) {
      remembered = known;
    } else {
      remembered = { condition, since: at, ...(known?.lastError ? { lastError: known.lastError } : {}) };
      if (FAULTS.has(condition)) remembered.lastError = { code: condition, at };
      memory.set(status.id, remembered);
    }
    const common = {
      since: remembered.since,
      ...(remembered.lastError ? { lastError: remembered.lastError } : {}),
    };
    switch (status.kind) {
      case 'printer':
        return { kind: 'printer', condition: condition as PrinterCondition, ...common };
      case 'payment_terminal':
        return {
          kind: 'payment_terminal',
          condition: condition as TerminalCondition,
          ...common,
          ...(terminal.dayClosedAt === undefined ? {} : { dayClosedAt: terminal.dayClosedAt }),
        };
      default:
        return { kind: status.kind, condition: condition as ReaderCondition, ...common };
    }
  });
}

/** Below this free space (MiB) the kiosk refuses new tickets and payments (`DISK_FLOOR_BYTES`). */
const DISK_FULL_MIB = 256;

/** What the kiosk is doing besides its devices: put out of service, or switching its content. */
export interface KioskModes {
  /** Out of service by a remote command from the centre (`ServiceMode.remote`). */
  outOfService?: boolean;
  /** Out of service by the host's supervision: the page keeps failing (`ServiceMode.screenFailing`). */
  screenFailing?: boolean;
  /** A content release is switching or on trial (`KioskContent.updating`). */
  updating?: boolean;
}

/**
 * What the visitor meets: `out_of_service` while the centre has put the kiosk out of service, or
 * while its host has because the page keeps crashing or freezing (`screen_failing`);
 * `updating` while a content release switches or is on trial; `degraded` when the ticket
 * printer cannot print (status lookups still work) or the disk is full (new tickets and payments
 * are refused); otherwise in service.
 */
export function visitorFacingState(
  devices: readonly DeviceHealth[],
  freeDiskMiB: number | undefined,
  modes: KioskModes = {},
): HealthState['visitor'] {
  if (modes.outOfService) return { state: 'out_of_service', reason: 'remote_command' };
  if (modes.screenFailing) return { state: 'out_of_service', reason: 'screen_failing' };
  if (modes.updating) return { state: 'updating', reason: 'content_trial' };
  const printer = devices.find((device) => device.kind === 'printer');
  if (printer && printer.condition !== 'ok' && printer.condition !== 'paper_near_end') {
    return { state: 'degraded', reason: `printer_${printer.condition}` };
  }
  if (freeDiskMiB !== undefined && freeDiskMiB < DISK_FULL_MIB) return { state: 'degraded', reason: 'disk_full' };
  return { state: 'in_service' };
}

/** The backlog by order of magnitude (0, 1, 10, 100…), so a busy outbox does not change the state each minute. */
export function backlogMagnitude(count: number): number {
  if (count <= 0) return 0;
  return 10 ** Math.min(7, Math.floor(Math.log10(count)));
}

/** Keeps `previous` unless `next` moved from it by more than `tolerance` (hysteresis against noise). */
export function steady(previous: number | undefined, next: number | undefined, tolerance: number): number | undefined {
  if (next === undefined) return previous;
  if (previous === undefined || Math.abs(next - previous) > tolerance) return next;
  return previous;
}

/** The link's quality from the last heartbeats: any failure among them, else the last round trip. */
export function linkQuality(recentFailures: number, lastRoundTripMs: number | undefined): LinkQuality {
  if (recentFailures > 0) return 'unstable';
  return lastRoundTripMs !== undefined && lastRoundTripMs > 1000 ? 'slow' : 'good';
}

/** A state's hash: the first 16 hex digits of the sha-256 of its JSON. */
export function healthHash(state: HealthState): string {
  return createHash('sha256').update(JSON.stringify(state)).digest('hex').slice(0, 16);
}
