import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { findAppRoot } from '../../electron/services/app-root';
import type { CallName, EventName, EventPayload, Result } from '../../kiosk-config/src/index';
import { launchChromium } from './chromium';
import type { HarnessMount, JourneyHarness, RecordedCall } from './journey-harness-types';
import { KIOSK_VIEWPORT } from './kiosk-in-chromium';

// Found from the app's root, so a bench bundled into dist/bench finds it too.
const HARNESS = path.join(findAppRoot().dir, 'test', 'support', 'journey-harness.tsx');

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

const HARNESS_PAGE = '<!doctype html><html lang="ru"><body><div id="root"></div></body></html>';

/** A file the page may load, by its path (`/content/<sha256>`), as the browser host serves it. */
export interface ServedFile {
  contentType: string;
  body: Uint8Array;
}

/** Serves the harness page at `/` and `files` by path on 127.0.0.1 (real HTTP: the page loads real images). */
async function serveHarnessPage(files: ReadonlyMap<string, ServedFile>): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const target = request.url ?? '/';
    const file = files.get(target);
    if (target === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(HARNESS_PAGE);
    } else if (file !== undefined) {
      response.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.body.length });
      response.end(file.body);
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/**
 * Launches Chromium with the harness built; `mount` opens the journey. With `files`, the page is
 * served over HTTP on 127.0.0.1 along with them (content files the page loads by address).
 */
export async function startJourneyInChromium(
  options: { files?: ReadonlyMap<string, ServedFile> } = {},
): Promise<JourneyInChromium> {
  const script = await bundleHarness();
  const served = options.files === undefined ? undefined : await serveHarnessPage(options.files);
  const browser: Browser = await launchChromium();
  const page = await browser.newPage({ viewport: KIOSK_VIEWPORT });
  if (served === undefined) await page.setContent(HARNESS_PAGE);
  else await page.goto(served.url);
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
    close: async () => {
      await browser.close();
      await new Promise<void>((resolve) => (served === undefined ? resolve() : served.server.close(() => resolve())));
    },
  };
}
