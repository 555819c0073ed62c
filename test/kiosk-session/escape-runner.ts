import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KioskSession, type SessionDisplay, type SessionPolicy } from '../support/kiosk-session';
import { differingShare, pngOf, type ScreenImage } from '../support/kiosk-session-image';
import { testArtifactsDir } from '../support/test-artifacts';
import { cdpKeyEvents, type EscapeVector, type PageDriver } from './escape-vectors';

/** How a vector reached the session. */
export type VectorChannel = 'xdotool (X server keys)' | 'CDP key events (page)' | 'CDP (page)';

/** One vector's outcome, as the closing note reports it. */
export interface VectorResult {
  name: string;
  channel: VectorChannel;
  result: 'pass' | 'fail';
  detail: string;
}

/** At most this share of the screen may differ from the kiosk page as first drawn (a clock, a caret). */
const SCREEN_TOLERANCE = 0.01;
/** How long a vector's window, dialog or navigation gets to appear before the check. */
const SETTLE_MS = 700;
/** The promise after a crash or a close: the kiosk page back within 2 s. */
const BACK_WITHIN_MS = 2000;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the page looks like from inside: compared before and after each page-level vector. */
const PAGE_STATE = `JSON.stringify({
  url: location.href,
  scale: visualViewport ? visualViewport.scale : 1,
  zoom: devicePixelRatio,
  selection: String(getSelection()),
  root: Boolean(document.querySelector('#root > *')),
  focused: document.hasFocus(),
  injected: document.querySelectorAll('[data-escape-vector]').length,
})`;

/**
 * Runs escape vectors against one kiosk session, reused across vectors and restarted only when
 * a vector left it closed or escaped. Checks after each: the kiosk page is the only page target
 * on the kiosk's origin, and the screen still shows it (Xvfb's frame buffer against the first
 * frame; under cage, the page's own state, see docs/kiosk-lockdown.md for why not grim).
 */
export class EscapeProof {
  readonly #display: SessionDisplay;
  readonly #policy: SessionPolicy;
  #session: KioskSession | undefined;
  #baseline: ScreenImage | undefined;
  #pageBaseline: string | undefined;
  readonly results: VectorResult[] = [];

  constructor(display: SessionDisplay, policy: SessionPolicy) {
    this.#display = display;
    this.#policy = policy;
  }

  get session(): KioskSession | undefined {
    return this.#session;
  }

  /** Starts (or restarts) the session and records what the kiosk page looks like. */
  async start(): Promise<void> {
    await this.#session?.stop();
    this.#session = await KioskSession.start({ display: this.#display, policy: this.#policy });
    // The reference is the home screen once drawn: frames compared until two in a row agree.
    await delay(1000);
    if (this.#display === 'x11') {
      this.#baseline = await settledScreen(this.#session);
      await saveScreen(this.#baseline, 'x11 reference');
    }
    if (this.#policy === 'inspectable') {
      // The reference is the home screen once React has drawn it.
      const deadline = Date.now() + 15_000;
      let state = await this.#pageState();
      while (!state.includes('"root":true') && Date.now() < deadline) {
        await delay(200);
        state = await this.#pageState();
      }
      this.#pageBaseline = state;
    }
  }

  async stop(): Promise<void> {
    await this.#session?.stop();
    this.#session = undefined;
  }

  /** Tries one vector, records and returns its result; a failed vector restarts the session for the next. */
  async run(vector: EscapeVector): Promise<VectorResult> {
    if (this.#session === undefined) await this.start();
    const session = this.#session as KioskSession;
    const channel: VectorChannel = vector.page
      ? 'CDP (page)'
      : this.#display === 'x11'
        ? 'xdotool (X server keys)'
        : 'CDP key events (page)';
    const problems: string[] = [];
    try {
      const dialogs = await this.#send(session, vector);
      problems.push(...dialogs.map((dialog) => `a ${dialog} dialog opened`));
    } catch (error) {
      // A vector that closes the browser may cut its own DevTools session short.
      if (await session.browserAnswers()) problems.push(`the vector could not be sent: ${(error as Error).message}`);
    }
    await delay(SETTLE_MS);
    if (problems.length === 0) problems.push(...(await this.#checkOrWaitForRelaunch(session, vector.name)));
    const result: VectorResult = {
      name: vector.name,
      channel,
      result: problems.length === 0 ? 'pass' : 'fail',
      detail: problems.length === 0 ? 'the kiosk page remained the only thing on screen' : problems.join('; '),
    };
    this.results.push(result);
    if (process.env.OKNO_SESSION_DEBUG) process.stderr.write(`${result.result}: ${result.name}: ${result.detail}\n`);
    if (result.result === 'fail') await this.stop();
    return result;
  }

  /** Sends the vector; returns the JavaScript dialogs that opened meanwhile (dismissed at once). */
  async #send(session: KioskSession, vector: EscapeVector): Promise<string[]> {
    const dialogs: string[] = [];
    if (this.#display === 'x11' && !vector.page) {
      for (const combo of vector.keys ?? []) await session.xdotool('key', '--clearmodifiers', combo);
      if (vector.typeThenEnter !== undefined) {
        await delay(200);
        await session.xdotool('type', '--delay', '5', vector.typeThenEnter);
        await session.xdotool('key', 'Return');
      }
      return dialogs;
    }
    const { cdp, sessionId } = await session.pageSession();
    await cdp.send('Page.enable', {}, sessionId);
    const stopListening = cdp.onEvent((method, params) => {
      if (method !== 'Page.javascriptDialogOpening') return;
      dialogs.push(String((params as { type?: unknown }).type));
      void cdp.send('Page.handleJavaScriptDialog', { accept: false }, sessionId).catch(() => {});
    });
    try {
      if (vector.page) {
        await withTimeout(vector.page(pageDriver(cdp, sessionId)), 5000, `${vector.name} did not return`);
        await cdp
          .send(
            'Runtime.evaluate',
            { expression: "document.querySelectorAll('[data-escape-vector]').forEach((e) => e.remove())" },
            sessionId,
          )
          .catch(() => {});
      } else {
        for (const combo of vector.keys ?? []) {
          for (const event of cdpKeyEvents(combo)) await cdp.send('Input.dispatchKeyEvent', event, sessionId);
        }
        if (vector.typeThenEnter !== undefined) {
          await cdp.send('Input.insertText', { text: vector.typeThenEnter }, sessionId);
          for (const event of cdpKeyEvents('Return')) await cdp.send('Input.dispatchKeyEvent', event, sessionId);
        }
      }
      await delay(100);
    } finally {
      stopListening();
    }
    return dialogs;
  }

  /**
   * What is wrong after a vector: if the browser closed, whether the kiosk page came back within
   * 2 s; then the checks below (once more if the browser went away during them).
   */
  async #checkOrWaitForRelaunch(session: KioskSession, vectorName: string): Promise<string[]> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (!(await session.browserAnswers()) && !(await session.waitForKioskPage(BACK_WITHIN_MS))) {
        return [`the browser closed and the kiosk page was not back within ${BACK_WITHIN_MS / 1000} s`];
      }
      try {
        return await this.#check(session, vectorName);
      } catch (error) {
        if (attempt === 1) return [`the session could not be checked: ${(error as Error).message}`];
      }
    }
    return [];
  }

