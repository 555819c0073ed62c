import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import type { CallName, EventName, EventPayload, Result } from '../../kiosk-config/src/index';
import { launchChromium } from './chromium';
import type { HarnessMount, JourneyHarness, RecordedCall } from './journey-harness-types';
import { KIOSK_VIEWPORT } from './kiosk-in-chromium';

const HARNESS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'journey-harness.tsx');

/** The harness and React in one script, built once per test file (about a second). */
async function bundleHarness(): Promise<string> {
  const result = await build({
    entryPoints: [HARNESS],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild wrote no harness bundle');
  return output.text;
}

/**
 * The visitor's journey alone in real Chromium, on a fake KioskApi (`journey-harness.tsx`): no
 * kiosk, no hub, no devices. The test answers each call and sends each event itself, so it sees
 * every transition and counts every call (a double tap must make one).
 */
export interface JourneyInChromium {
  page: Page;
  /** Mounts a fresh journey at home (the last one unmounted, the record of calls cleared). */
  mount(options?: Partial<HarnessMount>): Promise<void>;
  /** The calls made so far, of one name or all. */
  calls(name?: CallName): Promise<RecordedCall[]>;
  /** Waits until a call of this name waits for its answer, then answers it. */
  answer(name: CallName, result: Result<unknown>): Promise<void>;
  emit<E extends EventName>(name: E, payload: EventPayload<E>): Promise<void>;
  paymentOnScreen(): Promise<boolean[]>;
  /**
   * Taps the element twice within one task, before React renders the first tap's change: the
   * second tap reaches the same handler, as a finger's bounce or a tap and a scan in one frame
   * would, so only the journey's single-flight guard stands between it and a second call.
   */
  tapTwice(testId: string): Promise<void>;
  /** Waits for the screen with this root test id. */
  screen(testId: string): Promise<void>;
  close(): Promise<void>;
}

function harnessOf(page: Page) {
  return <T>(run: (harness: JourneyHarness, arg: never) => T, arg?: unknown): Promise<T> =>
    page.evaluate(
      ([source, value]) => {
        const harness = (globalThis as unknown as { journeyHarness: JourneyHarness }).journeyHarness;
        return (new Function(`return (${source})`)() as (h: JourneyHarness, a: unknown) => T)(harness, value);
      },
      [run.toString(), arg] as const,
    ) as Promise<T>;
}

/** Launches Chromium with the harness built; `mount` opens the journey. */
export async function startJourneyInChromium(): Promise<JourneyInChromium> {
  const script = await bundleHarness();
  const browser: Browser = await launchChromium();
  const page = await browser.newPage({ viewport: KIOSK_VIEWPORT });
  await page.setContent('<!doctype html><html lang="ru"><body><div id="root"></div></body></html>');
  await page.addScriptTag({ content: script });
  const inPage = () => harnessOf(page);
  return {
    page,
    async mount(options = {}) {
      const mount: HarnessMount = { printer: { state: 'ready' }, canned: {}, ...options };
      await inPage()((harness, value: HarnessMount) => harness.mount(value), mount);
      await page.getByTestId('screen-home').waitFor();
    },
    async calls(name) {
      const all = await inPage()((harness) => harness.calls());
      return name === undefined ? all : all.filter((call) => call.name === name);
    },
    async answer(name, result) {
      await page.waitForFunction(
        ([callName]) => {
          const harness = (globalThis as unknown as { journeyHarness: JourneyHarness }).journeyHarness;
          return harness.waiting(callName) > 0;
        },
        [name] as const,
      );
      const answered = await inPage()(
        (harness, value: { name: CallName; result: Result<unknown> }) => harness.answer(value.name, value.result),
        { name, result },
      );
      if (!answered) throw new Error(`no ${name} call waits for an answer`);
    },
    async emit(name, payload) {
      await inPage()(
        (harness, value: { name: EventName; payload: unknown }) => harness.emit(value.name, value.payload),
        { name, payload },
      );
    },
    paymentOnScreen: () => inPage()((harness) => harness.paymentOnScreen()),
    async tapTwice(testId) {
      await page.getByTestId(testId).evaluate((element) => {
        (element as unknown as { click(): void }).click();
        (element as unknown as { click(): void }).click();
      });
    },
    async screen(testId) {
      await page.getByTestId(testId).waitFor();
    },
    close: () => browser.close(),
  };
}
