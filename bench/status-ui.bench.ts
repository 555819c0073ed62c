/**
 * Status lookup latency as a visitor sees it: from the tap on «Найти» to the answer on the
 * screen, in real Chromium through the browser host, the status service and the hub client,
 * against the demo hub on SQLite that `npm start` embeds (same code, same demo data).
 *
 * Measured inside the page: the click handler's timestamp to the frame after the answer screen
 * is committed to the DOM (MutationObserver, then requestAnimationFrame). Typing the number on
 * the keypad before each lookup is not measured.
 */
import path from 'node:path';
import { startBenchKioskInChromium } from './bench-kiosk';
import { percentile, writeResults } from './bench-support';

const RUNS = Number(process.env.OKNO_BENCH_RUNS ?? 50);
const WARMUP = 3;

/** Demo applications of this office without a second factor (hub/db/demo-seed.ts). */
const NUMBERS = [
  'КУВД-001/2021-3670443',
  'PKPVDMFC-2021-01-28-548444',
  '2345678901',
  'КУВД-001/2024-1187520',
  '3456789012',
  'PKPVDMFC-2024-03-11-112233',
  'КУВД-002/2023-5550001',
  '4567890123',
];

const kiosk = await startBenchKioskInChromium({
  prefix: 'okno-bench-status-',
  adjust: (config) => {
    // Nobody walks away during the bench.
    config.session = { idleResetSeconds: 600, idleWarningSeconds: 15 };
  },
  // The embedded hub as `startEmbeddedHub` starts it, but with its lookup limits raised: the
  // defaults (30 a minute per kiosk, 10 an hour per number) would answer `rate_limited` here.
  hubConfig: {
    lookupLimitPerKiosk: { limit: 100_000, windowSeconds: 60 },
    lookupLimitPerNumber: { limit: 100_000, windowSeconds: 60 },
  },
});
const { page } = kiosk;
await page.getByTestId('home-status').click();
await page.getByTestId('screen-status').waitFor();

async function typeOnKeypad(text: string): Promise<void> {
  for (const char of text) {
    if (/[A-Z]/u.test(char)) await page.getByTestId('keypad-mode-latin').click();
    if (/[А-ЯЁ]/u.test(char)) await page.getByTestId('keypad-mode-cyrillic').click();
    await page.getByTestId(`keypad-key-${char}`).click();
  }
}

/**
 * The few browser globals the in-page measurement uses: this file is type-checked for Node, and
 * the function given to `page.evaluate` runs in the page.
 */
interface PageWindow {
  document: {
    body: object;
    querySelector(selector: string): {
      addEventListener(type: 'click', listener: () => void, options: { once: boolean; capture: boolean }): void;
    } | null;
  };
  MutationObserver: new (
    callback: () => void,
  ) => { observe(target: object, options: { childList: boolean; subtree: boolean }): void; disconnect(): void };
  requestAnimationFrame(callback: () => void): number;
  performance: { now(): number };
}

/** Taps «Найти» and returns the ms from the tap to the frame that shows the answer. */
async function timedLookup(): Promise<number> {
  const measured = page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const { document, MutationObserver, requestAnimationFrame, performance } = globalThis as unknown as PageWindow;
        const button = document.querySelector('[data-testid="status-search"]');
        if (button === null) {
          reject(new Error('no «Найти» on the page'));
          return;
        }
        button.addEventListener(
          'click',
          () => {
            const tapped = performance.now();
            const observer = new MutationObserver(() => {
              if (document.querySelector('[data-testid="screen-status-result"]') === null) return;
              observer.disconnect();
              requestAnimationFrame(() => resolve(performance.now() - tapped));
            });
            observer.observe(document.body, { childList: true, subtree: true });
          },
          { once: true, capture: true },
        );
      }),
  );
  // A barrier: once this round trip is back, the script above has run and its listener waits
  // for the tap (the page handles evaluations and input in the order they were sent).
  await page.evaluate(() => undefined);
  await page.getByTestId('status-search').click();
  return measured;
}

const latencies: number[] = [];
try {
  for (let i = 0; i < RUNS + WARMUP; i++) {
    const number = NUMBERS[i % NUMBERS.length] ?? '';
    await typeOnKeypad(number);
    const ms = await timedLookup();
    await page.getByTestId('screen-status-result').waitFor();
    if (i >= WARMUP) latencies.push(ms);
    await page.getByTestId('status-new-search').click();
    await page.getByTestId('screen-status').waitFor();
  }
} finally {
  await kiosk.close();
}

const p50 = percentile(latencies, 50);
const p95 = percentile(latencies, 95);
const results = {
  runs: latencies.length,
  warmup: WARMUP,
  viewport: '1080x1920',
  latencyMs: {
    p50: Number(p50.toFixed(1)),
    p95: Number(p95.toFixed(1)),
    min: Number(Math.min(...latencies).toFixed(1)),
    max: Number(Math.max(...latencies).toFixed(1)),
  },
  note: 'tap on «Найти» → the frame showing the answer, measured in the page; path: WebSocket → status service → hub client → demo hub (HTTP on 127.0.0.1, SQLite) and back. Hub lookup limits raised for the bench; typing is not measured.',
};
const file = writeResults('status-ui', results);
console.log(
  `status lookup in Chromium: tap «Найти» → answer on screen p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${latencies.length} lookups → ${path.relative(process.cwd(), file)}`,
);
