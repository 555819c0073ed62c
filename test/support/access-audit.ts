import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { findAppRoot } from '../../electron/services/app-root';
import type { LayoutCheckOptions, LayoutFinding, PageChecks } from './page-check-types';

/**
 * The accessibility audit of one screen as drawn in Chromium: axe-core's rules (WCAG 2.x A, AA,
 * and AAA contrast) and our layout checks (`page-checks.ts`). Used by
 * `test/e2e/accessibility-modes.e2e.test.ts` and `bench/axe.bench.ts`.
 */

// From the sources (vitest) or a bundle in dist/bench (`npm run bench`) alike.
const ROOT = findAppRoot().dir;
const PAGE_CHECKS = path.join(ROOT, 'test', 'support', 'page-checks.ts');

/**
 * The one axe finding we keep on purpose, by rule id, with the reason (docs/accessibility.md,
 * «Pinch zoom»): the kiosk's page disables pinch zoom, and «Крупнее» enlarges instead.
 */
export const JUSTIFIED_RULES: ReadonlyMap<string, string> = new Map([
  ['meta-viewport', 'pinch zoom disabled on a public kiosk; «Крупнее» enlarges text and targets instead'],
]);

/** Text in the high-contrast theme (WCAG AAA, 1.4.6), disabled controls included. */
export const AAA_CONTRAST = 7;
/** Text in the normal theme (WCAG AA, 1.4.3); disabled controls are held to it too. */
export const AA_CONTRAST = 4.5;

/** One axe rule that failed on a screen, with how many elements failed it. */
export interface AxeViolation {
  id: string;
  nodes: number;
  /** The first few elements' CSS selectors, to find them. */
  targets: string[];
  help: string;
}

/** The display modes the access bar offers, alone and together. */
export type DisplayMode = 'normal' | 'larger' | 'contrast' | 'larger+contrast' | 'low';

/** The test ids of the access bar's buttons each mode taps. */
export const MODE_BUTTONS: Readonly<Record<DisplayMode, readonly string[]>> = {
  normal: [],
  larger: ['access-larger'],
  contrast: ['access-contrast'],
  'larger+contrast': ['access-larger', 'access-contrast'],
  low: ['access-low'],
};

/** Taps the mode's buttons on the access bar (on a fresh session's home screen). */
export async function chooseMode(page: Page, mode: DisplayMode): Promise<void> {
  for (const testId of MODE_BUTTONS[mode]) await page.getByTestId(testId).click();
}

/**
 * Makes the harness page the kiosk's page: `styles.css` and the viewport meta of
 * `renderer/index.html` (with its zoom settings, which axe judges), then axe and our checks.
 */
export async function installAudit(page: Page): Promise<void> {
  const [styles, index, checks] = await Promise.all([
    readFile(path.join(ROOT, 'renderer', 'src', 'styles.css'), 'utf8'),
    readFile(path.join(ROOT, 'renderer', 'index.html'), 'utf8'),
    bundlePageChecks(),
  ]);
  await page.addStyleTag({ content: styles });
  const viewport = /<meta\s+name="viewport"\s+content="([^"]*)"/u.exec(index)?.[1];
  const title = /<title>([^<]*)<\/title>/u.exec(index)?.[1];
  if (viewport === undefined || title === undefined)
    throw new Error('renderer/index.html has no viewport meta or title');
  await page.evaluate(
    ([content, text]) => {
      const document = (globalThis as unknown as { document: PageDocument }).document;
      const meta = document.createElement('meta');
      meta.setAttribute('name', 'viewport');
      meta.setAttribute('content', content);
      document.head.appendChild(meta);
      document.title = text;
    },
    [viewport, title] as const,
  );
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await page.addScriptTag({ content: await readFile(axePath, 'utf8') });
  await page.addScriptTag({ content: checks });
}

/** The few DOM members used from Node-typed code (the function runs in the page). */
interface PageDocument {
  createElement(tag: string): { setAttribute(name: string, value: string): void };
  head: { appendChild(node: unknown): void };
  title: string;
}

async function bundlePageChecks(): Promise<string> {
  const result = await build({
    entryPoints: [PAGE_CHECKS],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild wrote no page-checks bundle');
  return output.text;
}

/** axe on the page as it is now: every rule of WCAG 2.x A and AA, best practices, and AAA contrast. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  return page.evaluate(async () => {
    interface AxeResult {
      violations: { id: string; help: string; nodes: { target: unknown[] }[] }[];
    }
    interface Running {
      finished: Promise<unknown>;
      effect: { getTiming(): { iterations?: number } } | null;
    }
    const page = globalThis as unknown as {
      axe: { run(context: unknown, options: unknown): Promise<AxeResult> };
      document: { getAnimations(): Running[] };
    };
    // Judge the screen as it settles: a button's colour mid-transition (80 ms) is no finding.
    // Endless animations (the caret) never finish and are left running.
    const settling = page.document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity);
    await Promise.all(settling.map((a) => a.finished.catch(() => undefined)));
    const result = await page.axe.run(page.document, {
      rules: { 'color-contrast-enhanced': { enabled: true } },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
}

/** The layout checks of `page-checks.ts` on the page as it is now. */
export function checkLayout(page: Page, options: LayoutCheckOptions): Promise<LayoutFinding[]> {
  return page.evaluate((value) => (globalThis as unknown as PageWindow).oknoPageChecks.layout(value), options);
}

/** The smallest text and the smallest action on the page now, in px. */
export function measureSizes(page: Page): Promise<{ smallestText: number; smallestTarget: number }> {
  return page.evaluate(() => (globalThis as unknown as PageWindow).oknoPageChecks.sizes());
}

/** Disabled controls' text under `minimum`:1. */
export function checkDisabledContrast(page: Page, minimum: number): Promise<LayoutFinding[]> {
  return page.evaluate(
    (value) => (globalThis as unknown as PageWindow).oknoPageChecks.disabledContrast(value),
    minimum,
  );
}

/** What `page-checks.ts` puts on the page's window. */
interface PageWindow {
  oknoPageChecks: PageChecks;
}

/** The screen's low-layout reach line: the viewport's height less the kiosk's reach. */
export function reachLine(page: Page, reachPx: number): number {
  const height = page.viewportSize()?.height;
  if (height === undefined) throw new Error('the page has no fixed viewport');
  return Math.max(0, height - reachPx);
}
