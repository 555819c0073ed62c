import {
  type CallName,
  type CallOutput,
  callResultSchemas,
  type EventName,
  kioskEvents,
  type Result,
} from '../../../kiosk-config/src/index';

/**
 * Checks an untrusted answer against the contract's Result schema of the call.
 *
 * An answer that does not match becomes an `internal` fault: the UI treats it like any other
 * failed call, and nothing unchecked ever reaches a screen.
 */
export function parseCallResult<K extends CallName>(name: K, raw: unknown): Result<CallOutput<K>> {
  const parsed = callResultSchemas[name].safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: { code: 'internal', message: `invalid answer to ${name}` } };
  }
  return parsed.data as Result<CallOutput<K>>;
}

/** What `parseEventPayload` gives for a payload that does not match the contract. */
export const INVALID_EVENT: unique symbol = Symbol('invalid event');

/** Checks an untrusted event payload against the contract; `INVALID_EVENT` when it does not match. */
export function parseEventPayload(name: EventName, raw: unknown): unknown {
  const parsed = kioskEvents[name].safeParse(raw);
  return parsed.success ? parsed.data : INVALID_EVENT;
}

/** The failed result a transport gives when a call could not be completed in time. */
export function timeoutResult(message: string): Result<never> {
  return { ok: false, error: { code: 'timeout', message } };
}

/**
 * Calls one listener so that a throwing listener (a bug) neither stops the others nor breaks
 * the transport: the error is rethrown on its own task, where the page's error reporting sees it.
 */
export function callListenerSafely(listener: (payload: unknown) => void, payload: unknown): void {
  try {
    listener(payload);
  } catch (error) {
    rethrowLater(error);
  }
}

/** Rethrows a listener's error on its own task, where the page's error reporting sees it. */
export function rethrowLater(error: unknown): void {
  setTimeout(() => {
    throw error;
  }, 0);
}
