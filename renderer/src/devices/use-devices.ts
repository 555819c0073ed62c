import type { DeviceStatus, KioskApi } from '../../../kiosk-config/src/index';
import { useAskedAndTold } from '../api/use-asked-and-told';

const askDevices = async (api: KioskApi) => {
  const result = await api.call('devices.status', {});
  return result.ok ? { ok: true as const, value: result.value.devices as readonly DeviceStatus[] | null } : result;
};
const listenDevices = (api: KioskApi, set: (devices: readonly DeviceStatus[] | null) => void) =>
  api.on('devices.changed', (payload) => set(payload.devices));

/** The devices' state, from `devices.status` (asked every 30 s too) and every `devices.changed`; `null` until known. */
export function useDevices(api: KioskApi): readonly DeviceStatus[] | null {
  return useAskedAndTold<readonly DeviceStatus[] | null>(api, null, askDevices, listenDevices);
}
