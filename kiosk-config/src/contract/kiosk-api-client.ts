import type { CallInput, CallName, CallOutput, EventName, EventPayload } from './kiosk-api';
import type { Result } from './result';

/**
 * The one interface the renderer talks to.
 *
 * It does not say how a call travels: in Electron it is the preload's verbs over IPC, in the
 * browser host a WebSocket. Both implementations validate answers against the contract.
 */
export interface KioskApi {
  /** Makes a call; expected faults come back as `{ ok: false }`, never as a thrown error. */
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<Result<CallOutput<K>>>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}
