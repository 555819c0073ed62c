import { listPrinterProfiles, loadPrinterProfile } from '../../../../drivers/printer/load-printer-profile';
import type { HidBackend } from '../../../../drivers/transport/hid-transport';
import type { RawConfig } from '../../../../kiosk-config/src/config/technician-settings';
import {
  type DeviceStatus,
  type KioskConfig,
  ok,
  type PortChoice,
  type PortDevice,
  type PortListing,
} from '../../../../kiosk-config/src/index';
import type { CallHandlers } from '../../api/call-dispatcher';
import { LIVE_DEVICE_KEYS } from '../../config/config-change-effects';
import type { ConfigStore } from '../../config/config-store';
import type { TechnicianAudit } from '../technician-audit';
import { listHidDevices } from './list-hid-devices';
import { listSerialPortViews, type SerialPortListOptions } from './list-serial-ports';
import { tryPort } from './try-port';

/** What the «Подключение» page's calls use. */
export interface PortsServices {
  store: ConfigStore;
  devices: { statuses(): DeviceStatus[] };
  profilesDir: string;
  kioskId: string;
  timeZone: string;
  audit: TechnicianAudit;
  /** Overrides of the serial lister (root, serialport's list); tests only. */
  serialList?: Omit<SerialPortListOptions, 'configured'>;
  hid?: Pick<HidBackend, 'devices'>;
}

/** The «Подключение» page's calls: list the ports, try a choice, save it. */
export function portsCallHandlers(
  services: PortsServices,
): Pick<CallHandlers, 'technician.ports.list' | 'technician.ports.try' | 'technician.ports.save'> {
  const configuredPaths = () =>
    services.devices
      .statuses()
      .filter((status): status is DeviceStatus & { kind: PortDevice } => status.kind !== 'payment_terminal')
      .map((status) => ({ device: status.kind, path: status.address }));
  // Only a port the kiosk lists can be tried or saved: the page's input is not trusted to name a file.
  const listed = async (path: string) => {
    const { ports } = await listSerialPortViews({ ...services.serialList, configured: [] });
    return ports.some((port) => port.path === path || port.devicePath === path);
  };
  return {
    'technician.ports.list': async () => {
      const [serial, hid, printerProfiles, config] = await Promise.all([
        listSerialPortViews({ ...services.serialList, configured: configuredPaths() }),
        listHidDevices(services.hid),
        profileChoices(services.profilesDir),
        services.store.current(),
      ]);
      const listing: PortListing = {
        serial: serial.ports.slice(0, 256),
        serialSource: serial.source,
        ...(serial.problem === undefined ? {} : { serialProblem: serial.problem }),
        hid: hid.devices,
        ...(hid.problem === undefined ? {} : { hidProblem: hid.problem }),
        printerProfiles,
        current: currentChoices(config),
      };
      return ok(listing);
    },
    'technician.ports.try': async (choice) => {
      if (!(await listed(choice.path))) {
        return ok({ opened: false, answered: false, printed: false, problems: [], message: NOT_LISTED });
      }
      const outcome = await tryPort(choice, {
        profilesDir: services.profilesDir,
        kioskId: services.kioskId,
        timeZone: services.timeZone,
        inUse: (path) => configuredPaths().some((configured) => configured.path === path),
      });
      services.audit.record('ports.try', { ...auditOf(choice), printed: outcome.printed });
      return ok(outcome);
    },
    'technician.ports.save': async (choice) => {
      if (!(await listed(choice.path))) return ok({ saved: false, issues: [{ path: 'path', message: NOT_LISTED }] });
      const saved = await services.store.change((raw) => withPort(raw, choice));
      services.audit.record('ports.save', { ...auditOf(choice), saved: saved.saved });
      return ok(saved);
    },
  };
}

const NOT_LISTED = 'Этого порта нет в списке: обновите список и выберите порт из него';

/** What the audit says of a choice: the device, the port, the speed (no visitor data). */
function auditOf(choice: PortChoice): Record<string, string | number> {
  return { device: choice.device, path: choice.path, baudRate: choice.baudRate, profile: choice.profile ?? '-' };
}

/** The config file's JSON with the device on the chosen port (its other settings kept). */
export function withPort(raw: RawConfig, choice: PortChoice): RawConfig {
  const next = structuredClone(raw);
  const devices = (next.devices ?? {}) as Record<string, unknown>;
  next.devices = devices;
  const key = LIVE_DEVICE_KEYS[choice.device];
  const existing = devices[key];
  const device: Record<string, unknown> =
    existing !== null && typeof existing === 'object' ? { ...(existing as Record<string, unknown>) } : {};
  device.connection = { kind: 'serial', path: choice.path, baudRate: choice.baudRate };
  if (choice.device === 'printer' && choice.profile !== undefined) device.profile = choice.profile;
  devices[key] = device;
  return next;
}

function currentChoices(config: KioskConfig): PortListing['current'] {
  const current: PortListing['current'] = [];
  for (const [device, key] of Object.entries(LIVE_DEVICE_KEYS) as Array<[PortDevice, keyof typeof config.devices]>) {
    const configured = config.devices[key];
    if (!configured || !('connection' in configured)) continue;
    const connection = configured.connection;
    if (connection.kind === 'hid' || connection.kind === 'tcp' || !('baudRate' in connection)) continue;
    current.push({
      device,
      ...(connection.kind === 'serial' && connection.path !== undefined ? { path: connection.path } : {}),
      baudRate: connection.baudRate,
      ...('profile' in configured && typeof configured.profile === 'string' ? { profile: configured.profile } : {}),
    });
  }
  return current;
}

async function profileChoices(dir: string): Promise<PortListing['printerProfiles']> {
  const ids = await listPrinterProfiles({ dir });
  const profiles = await Promise.all(ids.map((id) => loadPrinterProfile(id, { dir }).catch(() => null)));
  return profiles
    .filter((profile) => profile !== null)
    .map((profile) => ({ id: profile.id, name: profile.name, paperWidthMm: profile.paperWidthMm }));
}
