/** What `page-checks.ts` (in Chromium) and `access-audit.ts` (in Node) share. */

/** What the layout check is told about the page. */
export interface LayoutCheckOptions {
  /** The low layout: every action's top must be at least this far below the viewport's top. */
  lowestActionTop?: number | undefined;
}

/** One thing on the page that is cut off, outside the screen, overlapping or out of reach. */
export interface LayoutFinding {
  kind: 'overflow' | 'outside' | 'overlap' | 'out-of-reach' | 'contrast';
  /** A short path to the element: its test id, or tag and class. */
  where: string;
  detail: string;
}

/** What `window.oknoPageChecks` offers the test. */
export interface PageChecks {
  layout(options: LayoutCheckOptions): LayoutFinding[];
  /** The smallest font size of visible text and the smallest height of a visible action, in px. */
  sizes(): { smallestText: number; smallestTarget: number };
  /**
   * Text inside disabled controls below this contrast ratio (axe's contrast rules skip disabled
   * controls, and a disabled «Найти» must still be read).
   */
  disabledContrast(minimum: number): LayoutFinding[];
}
