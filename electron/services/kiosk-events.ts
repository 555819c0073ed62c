import { type EventName, type EventPayload, kioskEvents } from '../../kiosk-config/src/index';
import { describeIssues } from './api/issues';
import type { Logger } from './logging/logger';

type Listener = (name: EventName, payload: unknown) => void;

/**
 * The events bus from services to the UI. Payloads are checked against the contract on the way
 * out, so a service bug cannot push the UI something it would have to guess about.
 */
export class KioskEvents {
  readonly #listeners = new Set<Listener>();

  constructor(private readonly log: Logger) {}

  /** Sends an event to every listener (the Electron window, each browser-host socket). */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const checked = kioskEvents[name].safeParse(payload);
    if (!checked.success) {
      this.log.error({ event: name, issues: describeIssues(checked.error) }, 'event outside the contract dropped');
      return;
    }
    for (const listener of this.#listeners) {
      try {
        listener(name, checked.data);
      } catch (error) {
        this.log.error({ event: name, err: error }, 'event listener threw');
      }
    }
  }

  /** Subscribes; returns the unsubscribe. */
  on(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
