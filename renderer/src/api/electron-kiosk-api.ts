import type { EventName, KioskApi, KioskBridge } from '../../../kiosk-config/src/index';
import { callListenerSafely, INVALID_EVENT, parseCallResult, parseEventPayload } from './validate';

/**
 * The KioskApi over the Electron preload's `window.kiosk` bridge.
 *
 * The main side validates too, but the renderer trusts nothing that crosses a boundary: every
 * answer is checked against the call's Result schema and every event against its payload schema;
 * an invalid answer becomes an `internal` fault and an invalid event is dropped.
 */
export function createElectronKioskApi(bridge: KioskBridge): KioskApi {
  return {
    async call(name, input) {
      let raw: unknown;
      try {
        raw = await bridge.calls[name](input);
      } catch {
        // ipcRenderer.invoke rejects when the main-side handler is missing or threw past its guard.
        return { ok: false, error: { code: 'internal', message: `call ${name} failed in transport` } };
      }
      return parseCallResult(name, raw);
    },
    on(name, listener) {
      const eventName: EventName = name;
      return bridge.events[eventName]((raw) => {
        const payload = parseEventPayload(eventName, raw);
        if (payload !== INVALID_EVENT) callListenerSafely(listener as (payload: unknown) => void, payload);
      });
    },
  };
}
