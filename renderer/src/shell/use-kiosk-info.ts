import { useEffect, useState } from 'react';
import type { KioskApi, KioskInfo } from '../../../kiosk-config/src/index';

/** How long to wait before asking again when `kiosk.info` fails (the host may still be starting). */
const RETRY_MS = 3_000;

/** The kiosk's own description (`kiosk.info`), asked until it comes; `null` until then. */
export function useKioskInfo(api: KioskApi): KioskInfo | null {
  const [info, setInfo] = useState<KioskInfo | null>(null);
  useEffect(() => {
    let active = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      const result = await api.call('kiosk.info', {});
      if (!active) return;
      if (result.ok) setInfo(result.value);
      else retry = setTimeout(ask, RETRY_MS);
    };
    void ask();
    return () => {
      active = false;
      clearTimeout(retry);
    };
  }, [api]);
  return info;
}
