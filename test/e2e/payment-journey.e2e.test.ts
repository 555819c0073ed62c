import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_UIN_PROPERTY } from '../../hub/db/payments-demo-seed';
import { type KioskInChromium, startKioskInChromium } from '../support/kiosk-in-chromium';
import type { KioskUnderTest } from '../support/kiosk-under-test';
import {
  ledgerReaches,
  TEST_PAYMENT_POLICY,
  TEST_STEP_DELAY_MS,
  terminalReady,
  terminalSimulator,
} from '../support/payments';

/** A non-breaking space, as the screen writes amounts (`1 500,00 ₽`). */
const NBSP = '\u00a0';

/**
 * Card payments end to end: real Chromium → browser host → core → ZVT driver → real serialport
 * on a PTY → the terminal simulator; the receipt read back from the printer simulator's paper; the
 * hub's ledger on SQLite. The simulator is fast here, and slowed down only where a test must see
 * (or act on) a prompt.
 */

/** The few browser globals the in-page stage recorder uses (this file is type-checked for Node). */
interface StagePage {
  document: {
    body: object;
    querySelector(selector: string): { getAttribute(name: string): string | null } | null;
  };
  MutationObserver: new (
    callback: () => void,
  ) => { observe(target: object, options: { childList: boolean; subtree: boolean; attributes: boolean }): void };
  oknoStages?: string[];
}

/** Starts recording, in the page, every `data-stage` the card screen shows, as it changes. */
async function recordStages(page: Page): Promise<void> {
  await page.evaluate(() => {
    const window = globalThis as unknown as StagePage;
    const stages: string[] = [];
    window.oknoStages = stages;
    new window.MutationObserver(() => {
      const stage = window.document.querySelector('[data-testid="pay-stage"]')?.getAttribute('data-stage');
      if (stage && stages[stages.length - 1] !== stage) stages.push(stage);
    }).observe(window.document.body, { childList: true, subtree: true, attributes: true });
  });
}

/** The stages recorded since `recordStages`. */
function recordedStages(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as StagePage).oknoStages ?? []);
}

