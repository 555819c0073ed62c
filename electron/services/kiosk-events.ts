import { type EventName, type EventPayload, kioskEvents } from '../../kiosk-config/src/index';
import { TypedEmitter } from '../../kiosk-config/src/lib/typed-emitter';
import { describeIssues } from './api/issues';
import type { Logger } from './logging/logger';

/**
 * The events bus from services to the UI. Payloads are checked against the contract on the way
 * out, so a service bug cannot push the UI something it would have to guess about.
 */
export class KioskEvents {
  readonly #listeners: TypedEmitter<[name: EventName, payload: unknown]>;

  constructor(private readonly log: Logger) {
    // One listener's bug (a closed socket) must not keep the event from the others.
    this.#listeners = new TypedEmitter<[name: EventName, payload: unknown]>({
      onListenerError: (error, name) => this.log.error({ event: name, err: error }, 'event listener threw'),
    });
  }

  /** Sends an event to every listener (the Electron window, each browser-host socket). */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const checked = kioskEvents[name].safeParse(payload);
    if (!checked.success) {
      this.log.error({ event: name, issues: describeIssues(checked.error) }, 'event outside the contract dropped');
      return;
    }
    this.#listeners.emit(name, checked.data);
  }

  /** Subscribes; returns the unsubscribe. */
  on(listener: (name: EventName, payload: unknown) => void): () => void {
    return this.#listeners.on(listener);
  }
}
