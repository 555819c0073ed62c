import { fail, OPEN_TECHNICIAN_CALLS } from '../../../kiosk-config/src/index';
import type { CallHandlers } from '../api/call-dispatcher';

/**
 * Refuses every `technician.*` call (but asking the state and signing in) unless a technician is
 * signed in: the page is untrusted, so the main side, not the screen, decides who may set up the
 * kiosk. A refused call answers `technician_required`; the screen goes back to the visitor's home.
 */
export function technicianOnly(handlers: CallHandlers, technician: { readonly isOpen: boolean }): CallHandlers {
  const guarded = { ...handlers } as Record<string, (input: unknown) => Promise<unknown>>;
  for (const name of Object.keys(handlers)) {
    if (!name.startsWith('technician.') || OPEN_TECHNICIAN_CALLS.has(name)) continue;
    const handler = guarded[name] as (input: unknown) => Promise<unknown>;
    guarded[name] = async (input) =>
      technician.isOpen ? handler(input) : fail('technician_required', `${name} needs a signed-in technician`);
  }
  return guarded as CallHandlers;
}