describe('payment journey in Chromium through the browser host', () => {
  let ui: KioskInChromium;
  let kiosk: KioskUnderTest;
  let page: Page;

  beforeAll(async () => {
    ui = await startKioskInChromium({
      session: { idleResetSeconds: 60, idleWarningSeconds: 15 },
      adjust: (config) => {
        config.devices.paymentTerminal = {
          kind: 'zvt',
          connection: { kind: 'simulated', transport: 'serial', stepDelayMs: TEST_STEP_DELAY_MS },
        };
      },
      // 3 s for an authorisation: a slowed card step still fits, a silent terminal is given up soon.
      paymentPolicy: { ...TEST_PAYMENT_POLICY, authoriseTimeoutMs: 3000 },
      beforeBrowser: (started) => terminalReady(started.core),
    });
    ({ kiosk, page } = ui);
  });

  afterAll(async () => {
    await ui?.close();
  });

  /** Hands out every receipt cut so far: the next `waitForTicket` is the next paper. */
  async function drainPaper(): Promise<void> {
    while (ui.printer().tickets.length > 0) {
      try {
        await ui.printer().waitForTicket(1);
      } catch {
        return;
      }
    }
  }

  /** From wherever the last test left the screen: home, then «Оплатить госпошлину». */
  async function openPayment(): Promise<void> {
    if ((await page.getByTestId('nav-home').count()) > 0) await page.getByTestId('nav-home').click();
    await page.getByTestId('screen-home').waitFor();
    await page.getByTestId('home-pay').click();
    await page.getByTestId('screen-pay').waitFor();
  }

  /** The replacement passport's fee from the list, up to the confirm screen. */
  async function confirmPassportFee(): Promise<void> {
    await openPayment();
    await page.getByTestId('pay-choose-list').click();
    await page.getByTestId('screen-pay-fees').waitFor();
    await page.getByTestId('fee-passport-rf').click();
    await page.getByTestId('screen-pay-confirm').waitFor();
    expect(await ui.text('pay-amount')).toBe(`1${NBSP}500,00${NBSP}₽`);
    expect(await ui.text('pay-purpose')).toBe('Госпошлина за выдачу паспорта гражданина РФ');
  }

  /** The payment's id, as the core last reported a payment (for the ledger). */
  function lastPaymentId(): Promise<string> {
    return new Promise((resolve) => {
      const stop = kiosk.core.onEvent((name, payload) => {
        if (name !== 'payment.finished') return;
        stop();
        resolve((payload as { paymentId: string }).paymentId);
      });
    });
  }

  it('pays a fee by card: the terminal’s prompts on the screen, the receipt on paper, committed in the ledger', async () => {
    await drainPaper();
    await confirmPassportFee();
    // Slow enough to see each prompt.
    terminalSimulator(kiosk.core).stepDelayMs = 250;
    const receiptPrinted = ui.printer().waitForTicket(20_000);
    const finished = lastPaymentId();
    try {
      await recordStages(page);
      await page.getByTestId('pay-confirm').click();
      await page.getByTestId('screen-pay-card').waitFor();
      expect(await ui.text('pay-card-amount')).toContain(`1${NBSP}500,00${NBSP}₽`);
      await ui.screenshot('e2e-pay-card');
      await page.getByTestId('screen-pay-result').waitFor({ timeout: 20_000 });
      // Every prompt was on the screen, in the terminal's order (recorded in the page as it
      // changed: a loaded machine may poll past a 250 ms prompt, the page never misses one).
      const stages = await recordedStages(page);
      expect(stages).toEqual(expect.arrayContaining(['present_card', 'enter_pin']));
      expect(stages.indexOf('present_card')).toBeLessThan(stages.indexOf('enter_pin'));
    } finally {
      terminalSimulator(kiosk.core).stepDelayMs = TEST_STEP_DELAY_MS;
    }
    await page.getByTestId('pay-result-approved').waitFor();
    expect(await ui.text('pay-paid-amount')).toContain(`1${NBSP}500,00${NBSP}₽`);
    // Printed: no receipt on the screen.
    expect(await page.getByTestId('pay-receipt-onscreen').count()).toBe(0);
    await ui.screenshot('e2e-pay-approved');

    const paper = (await receiptPrinted).lines.join('\n');
    expect(paper).toContain('КВИТАНЦИЯ ОБ ОПЛАТЕ');
    expect(paper).toContain('1 500,00 руб.');
    expect(paper).toContain('**** 4242');
    expect(paper).toMatch(/RRN\s.*\d{12}/u);
    expect(paper).toContain('ОДОБРЕНО');
    await ledgerReaches(kiosk.hub, await finished, 'committed');
    await page.getByTestId('pay-done').click();
    await page.getByTestId('screen-home').waitFor();
  });

  /** From home, in `language`: pays the replacement passport's fee; the receipt's lines as printed. */
  async function payIn(language: 'en' | 'tt'): Promise<string> {
    await drainPaper();
    if ((await page.getByTestId('nav-home').count()) > 0) await page.getByTestId('nav-home').click();
    await page.getByTestId('screen-home').waitFor();
    await page.getByTestId(`access-language-${language}`).click();
    await page.locator(`.app[lang="${language}"]`).waitFor();
    await page.getByTestId('home-pay').click();
    await page.getByTestId('pay-choose-list').click();
    await page.getByTestId('fee-passport-rf').click();
    const receiptPrinted = ui.printer().waitForTicket(20_000);
    await page.getByTestId('pay-confirm').click();
    await page.getByTestId('pay-result-approved').waitFor({ timeout: 20_000 });
    return (await receiptPrinted).lines.join('\n');
  }

  it("prints a Tatar visitor's receipt in Russian on the CP866 printer, and the screen says so; an English one's labels in English", async () => {
    const tatar = await payIn('tt');
    expect(await ui.text('pay-printed-in-russian')).toBe(
      'Квитанция рус телендә басылды: бу принтер татар хәрефләрен баса алмый.',
    );
    await ui.screenshot('e2e-pay-approved-tatar');
    expect(tatar).toContain('КВИТАНЦИЯ ОБ ОПЛАТЕ');
    expect(tatar).toContain('Карта');
    await page.getByTestId('pay-done').click();
    await page.getByTestId('screen-home').waitFor();

    const english = await payIn('en');
    expect(await page.getByTestId('pay-printed-in-russian').count()).toBe(0);
    // The visitor's labels in English, the legal lines in Russian.
    expect(english).toContain('Payment receipt');
    expect(english).toMatch(/Card\s.*\*\*\*\* 4242/u);
    expect(english).toContain('КВИТАНЦИЯ ОБ ОПЛАТЕ');
    expect(english).toContain('ИТОГО');
    await page.getByTestId('pay-done').click();
    await page.getByTestId('screen-home').waitFor();
  });

  it('a declined card: the calm sentence, nothing printed, another card can be tried', async () => {
    await drainPaper();
    await confirmPassportFee();
    const cut = ui.printer().tickets.length;
    terminalSimulator(kiosk.core).injectFault({ kind: 'decline', resultCode: 0x05 });
    const finished = lastPaymentId();
    await page.getByTestId('pay-confirm').click();
    await page.getByTestId('pay-result-declined').waitFor({ timeout: 15_000 });
    expect(await ui.text('pay-result-declined')).toContain('Деньги не списаны');
    await ledgerReaches(kiosk.hub, await finished, 'declined');
    expect(ui.printer().tickets.length).toBe(cut);
    // «Попробовать другой картой» goes back to the same fee.
    await page.getByTestId('pay-again').click();
    await page.getByTestId('screen-pay-confirm').waitFor();
    expect(await ui.text('pay-amount')).toBe(`1${NBSP}500,00${NBSP}₽`);
  });

  it('cancelled by the visitor with «Отмена» while the terminal waits for the card', async () => {
    await confirmPassportFee();
    const simulator = terminalSimulator(kiosk.core);
    const records = simulator.journal.length;
    // The card step lasts long enough for a person (and a test) to press «Отмена» (the whole
    // authorisation stays within the test's 3 s).
    simulator.stepDelayMs = 700;
    try {
      await page.getByTestId('pay-confirm').click();
      await page.locator('[data-testid="pay-stage"][data-stage="present_card"]').waitFor({ timeout: 15_000 });
      await page.getByTestId('pay-card-cancel').click();
      await page.getByTestId('pay-result-cancelled').waitFor({ timeout: 15_000 });
    } finally {
      simulator.stepDelayMs = TEST_STEP_DELAY_MS;
    }
    expect(await ui.text('pay-result-cancelled')).toContain('Деньги не списаны');
    expect(simulator.received.some((command) => command.type === 'abort')).toBe(true);
    expect(simulator.journal.length).toBe(records);
  });

  it('a terminal that stops answering: «Терминал не ответил», nothing charged', async () => {
    await confirmPassportFee();
    const simulator = terminalSimulator(kiosk.core);
    const records = simulator.journal.length;
    simulator.injectFault({ kind: 'timeout' });
    await page.getByTestId('pay-confirm').click();
    await page.getByTestId('pay-result-timeout').waitFor({ timeout: 15_000 });
    expect(await ui.text('pay-result-timeout')).toContain('Терминал не ответил');
    expect(simulator.journal.length).toBe(records);
    await terminalReady(kiosk.core);
  });

  it('pays a bill by its УИН typed on the keypad; the УИН is on the receipt', async () => {
    await drainPaper();
    await openPayment();
    await page.getByTestId('pay-choose-uin').click();
    await page.getByTestId('screen-pay-uin').waitFor();
    for (const digit of DEMO_UIN_PROPERTY) await page.getByTestId(`keypad-key-${digit}`).click();
    expect(await ui.text('uin-display')).toBe('03221 20000 00000 00123 45673');
    await page.getByTestId('uin-submit').click();
    await page.getByTestId('screen-pay-confirm').waitFor({ timeout: 15_000 });
    expect(await ui.text('pay-amount')).toBe(`4${NBSP}000,00${NBSP}₽`);
    expect(await ui.text('pay-uin')).toBe('03221 20000 00000 00123 45673');
    expect(await ui.text('pay-recipient')).toContain('Росреестра');

    const receiptPrinted = ui.printer().waitForTicket(20_000);
    const finished = lastPaymentId();
    await page.getByTestId('pay-confirm').click();
    await page.getByTestId('pay-result-approved').waitFor({ timeout: 15_000 });
    expect(await ui.text('pay-paid-amount')).toContain(`4${NBSP}000,00${NBSP}₽`);
    const paper = (await receiptPrinted).lines.join('\n');
    expect(paper).toContain('4 000,00 руб.');
    expect(paper).toMatch(new RegExp(`УИН\\s.*${DEMO_UIN_PROPERTY}`, 'u'));
    const ledger = await ledgerReaches(kiosk.hub, await finished, 'committed');
    expect(ledger.uin).toBe(DEMO_UIN_PROPERTY);
  });
});

