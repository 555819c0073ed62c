import { leadingAimIdentifier } from '../../drivers/codes/aim';
import { decodeWedgeKey, type WedgeKeyInput } from '../../drivers/scanner/wedge-decoder';
import { WedgeBurstDetector, type WedgeOutcome, type WedgeTimingOptions } from '../../drivers/scanner/wedge-timing';
import type { ShellLogger } from './shell-logger';

/** A key event as `before-input-event` gives it (the fields read here). */
export interface WedgeInputEvent extends WedgeKeyInput {
  type: string;
  isAutoRepeat: boolean;
  isComposing?: boolean;
}

type InputListener = (event: { preventDefault(): void }, input: WedgeInputEvent) => void;

/** Where key events come from: the kiosk window's `WebContents` (or the stub in tests). */
export interface InputEventSource {
  on(event: 'before-input-event', listener: InputListener): unknown;
  removeListener(event: 'before-input-event', listener: InputListener): unknown;
}

/** A code captured from a keyboard-wedge scanner. */
export interface WedgeScan {
  text: string;
  symbology?: string;
}

/** Options of `attachWedgeCapture`. */
export interface WedgeCaptureOptions {
  /** The kiosk window's web contents. */
  contents: InputEventSource;
  /**
   * Developer mode: key events reach the page as usual (a technician types into DevTools and
   * forms); scans are still captured. Off on a kiosk: no physical key event reaches the page.
   */
  dev: boolean;
  /** Told about each scan. */
  onScan: (scan: WedgeScan) => void;
  logger: ShellLogger;
  timing?: WedgeTimingOptions;
  /** Milliseconds (default `performance.now`); tests inject a fake. */
  clock?: () => number;
}

/**
 * Captures keyboard-wedge scanners in the main process, from the kiosk window's
 * `before-input-event`, before the page sees the keys.
 *
 * The kiosk UI is touch-only, so outside developer mode every physical key event is stopped
 * here (`preventDefault`): a scanner's burst is never typed into a form, and neither is anything
 * from a keyboard someone plugged in. Each key is decoded by its physical key
 * (`decodeWedgeKey`: immune to the Russian layout) and timed (`WedgeBurstDetector`): a fast
 * burst becomes a scan, handed to `onScan` with a leading AIM identifier moved into `symbology`.
 * Logs carry lengths and counts only, never a code. Returns the function that detaches it.
 */
export function attachWedgeCapture(options: WedgeCaptureOptions): () => void {
  const { contents, dev, onScan, logger } = options;
  const clock = options.clock ?? (() => performance.now());
  const detector = new WedgeBurstDetector(options.timing);
  let timer: ReturnType<typeof setTimeout> | undefined;

  const handle = (outcomes: WedgeOutcome[]): void => {
    for (const outcome of outcomes) {
      if (outcome.kind === 'ignored') {
        // A single key is a person (or a bump): not worth a line. A fast burst that was not a scan
        // may be a scanner set too slow or too short, which the technician wants to see.
        if (outcome.keys > 1 || outcome.reason !== 'too_short') {
          logger.info({ keys: outcome.keys, reason: outcome.reason }, 'key presses ignored (not a scanner)');
        }
        continue;
      }
      const symbology = leadingAimIdentifier(outcome.text);
      const text = symbology === undefined ? outcome.text : outcome.text.slice(symbology.length);
      if (text === '') continue;
      logger.info({ length: text.length, ended: outcome.ended }, 'keyboard-wedge scan');
      try {
        onScan(symbology === undefined ? { text } : { text, symbology });
      } catch (err) {
        logger.error({ err }, 'the wedge scan handler threw');
      }
    }
  };

  /** Wakes up when the burst in progress ends by its gap (the scanner sent no suffix). */
  const arm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const deadline = detector.deadline;
    if (deadline === null) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        handle(detector.tick(clock()));
        arm();
      },
      Math.max(0, Math.ceil(deadline - clock())),
    );
  };

  const listener: InputListener = (event, input) => {
    if (!dev) event.preventDefault();
    // Key-ups, auto-repeat (a key held down) and IME composition are not a scanner's key presses.
    if (input.type !== 'keyDown' || input.isAutoRepeat || input.isComposing === true) return;
    handle(detector.push(decodeWedgeKey(input), clock()));
    arm();
  };

  contents.on('before-input-event', listener);
  return () => {
    contents.removeListener('before-input-event', listener);
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    detector.reset();
  };
}
