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
