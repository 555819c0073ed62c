import type { Page } from 'playwright-core';
import { BOOKING_QR_PREFIX } from '../kiosk-config/src/index';
import { touchThroughAttractLoop } from './page-tap';
import type { SoakKiosk } from './soak-kiosk';
import type { SoakWorld } from './soak-world';
import { soakBookingCode } from './soak-world';

/** The five things a visitor comes for, in the order the soak takes them. */
export const JOURNEYS = ['ticket', 'booking', 'status', 'payment', 'documents'] as const;
export type Journey = (typeof JOURNEYS)[number];

/** How a visit ends: the visitor walks away (the idle reset), or taps «На главную». */
export type Ending = 'idle' | 'home';

/** One scripted visit: which journey, its variant (service, number, typed or scanned), its end. */
export interface Visit {
  journey: Journey;
  /** Counts the visits of this journey so far: picks the service, the number, the booking. */
  round: number;
  ending: Ending;
}

/**
 * The n-th visit of the soak: the journeys in turn; every other visit ends by the idle reset (five
 * journeys, two endings: each journey ends both ways, turn about).
 */
export function visitNumber(n: number): Visit {
  return {
    journey: JOURNEYS[n % JOURNEYS.length] ?? 'ticket',
    round: Math.floor(n / JOURNEYS.length),
    ending: n % 2 === 1 ? 'idle' : 'home',
  };
}

/** A category and service of each of the demo catalogue's three queues (А, Б, В). */
const TICKET_SERVICES = [
  { category: 'passports', service: 'passport-rf' },
  { category: 'property', service: 'property-extract' },
  { category: 'social', service: 'pension-consult' },
] as const;
/** Demo applications of this office without a second factor, digits only (hub/db/demo-seed.ts). */
const STATUS_NUMBERS = ['2345678901', '3456789012', '4567890123'] as const;
/** Fees of the demo catalogue payable by card. */
const FEES = ['passport-rf', 'passport-foreign', 'property-registration'] as const;

/** What a visit needs besides the page. */
export interface VisitContext {
  page: Page;
  kiosk: SoakKiosk;
  world: SoakWorld;
}

function pick<T>(items: readonly T[], round: number): T {
  const item = items[round % items.length];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
}

/** Where a visit's time goes: milliseconds and count by kind of step (a tap, a wait for a screen, the idle reset). */
export const stepTimes = new Map<string, { ms: number; count: number }>();

async function timed<T>(kind: string, step: () => Promise<T>): Promise<T> {
  const at = performance.now();
  try {
    return await step();
  } finally {
    const total = stepTimes.get(kind) ?? { ms: 0, count: 0 };
    total.ms += performance.now() - at;
    total.count += 1;
    stepTimes.set(kind, total);
  }
}

function tap(page: Page, testId: string): Promise<void> {
  return timed(testId.startsWith('keypad-key-') ? 'tap a key' : 'tap', () => page.getByTestId(testId).click());
}

function shown(page: Page, testId: string): Promise<void> {
  return timed('wait for a screen', () => page.getByTestId(testId).waitFor());
}

async function typeDigits(page: Page, digits: string): Promise<void> {
  for (const digit of digits) await tap(page, `keypad-key-${digit}`);
}

/**
 * Taps a journey's button on the home screen and waits for its first screen. A printer reported
 * faulty at that moment turns a visitor who needs a ticket away at once («Талоны здесь временно
 * не выдаются»): that is a visit refused, said at once rather than after a timeout.
 */
async function open(page: Page, homeButton: string, firstScreen: string): Promise<void> {
  await tap(page, homeButton);
  const expected = page.getByTestId(firstScreen);
  const unavailable = page.getByTestId('screen-ticket-unavailable');
  await expected.or(unavailable).first().waitFor();
  if (await unavailable.isVisible())
    throw new Error('«Талоны здесь временно не выдаются»: the printer was reported faulty');
}

/** The ticket journey up to the confirm screen, for a ticket or its documents list. */
async function chooseService(page: Page, round: number): Promise<void> {
  const { category, service } = pick(TICKET_SERVICES, round);
  await open(page, 'home-ticket', `category-${category}`);
  await tap(page, `category-${category}`);
  await tap(page, `service-${service}`);
  await shown(page, 'screen-confirm');
}

/** Walks one journey to its last screen (a ticket in hand, an answer, a receipt, a sheet printed). */
async function walk(context: VisitContext, visit: Visit, bookingIndex: number): Promise<void> {
  const { page } = context;
  switch (visit.journey) {
    case 'ticket':
      await chooseService(page, visit.round);
      await tap(page, 'ticket-confirm');
      await shown(page, 'screen-ticket-issued');
      return;
    case 'booking': {
      const code = soakBookingCode(bookingIndex);
      await open(page, 'home-booking', 'screen-booking');
      // Typed on the keypad and held to the scanner as the confirmation's QR, turn about.
      if (visit.round % 2 === 0) {
        await typeDigits(page, code);
        await tap(page, 'booking-submit');
      } else {
        context.world.scan(`${BOOKING_QR_PREFIX}${code}`);
      }
      await shown(page, 'ticket-priority');
      return;
    }
    case 'status':
      await tap(page, 'home-status');
      await shown(page, 'screen-status');
      await typeDigits(page, pick(STATUS_NUMBERS, visit.round));
      await tap(page, 'status-search');
      await shown(page, 'screen-status-result');
      return;
    case 'payment':
      await tap(page, 'home-pay');
      await tap(page, 'pay-choose-list');
      await tap(page, `fee-${pick(FEES, visit.round)}`);
      await tap(page, 'pay-confirm');
      await shown(page, 'pay-result-approved');
      return;
    case 'documents':
      await chooseService(page, visit.round);
      await tap(page, 'a4-print-button');
      await shown(page, 'a4-print-done');
      return;
  }
}

/** Polls the kiosk until a touch has armed its idle countdown (the page reports touches throttled). */
async function countdownArmed(kiosk: SoakKiosk): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await kiosk.countdownArmed()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no touch armed the idle countdown');
}

/**
 * Ends the visit as it says: «Вы ещё здесь?» unanswered then the idle reset, or «На главную».
 * The idle reset starts the attract loop at once (nobody stands there now): it is waited for, and
 * left playing over the home screen for the next visitor to touch away.
 */
export async function endVisit(context: VisitContext, ending: Ending): Promise<void> {
  const { page, kiosk } = context;
  if (ending === 'home') {
    await tap(page, 'nav-home');
  } else {
    await timed('idle reset', async () => {
      await countdownArmed(kiosk);
      await kiosk.idleWarning();
      await page.getByTestId('idle-warning').waitFor();
      await kiosk.idleReset();
      await page.getByTestId('idle-warning').waitFor({ state: 'detached' });
      await page.getByTestId('attract-loop').waitFor();
    });
  }
  await shown(page, 'screen-home');
}

/** One whole visit, from the home screen back to it. `bookingIndex` is this visit's booking, if it checks in. */
export async function runVisit(context: VisitContext, visit: Visit, bookingIndex: number): Promise<void> {
  // The visitor comes up to the kiosk: the attract loop, if it plays, takes their first touch.
  await timed('touch the attract loop away', () => touchThroughAttractLoop(context.page));
  await walk(context, visit, bookingIndex);
  await endVisit(context, visit.ending);
}
