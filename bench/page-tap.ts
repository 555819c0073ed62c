import type { Page } from 'playwright-core';

/** The page's clock as epoch milliseconds (the same clock as Node's `performance.timeOrigin + now()`). */
interface PageWindow {
  document: {
    querySelector(selector: string): {
      addEventListener(type: 'click', listener: () => void, options: { once: boolean; capture: boolean }): void;
    } | null;
  };
  performance: { timeOrigin: number; now(): number };
}

/**
 * Arms a listener that records the tap's time in the page (capture phase: before the page's own
 * handlers), then taps the element with this test id; answers the tap's time as epoch milliseconds.
 */
export async function tapAndTime(page: Page, testId: string): Promise<number> {
  const tapped = page.evaluate(
    (id) =>
      new Promise<number>((resolve, reject) => {
        const { document, performance } = globalThis as unknown as PageWindow;
        const button = document.querySelector(`[data-testid="${id}"]`);
        if (button === null) {
          reject(new Error(`no ${id} on the page`));
          return;
        }
        button.addEventListener('click', () => resolve(performance.timeOrigin + performance.now()), {
          once: true,
          capture: true,
        });
      }),
    testId,
  );
  await page.evaluate(() => undefined);
  await page.getByTestId(testId).click();
  return tapped;
}

/**
 * What a visitor does first when the attract loop covers the home screen (it starts at once after
 * the idle reset, and after `idleResetSeconds` idle at home): touches the screen anywhere. That
 * touch is swallowed whole (the page's input shield) and starts the visit, so the next tap lands
 * on the home screen. Does nothing when the loop is not playing; answers whether it was.
 */
export async function touchThroughAttractLoop(page: Page): Promise<boolean> {
  const loop = page.getByTestId('attract-loop');
  if ((await loop.count()) === 0) return false;
  const viewport = page.viewportSize();
  if (viewport === null) throw new Error('the page has no viewport to touch');
  // The middle of the screen: away from the technician's hidden corners, which the loop lets through.
  await page.mouse.click(viewport.width / 2, viewport.height / 2);
  await loop.waitFor({ state: 'detached' });
  await page.getByTestId('input-shield').waitFor({ state: 'detached' });
  return true;
}
