import { useCallback, useEffect, useState } from 'react';
import type { KioskApi, Result } from '../../../../kiosk-config/src/index';

/**
 * A technician page's view of the main side: asked at once and every `everyMs`, and replaced by
 * whatever an action answers (`set`). `undefined` until the first answer.
 */
export function usePolledCall<T>(
  api: KioskApi,
  ask: (api: KioskApi) => Promise<Result<T>>,
  everyMs: number,
): { value: T | undefined; set: (value: T) => void; refresh: () => Promise<void> } {
  const [value, setValue] = useState<T | undefined>(undefined);
  // `ask` is a module-level function of the page: the effect depends on the api only.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  const refresh = useCallback(async () => {
    const result = await ask(api);
    if (result.ok) setValue(result.value);
  }, [api]);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), everyMs);
    return () => clearInterval(timer);
  }, [refresh, everyMs]);
  return { value, set: setValue, refresh };
}
