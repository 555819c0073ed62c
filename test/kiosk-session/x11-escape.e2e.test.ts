import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EscapeProof, writeEscapeReport } from './escape-runner';
import { KEY_VECTORS } from './escape-vectors';

/**
 * The X11 variant: the real browser host and Chromium on Xvfb with no window manager, the repo's
 * managed policy exactly as shipped (bind-mounted over /etc/chromium in a private mount
 * namespace), and real key presses at the X server through xdotool. The screen is Xvfb's own
 * frame buffer, compared with the kiosk page's first frame.
 */
describe('the kiosk session on X11 (Xvfb, no window manager): escape vectors with real keys', () => {
  const proof = new EscapeProof('x11', 'as-shipped');

  beforeAll(() => proof.start(), 120_000);
  afterAll(async () => {
    await proof.stop();
    await writeEscapeReport('x11 (Xvfb + xdotool, policy as shipped)', proof.results);
  }, 30_000);

  it('the shipped policy keeps DevTools off the page, over the DevTools protocol too', async () => {
    const session = proof.session;
    if (!session) throw new Error('no session');
    // Refused at the attach ("Not allowed") or, attached, the page's domains are not there.
    const evaluate = async () => {
      const { cdp, sessionId } = await session.pageSession();
      return cdp.send('Runtime.evaluate', { expression: '1 + 1' }, sessionId);
    };
    await expect(evaluate()).rejects.toThrow(/Not allowed|wasn't found/);
  });

  it.each(KEY_VECTORS)(
    '$name: the kiosk page remains the only thing on screen',
    async (vector) => {
      const result = await proof.run(vector);
      expect(result.detail).toBe('the kiosk page remained the only thing on screen');
    },
    90_000,
  );
});
