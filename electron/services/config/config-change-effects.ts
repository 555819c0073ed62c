import type { KioskConfig, PortDevice } from '../../../kiosk-config/src/index';

/** The config's device keys the device manager can re-attach live, by the device kind they hold. */
export const LIVE_DEVICE_KEYS = {
  printer: 'printer',
  scanner: 'scanner',
  document_reader: 'documentReader',
} as const satisfies Record<PortDevice, keyof KioskConfig['devices']>;

/** What a change of the config affects once saved. */
export interface ConfigChangeEffects {
  /** Devices to detach and attach again with their new settings (then watched until ready). */
  devices: PortDevice[];
  /**
   * Sections read only at start (`session`, `tickets`, `devices.paymentTerminal`…): saved, they
   * take effect at the next start of the core.
   */
  restartSections: string[];
}

/**
 * Compares the config before and after a change (both validated, defaults filled) and says what
 * must be redone: each receipt printer, scanner or document reader whose settings changed is
 * re-attached; every other changed section is named as needing a restart. A printer's profile is
 * both: the driver takes it live, but the ticket layout's columns were read at start.
 */
export function configChangeEffects(before: KioskConfig, after: KioskConfig): ConfigChangeEffects {
  const devices: PortDevice[] = [];
  const restartSections: string[] = [];
  for (const key of Object.keys(after) as Array<keyof KioskConfig>) {
    if (key === 'devices') continue;
    if (!sameJson(before[key], after[key])) restartSections.push(key);
  }
  for (const [kind, key] of Object.entries(LIVE_DEVICE_KEYS) as Array<[PortDevice, keyof KioskConfig['devices']]>) {
    if (!sameJson(before.devices[key], after.devices[key])) devices.push(kind);
  }
  if (!sameJson(before.devices.paymentTerminal, after.devices.paymentTerminal)) {
    restartSections.push('devices.paymentTerminal');
  }
  if (before.devices.printer?.profile !== after.devices.printer?.profile)
    restartSections.push('devices.printer.profile');
  return { devices, restartSections };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
