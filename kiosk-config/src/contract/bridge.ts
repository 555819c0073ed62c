import { type CallName, callNames, type EventName, eventNames } from './kiosk-api-names';

/**
 * The shape of `window.kiosk` that the Electron preload exposes: one verb per call, grouped by
 * namespace (`kiosk.tickets.issue(input)`), and one subscribe function per event
 * (`kiosk.events['session.reset'](listener)`). There is no generic `send(channel)`.
 */
export type KioskBridge = {
  calls: Record<CallName, (input: unknown) => Promise<unknown>>;
  events: Record<EventName, (listener: (payload: unknown) => void) => () => void>;
};

/** IPC channel of a call: one channel per call, so the main side registers exactly the contract. */
export function callChannel(name: CallName): string {
  return `kiosk:call:${name}`;
}

/** IPC channel of an event. */
export function eventChannel(name: EventName): string {
  return `kiosk:event:${name}`;
}

/**
 * Builds the bridge object from the contract's names (`kiosk-api-names.ts`, no zod), given how
 * to invoke a channel and how to listen.
 *
 * Used by the preload; kept here (portable, no Electron import) so that it is unit-tested.
 */
export function buildKioskBridge(
  invoke: (channel: string, input: unknown) => Promise<unknown>,
  listen: (channel: string, listener: (payload: unknown) => void) => () => void,
): KioskBridge {
  const calls = {} as KioskBridge['calls'];
  for (const name of callNames) {
    calls[name] = (input: unknown) => invoke(callChannel(name), input);
  }
  const events = {} as KioskBridge['events'];
  for (const name of eventNames) {
    events[name] = (listener) => listen(eventChannel(name), listener);
  }
  return { calls, events };
}
