import type { EventName, KioskApi, KioskBridge } from '../../../kiosk-config/src/index';
import { callListenerSafely, INVALID_EVENT, parseCallResult, parseEventPayload, timeoutResult } from './validate';

/** Options of the Electron adapter. */
export interface ElectronKioskApiOptions {
  /** Every call gets an answer within this time or a `timeout` result, as over the WebSocket. Default 15 s. */
  callTimeoutMs?: number;
}

const TIMED_OUT = Symbol('timed out');

/**
 * The KioskApi over the Electron preload's `window.kiosk` bridge.
 *
 * The main side validates too, but the renderer trusts nothing that crosses a boundary: every
 * answer is checked against the call's Result schema and every event against its payload schema;
 * an invalid answer becomes an `internal` fault and an invalid event is dropped.
 */
export function createElectronKioskApi(bridge: KioskBridge, options: ElectronKioskApiOptions = {}): KioskApi {
  const callTimeoutMs = options.callTimeoutMs ?? 15_000;
  return {
    async call(name, input) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      // A hung main side (a printer that never answers) must not leave the visitor on a spinner.
      const timedOut = new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMED_OUT), callTimeoutMs);
      });
      let raw: unknown;
      try {
        raw = await Promise.race([bridge.calls[name](input), timedOut]);
      } catch {
        // ipcRenderer.invoke rejects when the main-side handler is missing or threw past its guard.
        return { ok: false, error: { code: 'internal', message: `call ${name} failed in transport` } };
      } finally {
        clearTimeout(timer);
      }
      if (raw === TIMED_OUT) return timeoutResult(`no answer to ${name} within ${callTimeoutMs} ms`);
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
