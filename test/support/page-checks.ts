/**
 * Runs in Chromium (bundled and added to the page by `access-audit.ts`): the layout checks of the
 * accessibility tests, measured on the page as drawn. Each finding says what is wrong and where.
 */

import type { LayoutCheckOptions, LayoutFinding, PageChecks } from './page-check-types';

const INTERACTIVE = 'button, a[href], input, select, textarea, [role="button"], [tabindex]:not([tabindex="-1"])';
/** Sub-pixel rounding of layout: a pixel either way is no finding. */
const SLACK = 1;

function describe(element: Element): string {
  const testId = element.closest('[data-testid]')?.getAttribute('data-testid');
  const own = element.getAttribute('data-testid');
  const classes = [...element.classList].slice(0, 2).join('.');
  const self = own ?? `${element.tagName.toLowerCase()}${classes === '' ? '' : `.${classes}`}`;
  return own === null && testId !== undefined && testId !== null ? `${testId} › ${self}` : self;
}

/**
 * Drawn and reachable: not hidden, not under an inert subtree (the idle warning's page beneath),
 * not beneath an open modal dialog (the help dialog's backdrop covers the page under it).
 */
function shown(element: Element): boolean {
  if (element.closest('[inert], [aria-hidden="true"]') !== null) return false;
  const modal = document.querySelector('[aria-modal="true"]');
  if (modal !== null && !modal.contains(element)) return false;
  const style = getComputedStyle(element);
  if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0;
}

function scrolls(element: Element): boolean {
  const style = getComputedStyle(element);
  return /(auto|scroll)/u.test(style.overflowY) || /(auto|scroll)/u.test(style.overflowX);
}

/** The nearest ancestor that scrolls its content, if any. */
function scroller(element: Element): Element | null {
  for (let parent = element.parentElement; parent !== null; parent = parent.parentElement) {
    if (scrolls(parent)) return parent;
  }
  return null;
}

/** The part of the element's box that can be seen: clipped by every scrolling ancestor. */
function visibleBox(element: Element): DOMRect | null {
  let box = element.getBoundingClientRect();
  for (let parent = scroller(element); parent !== null; parent = scroller(parent)) {
    const clip = parent.getBoundingClientRect();
    const left = Math.max(box.left, clip.left);
    const top = Math.max(box.top, clip.top);
    const right = Math.min(box.right, clip.right);
    const bottom = Math.min(box.bottom, clip.bottom);
    if (right - left <= SLACK || bottom - top <= SLACK) return null;
    box = new DOMRect(left, top, right - left, bottom - top);
  }
  return box;
}

function clips(element: Element): boolean {
  const style = getComputedStyle(element);
  return style.overflowY === 'hidden' || style.overflowY === 'clip';
}

