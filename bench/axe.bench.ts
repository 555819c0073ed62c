/**
 * axe violations over every visitor screen in every display mode of the access bar: the whole
 * page in real Chromium with the kiosk's styles and viewport meta, on the fake KioskApi of the
 * journey tests (`test/support/screen-tour.ts`). Counted per rule; the goal is 0, the one rule
 * kept on purpose (pinch zoom disabled, docs/accessibility.md) is counted apart as justified.
 */
import {
  type AxeViolation,
  chooseMode,
  type DisplayMode,
  installAudit,
  JUSTIFIED_RULES,
  runAxe,
} from '../test/support/access-audit';
import { startJourneyInChromium } from '../test/support/journey-in-chromium';
import { tourVisitorScreens } from '../test/support/screen-tour';
import { writeResults } from './bench-support';

const MODES: DisplayMode[] = ['normal', 'larger', 'contrast', 'larger+contrast', 'low'];
const VIEWPORTS = [
  { width: 1080, height: 1920 },
  { width: 1920, height: 1080 },
] as const;

/** Per rule id: the screens (orientation, mode, screen) it failed on and the elements it counted. */
const perRule = new Map<string, { screens: number; elements: number; first: string }>();
let screensChecked = 0;

function count(where: string, violations: AxeViolation[]): void {
  for (const v of violations) {
    const seen = perRule.get(v.id) ?? { screens: 0, elements: 0, first: `${where}: ${v.targets[0] ?? ''}` };
    seen.screens += 1;
    seen.elements += v.nodes;
    perRule.set(v.id, seen);
  }
}

const startedAt = Date.now();
const ui = await startJourneyInChromium();
try {
  await installAudit(ui.page);
  for (const viewport of VIEWPORTS) {
    await ui.page.setViewportSize(viewport);
    for (const mode of MODES) {
      await tourVisitorScreens(ui, {
        prepare: (page) => chooseMode(page, mode),
        atScreen: async (name) => {
          screensChecked += 1;
          count(`${viewport.width}x${viewport.height} ${mode} ${name}`, await runAxe(ui.page));
        },
      });
    }
  }
} finally {
  await ui.close();
}

const rules = Object.fromEntries([...perRule.entries()].sort(([a], [b]) => a.localeCompare(b)));
const unjustified = [...perRule.entries()].filter(([id]) => !JUSTIFIED_RULES.has(id));
const results = {
  viewports: VIEWPORTS.map((v) => `${v.width}x${v.height}`),
  modes: MODES,
  screensChecked,
  violations: unjustified.reduce((sum, [, v]) => sum + v.screens, 0),
  justifiedViolations: [...perRule.entries()]
    .filter(([id]) => JUSTIFIED_RULES.has(id))
    .reduce((sum, [, v]) => sum + v.screens, 0),
  rules,
  justified: Object.fromEntries(JUSTIFIED_RULES),
  seconds: Math.round((Date.now() - startedAt) / 1000),
  note: 'violations: failed (rule, screen) pairs of rules not justified; goal 0. Screens: every visitor screen of test/support/screen-tour.ts per viewport and mode (out of service and the attract loop stand outside a session, in its defaults).',
};
const file = writeResults('axe', results);
console.log(
  `axe: ${results.violations} violations (goal 0), ${results.justifiedViolations} justified, over ${screensChecked} screens → ${file}`,
);
