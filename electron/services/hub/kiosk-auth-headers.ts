/**
 * The headers by which the hub knows a kiosk (`hub/server/kiosk-auth.ts`): its id always, and its
 * bearer credential once it has one. The hub refuses a credential that comes without the id it
 * was issued to, so every request to the hub builds them here.
 */
export function kioskAuthHeaders(kioskId: string, credential: string | undefined): Record<string, string> {
  return credential === undefined
    ? { 'x-okno-kiosk': kioskId }
    : { 'x-okno-kiosk': kioskId, authorization: `Bearer ${credential}` };
}