  /** What is wrong with the session after a vector; empty when the kiosk page is all there is. */
  async #check(session: KioskSession, vectorName: string): Promise<string[]> {
    const problems: string[] = [];
    const { ok, targets } = await session.onlyTheKioskPage();
    if (!ok) problems.push(`pages: ${targets.map((target) => target.url).join(', ') || 'none'}`);
    if (this.#baseline) {
      const screen = await session.screenshot();
      const share = differingShare(this.#baseline, screen);
      if (share > SCREEN_TOLERANCE) {
        const file = await saveScreen(screen, vectorName);
        problems.push(`${(share * 100).toFixed(1)} % of the screen changed (${file})`);
      }
    }
    if (this.#pageBaseline !== undefined && ok) {
      const state = await this.#pageState();
      if (state !== this.#pageBaseline) problems.push(`the page changed: ${state} (was ${this.#pageBaseline})`);
    }
    return problems;
  }

  async #pageState(): Promise<string> {
    const { cdp, sessionId } = await (this.#session as KioskSession).pageSession();
    const reply = (await cdp.send('Runtime.evaluate', { expression: PAGE_STATE, returnByValue: true }, sessionId)) as {
      result: { value?: unknown };
    };
    return String(reply.result.value);
  }
}

/** A page driver on a DevTools session. */
function pageDriver(cdp: PageDriver['cdp'], sessionId: string): PageDriver {
  const evaluate = async (expression: string) => {
    const reply = (await cdp.send(
      'Runtime.evaluate',
      { expression, userGesture: true, awaitPromise: true, returnByValue: true },
      sessionId,
    )) as { result: { value?: unknown } };
    return reply.result.value;
  };
  return {
    cdp,
    sessionId,
    evaluate,
    injectLink: async (attributes) => {
      const point = await evaluate(`(() => {
        const link = document.createElement('a');
        for (const [name, value] of Object.entries(${JSON.stringify(attributes)})) link.setAttribute(name, value);
        link.textContent = 'link';
        link.dataset.escapeVector = '';
        link.style.cssText = 'position:fixed;left:300px;top:200px;width:200px;height:100px;z-index:2147483647;display:block';
        document.body.append(link);
        return { x: 400, y: 250 };
      })()`);
      return point as { x: number; y: number };
    },
    click: async (point, button, modifiers = 0) => {
      for (const type of ['mousePressed', 'mouseReleased']) {
        await cdp.send('Input.dispatchMouseEvent', { type, ...point, button, clickCount: 1, modifiers }, sessionId);
      }
    },
  };
}

/** The screen once two frames half a second apart agree (at most 15 s). */
async function settledScreen(session: KioskSession): Promise<ScreenImage> {
  let previous = await session.screenshot();
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    await delay(500);
    const next = await session.screenshot();
    if (differingShare(previous, next) === 0) return next;
    previous = next;
  }
  return previous;
}

/** Saves a failed vector's screen to test-artifacts, to look at; returns the file's name. */
async function saveScreen(screen: ScreenImage, vectorName: string): Promise<string> {
  const name = `escape-vector-${vectorName
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-|-$/gu, '')}.png`;
  await writeFile(path.join(await testArtifactsDir(), name), pngOf(screen));
  return `test-artifacts/${name}`;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(message)), ms))]);
}

/**
 * Writes the results to test-artifacts/escape-vectors.json under the variant's name, keeping the
 * other variant's results, for the closing note.
 */
export async function writeEscapeReport(variant: string, results: readonly VectorResult[]): Promise<string> {
  const file = path.join(await testArtifactsDir(), 'escape-vectors.json');
  const report = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, unknown>;
  report[variant] = { ranAt: new Date().toISOString(), results };
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
