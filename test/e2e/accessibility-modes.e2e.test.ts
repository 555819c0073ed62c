import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkDisabledContrast,
  checkLayout,
  chooseMode,
  type DisplayMode,
  installAudit,
  JUSTIFIED_RULES,
  measureSizes,
  reachLine,
  runAxe,
} from '../support/access-audit';
import { type JourneyInChromium, startJourneyInChromium } from '../support/journey-in-chromium';
import { TOUR_INFO, tourVisitorScreens } from '../support/screen-tour';

const PORTRAIT = { width: 1080, height: 1920 } as const;
const LANDSCAPE = { width: 1920, height: 1080 } as const;
/** «Крупнее» grows text and targets by at least this much on every screen. */
const LARGER_FACTOR = 1.5;
/** Disabled controls' text, in every theme (the high-contrast theme's AAA, which the normal one meets too). */
const DISABLED_CONTRAST = 7;

/**
 * Every visitor screen (`tourVisitorScreens`) in every display mode of the access bar, the whole
 * page in real Chromium with the kiosk's styles: axe finds nothing but the justified rules
 * (`JUSTIFIED_RULES`), nothing is cut off, outside the screen or overlapping, disabled controls
 * read at 7:1, «Крупнее» grows text and targets by 150 %, and the low layout keeps every action
 * within the bottom `lowLayoutReachPx` of the screen.
 */
describe('accessibility of every visitor screen in every display mode', () => {
  let ui: JourneyInChromium;
  /** Per orientation and screen: the smallest text and target in the normal mode, for «Крупнее». */
  const normalSizes = new Map<string, { smallestText: number; smallestTarget: number }>();

  beforeAll(async () => {
    ui = await startJourneyInChromium();
    await installAudit(ui.page);
  });

  afterAll(async () => {
    await ui?.close();
  });

  /** Tours every screen in the mode; returns every finding, one line each (none expected). */
  async function tour(mode: DisplayMode, viewport: { width: number; height: number }): Promise<string[]> {
    await ui.page.setViewportSize(viewport);
    const orientation = viewport.width > viewport.height ? 'landscape' : 'portrait';
    const findings: string[] = [];
    const visited = await tourVisitorScreens(ui, {
      prepare: (page) => chooseMode(page, mode),
      atScreen: async (name, stop) => {
        const applies = stop.choicesApply;
        const say = (line: string) => findings.push(`${orientation} ${mode} ${name}: ${line}`);
        for (const v of await runAxe(ui.page)) {
          if (!JUSTIFIED_RULES.has(v.id)) say(`axe ${v.id} (${v.nodes}) ${v.targets.join(', ')}`);
        }
        const low =
          mode === 'low' && applies
            ? { lowestActionTop: reachLine(ui.page, TOUR_INFO.accessibility.lowLayoutReachPx) }
            : {};
        for (const f of await checkLayout(ui.page, low)) say(`${f.kind} ${f.where}: ${f.detail}`);
        for (const f of await checkDisabledContrast(ui.page, DISABLED_CONTRAST))
          say(`${f.kind} ${f.where}: ${f.detail}`);
        const sizes = await measureSizes(ui.page);
        const key = `${orientation} ${name}`;
        if (mode === 'normal') normalSizes.set(key, sizes);
        const normal = normalSizes.get(key);
        if (mode.startsWith('larger') && applies && normal !== undefined) {
          if (sizes.smallestText < normal.smallestText * LARGER_FACTOR - 0.5) {
            say(`smallest text ${sizes.smallestText} px, under 150 % of ${normal.smallestText} px`);
          }
          if (
            Number.isFinite(normal.smallestTarget) &&
            sizes.smallestTarget < normal.smallestTarget * LARGER_FACTOR - 0.5
          ) {
            say(`smallest target ${sizes.smallestTarget} px, under 150 % of ${normal.smallestTarget} px`);
          }
        }
      },
    });
    // The tour saw every screen (a journey changed without the tour would stop it short).
    expect(visited).toHaveLength(39);
    return findings;
  }

  const CASES: [DisplayMode, typeof PORTRAIT | typeof LANDSCAPE][] = [
    ['normal', PORTRAIT],
    ['larger', PORTRAIT],
    ['contrast', PORTRAIT],
    ['larger+contrast', PORTRAIT],
    ['low', PORTRAIT],
    ['normal', LANDSCAPE],
    ['larger+contrast', LANDSCAPE],
  ];

  for (const [mode, viewport] of CASES) {
    it(`${mode} at ${viewport.width}×${viewport.height}: no finding on any screen`, async () => {
      expect(await tour(mode, viewport)).toEqual([]);
    }, 240_000);
  }

  it('low: the help dialog (its tallest step, the call-back number) sits within a shorter reach too', async () => {
    // The tour's 1200 px reach leaves a centred dialog's keys just inside it; a kiosk may reach less.
    const reach = 1000;
    await ui.page.setViewportSize(PORTRAIT);
    await ui.mount({
      app: true,
      printer: { state: 'ready' },
      canned: {
        'kiosk.info': {
          ok: true,
          value: {
            ...TOUR_INFO,
            accessibility: { ...TOUR_INFO.accessibility, staffOnSite: false, lowLayoutReachPx: reach },
          },
        },
        'content.current': { ok: true, value: { announcements: [], texts: {}, attract: [] } },
      },
    });
    await chooseMode(ui.page, 'low');
    await ui.page.getByTestId('access-help').click();
    await ui.page.getByTestId('help-phone').waitFor();
    const findings = await checkLayout(ui.page, { lowestActionTop: reachLine(ui.page, reach) });
    expect(findings.map((f) => `${f.kind} ${f.where}: ${f.detail}`)).toEqual([]);
  });

  it('the display choices show on the page and reset at the idle reset and on return home', async () => {
    await ui.page.setViewportSize(PORTRAIT);
    await ui.mount({
      app: true,
      printer: { state: 'ready' },
      canned: {
        'kiosk.info': { ok: true, value: TOUR_INFO },
        'content.current': { ok: true, value: { announcements: [], texts: {}, attract: [] } },
      },
    });
    const rootClasses = () => ui.page.locator('.app').getAttribute('class');
    const rootFont = () => ui.page.evaluate<string>('getComputedStyle(document.documentElement).fontSize');
    await chooseMode(ui.page, 'larger+contrast');
    await chooseMode(ui.page, 'low');
    expect(await rootClasses()).toBe('app app-larger app-contrast app-low');
    expect(await rootFont()).toBe('48px');
    expect(await ui.page.getByTestId('access-larger').getAttribute('aria-pressed')).toBe('true');

    await ui.emit('session.reset', { reason: 'idle', sessionId: 's-1' });
    await ui.page.waitForFunction("document.querySelector('.app')?.className === 'app'");
    expect(await rootFont()).toBe('32px');
    expect(await ui.page.getByTestId('access-contrast').getAttribute('aria-pressed')).toBe('false');
    // The idle reset starts the attract loop at once: a touch ends it, and presses nothing beneath.
    await ui.page.getByTestId('attract-loop').waitFor();
    await ui.page.mouse.click(540, 960);
    await ui.page.getByTestId('input-shield').waitFor({ state: 'detached' });

    await chooseMode(ui.page, 'contrast');
    await ui.page.getByTestId('home-status').click();
    await ui.page.getByTestId('nav-home').click();
    await ui.page.waitForFunction("document.querySelector('.app')?.className === 'app'");
  });
});