function hasOwnText(element: Element): boolean {
  return [...element.childNodes].some(
    (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '',
  );
}

/** Text or a control whose content is wider or taller than its box (cut off, or spilling over). */
function overflowing(elements: Element[]): LayoutFinding[] {
  const findings: LayoutFinding[] = [];
  for (const element of elements) {
    if (!(element instanceof HTMLElement) || scrolls(element)) continue;
    if (!hasOwnText(element) && !element.matches(INTERACTIVE)) continue;
    const wide = element.scrollWidth - element.clientWidth;
    // Lines taller than their line-height spill a few pixels into the spacing unseen; only a
    // box that clips (overflow hidden) cuts them off.
    const tall = clips(element) ? element.scrollHeight - element.clientHeight : 0;
    if (wide > SLACK || tall > SLACK) {
      findings.push({
        kind: 'overflow',
        where: describe(element),
        detail: `content ${element.scrollWidth}×${element.scrollHeight} in a box ${element.clientWidth}×${element.clientHeight}`,
      });
    }
  }
  return findings;
}

/** Drawn beyond the screen's edges, where no scrolling brings it back. */
function outside(elements: Element[]): LayoutFinding[] {
  const findings: LayoutFinding[] = [];
  for (const element of elements) {
    if (scroller(element) !== null) continue;
    const box = element.getBoundingClientRect();
    if (box.left < -SLACK || box.top < -SLACK || box.right > innerWidth + SLACK || box.bottom > innerHeight + SLACK) {
      findings.push({
        kind: 'outside',
        where: describe(element),
        detail: `box ${Math.round(box.left)},${Math.round(box.top)}–${Math.round(box.right)},${Math.round(box.bottom)} on a screen ${innerWidth}×${innerHeight}`,
      });
    }
  }
  return findings;
}

/** Two actions whose visible boxes overlap: a touch there could press either. */
function overlapping(actions: { element: Element; box: DOMRect }[]): LayoutFinding[] {
  const findings: LayoutFinding[] = [];
  for (const [index, a] of actions.entries()) {
    for (const b of actions.slice(index + 1)) {
      if (a.element.contains(b.element) || b.element.contains(a.element)) continue;
      const width = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
      const height = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
      if (width > SLACK && height > SLACK) {
        findings.push({
          kind: 'overlap',
          where: `${describe(a.element)} and ${describe(b.element)}`,
          detail: `overlap ${Math.round(width)}×${Math.round(height)} px`,
        });
      }
    }
  }
  return findings;
}

/**
 * The actions a visitor can touch now, with the part of each that can be seen. A screen's
 * «Показать ещё» is one of them: it sits beneath the body, so it must overlap nothing. A body
 * that scrolls takes focus (for a keyboard) but is no target to press.
 */
function visibleActions(): { element: Element; box: DOMRect }[] {
  return [...document.querySelectorAll(INTERACTIVE)]
    .filter((element) => shown(element) && !scrolls(element))
    .flatMap((element) => {
      const box = visibleBox(element);
      return box === null ? [] : [{ element, box }];
    });
}

function layout(options: LayoutCheckOptions): LayoutFinding[] {
  const elements = [...document.querySelectorAll('body *')].filter(shown);
  const actions = visibleActions();
  const findings = [...overflowing(elements), ...outside(elements), ...overlapping(actions)];
  const { lowestActionTop } = options;
  if (lowestActionTop !== undefined) {
    for (const { element, box } of actions) {
      if (box.top < lowestActionTop - SLACK) {
        findings.push({
          kind: 'out-of-reach',
          where: describe(element),
          detail: `top at ${Math.round(box.top)} px, above the reach line at ${lowestActionTop} px`,
        });
      }
    }
  }
  return findings;
}

function sizes(): { smallestText: number; smallestTarget: number } {
  const texts = [...document.querySelectorAll('body *')].filter((e) => shown(e) && hasOwnText(e));
  const smallestText = Math.min(...texts.map((e) => Number.parseFloat(getComputedStyle(e).fontSize)));
  const smallestTarget = Math.min(...visibleActions().map(({ element }) => element.getBoundingClientRect().height));
  return { smallestText, smallestTarget };
}

type Rgba = [number, number, number, number];

function parseColour(value: string): Rgba {
  const parts = value.match(/[\d.]+/gu)?.map(Number) ?? [];
  const [r = 0, g = 0, b = 0, a = 1] = parts;
  return [r, g, b, value.startsWith('rgba') || parts.length > 3 ? a : 1];
}

/** `top` drawn with its alpha (times `opacity`) over an opaque `under`. */
function over(top: Rgba, under: Rgba, opacity = 1): Rgba {
  const alpha = top[3] * opacity;
  return [0, 1, 2].map((i) => (top[i] ?? 0) * alpha + (under[i] ?? 0) * (1 - alpha)).concat(1) as Rgba;
}

function luminance([r, g, b]: Rgba): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The opaque colour behind an element: its ancestors' backgrounds laid over white, with their opacity. */
function backdrop(element: Element): Rgba {
  const chain: Element[] = [];
  for (let e: Element | null = element; e !== null; e = e.parentElement) chain.unshift(e);
  let colour: Rgba = [255, 255, 255, 1];
  for (const e of chain) {
    const style = getComputedStyle(e);
    colour = over(parseColour(style.backgroundColor), colour, Number(style.opacity));
  }
  return colour;
}

/** How opaque an element is drawn: the product of its own and its ancestors' opacity. */
function opacityOf(element: Element): number {
  let opacity = 1;
  for (let e: Element | null = element; e !== null; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
  return opacity;
}

function disabledContrast(minimum: number): LayoutFinding[] {
  const findings: LayoutFinding[] = [];
  const disabled = [...document.querySelectorAll(':disabled, [aria-disabled="true"]')].filter(shown);
  for (const control of disabled) {
    const texts = [control, ...control.querySelectorAll('*')].filter((e) => shown(e) && hasOwnText(e));
    for (const text of texts) {
      const back = backdrop(text);
      const fore = over(parseColour(getComputedStyle(text).color), back, opacityOf(text));
      const [lighter, darker] = [luminance(fore), luminance(back)].sort((a, b) => b - a) as [number, number];
      const ratio = (lighter + 0.05) / (darker + 0.05);
      if (ratio < minimum) {
        findings.push({
          kind: 'contrast',
          where: describe(text),
          detail: `contrast ${ratio.toFixed(2)}:1, under ${minimum}:1`,
        });
      }
    }
  }
  return findings;
}

const checks: PageChecks = { layout, sizes, disabledContrast };
(window as unknown as { oknoPageChecks: PageChecks }).oknoPageChecks = checks;
