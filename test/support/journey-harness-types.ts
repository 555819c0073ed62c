import type { CallName, EventName, Result } from '../../kiosk-config/src/index';
import type { PrinterReadiness } from '../../renderer/src/devices/printer-readiness';

/** What `journey-harness.tsx` (in Chromium) and `journey-in-chromium.ts` (in Node) share. */

/** One call the journey made. */
export interface RecordedCall {
  name: CallName;
  input: unknown;
}

/** How the journey is mounted. */
export interface HarnessMount {
  printer: PrinterReadiness;
  /** Answers given at once to every call of these names. */
  canned: Partial<Record<CallName, Result<unknown>>>;
  /**
   * The whole page (`App`: header, session, content, attract loop) instead of the journey alone;
   * `kiosk.info` must then be canned (the page waits for it before the home screen).
   */
  app?: boolean;
}

/** What the test reaches on `window.journeyHarness`. */
export interface JourneyHarness {
  mount(options: HarnessMount): void;
  calls(): RecordedCall[];
  /** How many calls of this name wait for their answer. */
  waiting(name: CallName): number;
  /** Answers the oldest call of this name still waiting; false when none waits. */
  answer(name: CallName, result: Result<unknown>): boolean;
  emit(name: EventName, payload: unknown): void;
  /** `onPaymentOnScreen` as the journey told it, in order. */
  paymentOnScreen(): boolean[];
  /** «На главную» / «Готово» pressed (`onHome`), how many times. */
  homes(): number;
}
