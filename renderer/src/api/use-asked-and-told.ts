import { useEffect, useState } from 'react';
import type { KioskApi, Result } from '../../../kiosk-config/src/index';

/**
 * How often the state is asked again besides the events: a safety net for events missed while
 * the WebSocket was reconnecting.
 */
const POLL_MS = 30_000;

/**
 * A piece of the main side's state the page both asks for (at mount and every 30 s) and is told
 * about (an event): `initial` until the first answer; a failed answer changes nothing.
 */
export function useAskedAndTold<T>(
  api: KioskApi,
  initial: T,
  ask: (api: KioskApi) => Promise<Result<T>>,
  listen: (api: KioskApi, set: (value: T) => void) => () => void,
): T {
  const [value, setValue] = useState<T>(initial);
  // `ask` and `listen` are module-level functions of their callers: the effect depends on the api only.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    let active = true;
    const askNow = async () => {
      const result = await ask(api);
      if (active && result.ok) setValue(result.value);
    };
    const off = listen(api, setValue);
    void askNow();
    const poll = setInterval(askNow, POLL_MS);
    return () => {
      active = false;
      off();
      clearInterval(poll);
    };
  }, [api]);
  return value;
}
