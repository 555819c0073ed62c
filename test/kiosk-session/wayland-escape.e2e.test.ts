import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EscapeProof, writeEscapeReport } from './escape-runner';
import { KEY_VECTORS, PAGE_VECTORS } from './escape-vectors';

/**
 * The proof under the kiosk's own session: the real browser host and Chromium in a headless cage,
 * the repo's managed policy bind-mounted over /etc/chromium in a private mount namespace (no
 * other Chromium on the machine sees it), every escape vector of the list sent in turn.
 *
 * cage 0.1.4 has no virtual-keyboard protocol (wtype cannot type into it), so keys reach the page
 * as DevTools key events; the browser's own shortcuts are proven with real keys in the X11 variant.
 * The page-level vectors need DevTools on the page, which the shipped policy closes: this variant
 * runs with the policy minus DeveloperToolsAvailability (the X11 variant runs it as shipped).
 */
describe('the kiosk session under cage (Wayland): escape vectors', () => {
  const proof = new EscapeProof('wayland', 'inspectable');

  beforeAll(() => proof.start(), 120_000);
  afterAll(async () => {
    await proof.stop();
    await writeEscapeReport('wayland (cage 0.1.4, headless)', proof.results);
  }, 30_000);

  it.each([...PAGE_VECTORS, ...KEY_VECTORS])(
    '$name: the kiosk page remains the only thing on screen',
    async (vector) => {
      const result = await proof.run(vector);
      expect(result.detail).toBe('the kiosk page remained the only thing on screen');
    },
    90_000,
  );
});
