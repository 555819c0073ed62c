import { createHash } from 'node:crypto';
import type { DeviceHealth, HealthChange, HealthState } from '../../kiosk-config/src/hub/fleet-health';
import type { KioskHealthRecord } from '../db/fleet-repository';
import { FleetConfig } from './fleet-config';

/** The fleet settings' defaults, with changes. */
export function fleetConfig(changes: Partial<FleetConfig> = {}): FleetConfig {
  return FleetConfig.parse(changes);
}

/** A healthy kiosk's state (a printer and a card terminal, all well), with changes. */
export function healthyState(changes: Partial<HealthState> = {}, at = '2026-03-02T09:00:00.000Z'): HealthState {
  return {
    appVersion: '1.4.0',
    contentVersion: 3,
    startedAt: at,
    clockOffsetSeconds: 0,
    freeDiskMiB: 20_000,
    link: 'good',
    outboxBacklog: 0,
    paymentsNeedingAttention: 0,
    visitor: { state: 'in_service' },
    devices: [
      { kind: 'printer', condition: 'ok', since: at },
      { kind: 'payment_terminal', condition: 'ready', since: at },
    ],
    ...changes,
  };
}

/** The state with its printer in `printer`'s condition since `since`. */
export function withPrinter(
  state: HealthState,
  condition: Extract<DeviceHealth, { kind: 'printer' }>['condition'],
  since: string,
): HealthState {
  return {
    ...state,
    devices: state.devices.map((d) => (d.kind === 'printer' ? { ...d, condition, since } : d)),
  };
}

/** A state as the kiosk sends it: with its hash and time. */
export function healthChange(state: HealthState, at = '2026-03-02T09:00:00.000Z'): HealthChange {
  const hash = createHash('sha256').update(JSON.stringify(state)).digest('hex').slice(0, 16);
  return { hash, at, state };
}

/** A kiosk's health record as the hub keeps it. */
export function healthRecord(changes: Partial<KioskHealthRecord> = {}): KioskHealthRecord {
  return {
    kioskId: 'kiosk-1',
    lastSeenAt: '2026-03-02T09:00:00.000Z',
    hash: '0123456789abcdef',
    state: healthyState(),
    stateAt: '2026-03-02T09:00:00.000Z',
    ...changes,
  };
}
