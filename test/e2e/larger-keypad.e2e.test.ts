import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KioskInChromium, startKioskInChromium } from '../support/kiosk-in-chromium';

const PORTRAIT = { width: 1080, height: 1920 } as const;
const LANDSCAPE = { width: 1920, height: 1080 } as const;
/** «Крупнее» grows targets by at least this much (as the accessibility tour checks). */
const LARGER_FACTOR = 1.5;
/** Sub-pixel rounding of layout: a pixel either way is no finding. */
const SLACK = 1;

/** The pads of the status keypad: each letter script in each layout, and the digits alone. */
const PADS = [
  { mode: 'cyrillic', layout: 'alphabetical' },
  { mode: 'cyrillic', layout: 'jcuken' },
  { mode: 'latin', layout: 'alphabetical' },
  { mode: 'latin', layout: 'jcuken' },
  { mode: 'digits', layout: 'alphabetical' },
] as const;

/** What the page measures of the keypad as drawn. */
interface KeypadMeasure {
  /** Keys (`keypad-key-*`) not fully between the screen's left and right edges, with their box. */
  keysOutside: string[];
  /** Boxes (the page or a scrolling part of it) whose content is wider than they are. */
  sidewaysScroll: string[];
  /** The height of the smallest key, in px. */
  smallestKey: number;
}

/**
 * Issue 17: at «Крупнее» the status keypad fits the screen's width in portrait and landscape, in
 * every letter layout, so no key is cut off and no visitor has to scroll sideways to reach one;
 * its keys are still at least 150 % of their normal size, and the pinned «Найти» keeps its word whole.
 */
describe('the status keypad at «Крупнее» fits the screen across, in real Chromium', () => {
  let ui: KioskInChromium;

  beforeAll(async () => {
    ui = await startKioskInChromium({ session: { idleResetSeconds: 600, idleWarningSeconds: 30 } });
  });

  afterAll(async () => {
    await ui?.close();
  });

  /** Measured in the page through locators (the Node type check knows no DOM globals). */
  async function measure(): Promise<KeypadMeasure> {
    const screenWidth = ui.page.viewportSize()?.width ?? 0;
    const keys = await ui.page.locator('[data-testid^="keypad-key-"]').evaluateAll((elements) =>
      elements.map((key) => {
        const box = key.getBoundingClientRect();
        return { id: key.getAttribute('data-testid') ?? '', left: box.left, right: box.right, height: box.height };
      }),
    );
    const keysOutside = keys
      .filter((key) => key.left < -SLACK || key.right > screenWidth + SLACK)
      .map((key) => `${key.id} ${Math.round(key.left)}–${Math.round(key.right)} of ${screenWidth}`);
    // The page itself, or any part of it that scrolls, holding content wider than its box.
    const sidewaysScroll = await ui.page
      .locator('html, body *')
      .evaluateAll(
        (elements, slack) =>
          elements
            .filter(
              (e) =>
                e.scrollWidth > e.clientWidth + slack &&
                /(auto|scroll)/u.test(e.ownerDocument.defaultView?.getComputedStyle(e).overflowX ?? ''),
            )
            .map((e) => `${e.getAttribute('data-testid') ?? e.className} ${e.scrollWidth} wide in ${e.clientWidth}`),
        SLACK,
      );
    return { keysOutside, sidewaysScroll, smallestKey: Math.min(...keys.map((key) => key.height)) };
  }

  async function showPad(pad: (typeof PADS)[number]) {
    await ui.page.getByTestId('keypad-mode-cyrillic').click();
    await ui.page.getByTestId(`keypad-layout-${pad.layout}`).click();
    await ui.page.getByTestId(`keypad-mode-${pad.mode}`).click();
    const shown =
      pad.mode === 'digits' ? '.status-entry-digits' : `[data-testid="letter-pad"][data-layout="${pad.layout}"]`;
    await ui.page.locator(shown).waitFor();
  }

  for (const viewport of [PORTRAIT, LANDSCAPE]) {
    it(`at ${viewport.width}×${viewport.height}: every key within the screen, no sideways scroll, keys 150 % of normal`, async () => {
      await ui.page.setViewportSize(viewport);
      await ui.goHome();
      await ui.page.getByTestId('home-status').click();
      await ui.page.getByTestId('screen-status').waitFor();
      const normal = new Map<string, KeypadMeasure['smallestKey']>();
      for (const pad of PADS) {
        await showPad(pad);
        normal.set(`${pad.mode} ${pad.layout}`, (await measure()).smallestKey);
      }

      await ui.page.getByTestId('access-larger').click();
      await ui.page.locator('.app-larger').waitFor();
      const findings: string[] = [];
      for (const pad of PADS) {
        await showPad(pad);
        const name = `${pad.mode} ${pad.layout}`;
        const larger = await measure();
        const before = normal.get(name);
        for (const line of larger.keysOutside) findings.push(`${name}: key outside ${line}`);
        for (const line of larger.sidewaysScroll) findings.push(`${name}: sideways scroll ${line}`);
        if (before !== undefined && larger.smallestKey < before * LARGER_FACTOR - 0.5) {
          findings.push(`${name}: smallest key ${larger.smallestKey} px high, under 150 % of ${before} px`);
        }
      }
      // «Найти», pinned beside «На главную», keeps its word whole: one line, not «Найт / и».
      const searchLines = await ui.page
        .getByTestId('status-search')
        .locator('span')
        .evaluate((label) => {
          const range = label.ownerDocument.createRange();
          range.selectNodeContents(label);
          return new Set([...range.getClientRects()].map((line) => Math.round(line.top))).size;
        });
      if (searchLines !== 1) findings.push(`«Найти» broken over ${searchLines} lines`);
      await ui.screenshot(`e2e-larger-keypad-${viewport.width}x${viewport.height}`);
      await ui.page.getByTestId('access-larger').click();
      expect(findings).toEqual([]);
    }, 180_000);
  }
});
