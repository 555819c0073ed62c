import { useEffect, useState } from 'react';
import type { DeviceStatus, KioskApi } from '../../../kiosk-config/src/index';

/**
 * How often the state is asked again besides the `devices.changed` events: a safety net for
 * events missed while the WebSocket was reconnecting.
 */
const POLL_MS = 30_000;

/** The devices' state, from `devices.status` and every `devices.changed`; `null` until known. */
export function useDevices(api: KioskApi): readonly DeviceStatus[] | null {
  const [devices, setDevices] = useState<readonly DeviceStatus[] | null>(null);
  useEffect(() => {
    let active = true;
    const ask = async () => {
      const result = await api.call('devices.status', {});
      if (active && result.ok) setDevices(result.value.devices);
    };
    const off = api.on('devices.changed', (payload) => setDevices(payload.devices));
    void ask();
    const poll = setInterval(ask, POLL_MS);
    return () => {
      active = false;
      off();
      clearInterval(poll);
    };
  }, [api]);
  return devices;
}