/**
 * A terminal that says nothing before it reads the card: the visitor is told within
 * `payments.noAnswerSeconds` (2 s here) that nothing was charged, and goes home; «Отмена» answers
 * on the screen at once. The terminal's own timeout (8 s here) comes long after.
 */
describe('payment journey in Chromium: a silent card terminal', () => {
  let ui: KioskInChromium;
  let kiosk: KioskUnderTest;
  let page: Page;

  beforeAll(async () => {
    ui = await startKioskInChromium({
      session: { idleResetSeconds: 60, idleWarningSeconds: 15 },
      adjust: (config) => {
        config.devices.paymentTerminal = {
          kind: 'zvt',
          connection: { kind: 'simulated', transport: 'serial', stepDelayMs: TEST_STEP_DELAY_MS },
        };
        config.payments = { undeliveredPolicy: 'reverse', noAnswerSeconds: 2 };
      },
      paymentPolicy: { ...TEST_PAYMENT_POLICY, authoriseTimeoutMs: 8000 },
      beforeBrowser: (started) => terminalReady(started.core),
    });
    ({ kiosk, page } = ui);
  });

  afterAll(async () => {
    await ui?.close();
  });

  async function confirmPassportFee(): Promise<void> {
    if ((await page.getByTestId('nav-home').count()) > 0) await page.getByTestId('nav-home').click();
    await page.getByTestId('screen-home').waitFor();
    await page.getByTestId('home-pay').click();
    await page.getByTestId('pay-choose-list').click();
    await page.getByTestId('fee-passport-rf').click();
    await page.getByTestId('screen-pay-confirm').waitFor();
  }

  /** The payment that ran on in the background is over: the terminal is free for the next visitor. */
  async function backgroundOver(): Promise<void> {
    await kiosk.core.payments.visitor.close(20_000);
    await terminalReady(kiosk.core);
  }

  it('«Отмена» while the terminal is silent: «Отменяем оплату…» at once, then «Терминал не отвечает. Деньги не списаны» and home', async () => {
    await confirmPassportFee();
    const simulator = terminalSimulator(kiosk.core);
    const records = simulator.journal.length;
    // The terminal takes the authorisation (80 00 00) and never asks for the card.
    simulator.injectFault({ kind: 'timeout' });
    await page.getByTestId('pay-confirm').click();
    await page.locator('[data-testid="pay-stage"][data-stage="connecting"]').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await page.getByTestId('pay-card-cancel').click();
    // The user-visible bound of the issue: an answer on the screen within 2 s of the press.
    await page.getByTestId('pay-cancelling').waitFor({ timeout: 2000 });
    await page.getByTestId('pay-result-no_answer').waitFor({ timeout: 10_000 });
    expect(await ui.text('pay-result-no_answer')).toBe('Терминал не отвечает. Деньги не списаны.');
    await ui.screenshot('e2e-pay-no-answer');
    await page.getByTestId('pay-done').click();
    await page.getByTestId('screen-home').waitFor();
    await backgroundOver();
    expect(simulator.journal.length).toBe(records);
  });

  it('a terminal that never answers at all: «Терминал не отвечает. Деньги не списаны», «Отмена» offered meanwhile, then home', async () => {
    await confirmPassportFee();
    const simulator = terminalSimulator(kiosk.core);
    // Not even 80 00 00 to the authorisation.
    simulator.injectFault({ kind: 'silent' });
    await page.getByTestId('pay-confirm').click();
    // «Отмена» is there while the terminal owes its first word.
    await page.getByTestId('pay-card-cancel').waitFor();
    expect(await page.locator('[data-testid="pay-stage"][data-stage="connecting"]').count()).toBe(1);
    await page.getByTestId('pay-result-no_answer').waitFor({ timeout: 10_000 });
    expect(await ui.text('pay-result-no_answer')).toContain('Деньги не списаны');
    await page.getByTestId('pay-done').click();
    await page.getByTestId('screen-home').waitFor();
  });
});
