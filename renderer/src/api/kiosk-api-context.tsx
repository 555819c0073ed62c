import { createContext, type ReactNode, useContext } from 'react';
import type { KioskApi } from '../../../kiosk-config/src/index';

const KioskApiContext = createContext<KioskApi | null>(null);

/** Gives the screens below it the one KioskApi they talk to. */
export function KioskApiProvider({ api, children }: { api: KioskApi; children: ReactNode }) {
  return <KioskApiContext.Provider value={api}>{children}</KioskApiContext.Provider>;
}

/** The KioskApi of the nearest provider; a missing provider is a bug and throws. */
export function useKioskApi(): KioskApi {
  const api = useContext(KioskApiContext);
  if (api === null) throw new Error('useKioskApi() used outside <KioskApiProvider>');
  return api;
}
