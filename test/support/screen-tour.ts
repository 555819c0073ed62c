import type { Page } from 'playwright-core';
import {
  type CallName,
  type CatalogueView,
  type ContentView,
  type DeviceStatus,
  type FeeView,
  fail,
  type KioskInfo,
  type Result,
} from '../../kiosk-config/src/index';
import { APP_INFO, CATALOGUE, FOUND_APPLICATION, ok, TICKET } from './journey-fixtures';
import type { JourneyInChromium } from './journey-in-chromium';

/**
 * A tour of every visitor screen, the whole page (`App`) in real Chromium on the fake KioskApi of
 * `journey-in-chromium.ts`: home, each journey's screens with their problems and waits, the idle
 * warning, voice guidance's controls and its private-data consent, the help dialog (on site and
 * the call-back), the rating after a ticket's scan, the letter pad's layouts, out of service and
 * the attract loop. The accessibility, language and speech tests
 * each look at every screen the same way, whatever they check there.
 */

/** Where the tour stands. */
export interface TourStop {
  /** The screen's name: its root's test id without `screen-` (`home`, `pay-card`, `idle-warning`…). */
  name: string;
  /**
   * Whether the visitor's choices made by `prepare` hold on this screen. False where no visitor
   * session is: out of service (no access bar) and the attract loop (after the idle reset).
   */
  choicesApply: boolean;
}

/** What a tour does besides walking. */
export interface TourOptions {
  /**
   * Runs on the home screen of every fresh session before the tour walks on (choices reset at
   * every return home): e.g. the access bar's «Крупнее» or the language tapped.
   */
  prepare?: (page: Page) => Promise<void>;
  /** Called on each screen once it is drawn. */
  atScreen: (name: string, stop: TourStop) => Promise<void>;
  /** Only the screens with these names (all when left out): a shorter tour for a focused test. */
  only?: ReadonlySet<string>;
}

/** The kiosk's `kiosk.info`: all three languages, a long idle time so no reset cuts the tour short. */
export const TOUR_INFO: KioskInfo = {
  ...APP_INFO,
  kioskId: 'kiosk-tour',
  office: { id: 'mfc-demo-01', name: 'МФЦ «Мои Документы», с. Октябрьское' },
  idleResetSeconds: 600,
  idleWarningSeconds: 20,
};

/** The catalogue with a service of each availability: open, by appointment only, closed (a disabled card). */
const TOUR_CATALOGUE: CatalogueView = {
  ...CATALOGUE,
  services: [
    ...CATALOGUE.services,
    {
      id: 'registration',
      categoryId: 'docs',
      name: 'Регистрация по месту жительства',
      summary: 'Для граждан РФ',
      prefix: 'Р',
      documents: ['Паспорт', 'Документ на жильё', 'Заявление', 'Согласие собственника', 'Квитанция'],
      availability: { state: 'booking_only' },
    },
    {
      id: 'snils',
      categoryId: 'docs',
      name: 'СНИЛС',
      prefix: 'С',
      documents: ['Паспорт'],
      availability: { state: 'closed', opensAt: { time: '08:00', daysAhead: 1 } },
    },
  ],
};

const TOUR_FEE: FeeView = {
  serviceId: 'driving-licence',
  name: 'Госпошлина за водительское удостоверение',
  amountMinor: 200_000,
  recipient: 'УФК по Тверской области (ГИБДД)',
  purpose: 'Государственная пошлина за выдачу водительского удостоверения',
};

const PRINTER_READY: DeviceStatus = {
  id: 'printer',
  kind: 'printer',
  connected: true,
  simulated: true,
  problems: [],
  address: '/dev/ttyS0',
};

/** A release with one attract item (its file is not served: the loop still draws its hint). */
const ATTRACT_CONTENT: ContentView = {
  releaseId: 'r-tour',
  version: 1,
  announcements: [],
  texts: {},
  attract: [{ url: `/content/${'a'.repeat(64)}`, kind: 'image', seconds: 600 }],
};

const EMPTY_CONTENT: ContentView = {
  announcements: [
    { id: 'water', title: 'Отключение воды 12 декабря', body: 'Центр работает до 14:00.' },
    { id: 'pension', title: 'Приём по пенсиям', body: 'По вторникам, окно 3.' },
  ],
  texts: {},
  attract: [],
};

/** A scanned ticket that may be rated: its number, service and window. */
const TOUR_RATING_OFFER = { outcome: 'open', number: 'П-042', serviceName: 'Паспорт РФ', window: '3' } as const;

/** A ticket's follow link as the scanner reads it on the home screen (opens the rating screen). */
const TOUR_FOLLOW_LINK = `https://hub.mfc.example/q/${'T'.repeat(22)}`;

type Canned = Partial<Record<CallName, Result<unknown>>>;

/** The answers every tour session gets at once; the journey's own calls wait for the tour. */
function canned(changes: Canned = {}): Canned {
  return {
    'kiosk.info': ok(TOUR_INFO),
    'kiosk.serviceMode': ok({ inService: true }),
    'devices.status': ok({ devices: [PRINTER_READY] }),
    'content.current': ok(EMPTY_CONTENT),
    'content.healthy': ok({ accepted: true }),
    'tickets.catalogue': ok(TOUR_CATALOGUE),
    'payments.fees': ok({ fees: [TOUR_FEE], terminalReady: true }),
    'payments.state': ok({ phase: 'in_progress', paymentId: 'p-tour', stage: 'present_card', cardRead: false }),
    'help.request': ok({ ahead: 2, waiting: 3 }),
    'help.callback': ok({ outcome: 'queued', ahead: 1, expectedWithinMinutes: 15 }),
    'rating.offer': ok(TOUR_RATING_OFFER),
    'rating.submit': ok({ outcome: 'stored' }),
    'speech.state': ok({ headphones: 'unknown' }),
    'speech.say': ok({ withheld: 0 }),
    'speech.stop': ok({}),
    'speech.repeat': ok({ repeated: false }),
    ...changes,
  };
}

/**
 * Visits every visitor screen and calls `atScreen` on each; returns the names in the order
 * visited. `ui` must be started by `startJourneyInChromium`; the viewport is the caller's.
 */
export async function tourVisitorScreens(ui: JourneyInChromium, options: TourOptions): Promise<string[]> {
  const { page } = ui;
  const visited: string[] = [];
  /** A visitor's tap: the element scrolled to the top of its list first (clear of «Показать ещё» at the list's foot). */
  const tap = async (testId: string) => {
    const target = page.getByTestId(testId);
    await target.evaluate((element) =>
      (element as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'start' }),
    );
    await target.click();
  };
  const wanted = (name: string) => options.only === undefined || options.only.has(name);

  /** Waits for the screen's root and calls back; `testId` defaults to `screen-<name>`. */
  async function at(name: string, testId = `screen-${name}`, choicesApply = true) {
    await page.getByTestId(testId).waitFor();
    visited.push(name);
    if (wanted(name)) await options.atScreen(name, { name, choicesApply });
  }

  /** A fresh session at home, with the caller's choices made. */
  async function session(changes: Canned = {}) {
    await ui.mount({ app: true, printer: { state: 'ready' }, canned: canned(changes) });
    await options.prepare?.(page);
  }

  const typeKeys = async (keys: string) => {
    for (const key of keys) await tap(`keypad-key-${key}`);
  };

  // Home, and the idle warning over it.
  await session();
  await at('home');
  await ui.emit('session.idleWarning', { secondsLeft: 20 });
  await at('idle-warning', 'idle-warning');

  // Voice guidance on: «Стоп» and «Повторить» beside «Озвучить» in the access bar.
  await session();
  await tap('access-speech');
  await at('speech-controls', 'speech-stop');

  // «Позвать сотрудника» where staff are on site: «Сотрудник подойдёт».
  await session();
  await tap('access-help');
  await at('help-called', 'help-ahead');

  // Where no staff are on site: the call-back's phone entry, and its answer.
  await session({
    'kiosk.info': ok({ ...TOUR_INFO, accessibility: { ...TOUR_INFO.accessibility, staffOnSite: false } }),
  });
  await tap('access-help');
  await at('help-phone', 'help-phone');
  await typeKeys('9123456789');
  await tap('help-callback-confirm');
  await at('help-queued', 'help-queued');

  // A ticket's QR scanned on the home screen: the rating, its reasons, the thanks.
  await session();
  await ui.emit('scanner.scanned', { text: TOUR_FOLLOW_LINK });
  await at('rating');
  await tap('rating-score-2');
  await at('rating-reasons', 'rating-reason-waiting_time');
  await tap('rating-send');
  await at('rating-thanks', 'rating-message');

  // A ticket: categories, services (open, by appointment, closed), the confirm screen, the A4
  // list that could not print, printing, a fault, and the ticket.
  await session();
  await tap('home-ticket');
  await at('categories');
  await tap('category-docs');
  await at('services');
  await tap('service-registration');
  await at('booking-only');
  await tap('nav-back');
  await tap('service-passport');
  await at('confirm');
  await tap('a4-print-button');
  await ui.answer('tickets.printDocuments', fail('office_printer_unavailable', 'no office printer'));
  await at('documents-preview');
  await tap('nav-back');
  await tap('ticket-confirm');
  await at('ticket-printing');
  await ui.answer('tickets.issue', fail('timeout', 'the printer did not answer'));
  await at('ticket-error');
  await tap('ticket-retry');
  await ui.answer('tickets.issue', ok(TICKET));
  await at('ticket-issued');

  // The printer out of paper: home says so, and «Взять талон» says tickets are not issued.
  await session({ 'devices.status': ok({ devices: [{ ...PRINTER_READY, problems: ['paper_out'] }] }) });
  await page.getByTestId('device-warning').waitFor();
  await tap('home-ticket');
  await at('ticket-unavailable');

  // A booking's check-in: the code, the check, an outcome without a ticket.
  await session();
  await tap('home-booking');
  await at('booking');
  await typeKeys('12345678');
  await tap('booking-submit');
  await at('booking-checking');
  await ui.answer('tickets.checkIn', ok({ outcome: 'too_early', slotTime: '14:30', opensAt: '14:15' }));
  await at('booking-outcome');

  // An application's status: the number, the search, the second factor, the answer, a failure.
  await session();
  await tap('home-status');
  await at('status');
  await tap('keypad-layout-jcuken');
  await page.locator('[data-testid="letter-pad"][data-layout="jcuken"]').waitFor();
  await at('status-jcuken', 'screen-status');
  await tap('keypad-mode-latin');
  await at('status-latin', 'keypad-key-Q');
  await tap('keypad-mode-digits');
  await typeKeys('9137528146');
  await tap('status-search');
  await at('status-searching');
  await ui.answer('status.lookup', ok({ outcome: 'second_factor_required', accepted: ['filing_date', 'phone_last4'] }));
  await at('second-factor');
  await typeKeys('02112026');
  await tap('second-factor-submit');
  await ui.answer('status.lookup', ok(FOUND_APPLICATION));
  await at('status-result');
  // Speech on over the answer without headphones: the private data waits for «Озвучить личное».
  await tap('access-speech');
  await at('speech-consent', 'speech-consent');
  await tap('access-speech');
  await tap('status-new-search');
  await tap('keypad-mode-digits');
  await typeKeys('9137528146');
  await tap('status-search');
  await ui.answer('status.lookup', ok({ outcome: 'not_found' }));
  await at('status-error');

  // A fee: the choice, the list, the УИН and its lookup, the confirm screen, the card, the end.
  await session();
  await tap('home-pay');
  await at('pay');
  await tap('pay-choose-uin');
  await at('pay-uin');
  await typeKeys('18810177012345678901');
  await tap('uin-submit');
  await at('pay-uin-checking');
  await ui.answer('payments.resolveUin', ok({ outcome: 'not_found' }));
  await at('pay-uin-outcome');
  await session();
  await tap('home-pay');
  await tap('pay-choose-list');
  await at('pay-fees');
  await tap(`fee-${TOUR_FEE.serviceId}`);
  await at('pay-confirm');
  await tap('pay-confirm');
  await ui.answer('payments.start', ok({ paymentId: 'p-tour', noAnswerMs: 15_000 }));
  await ui.emit('payment.progress', { paymentId: 'p-tour', stage: 'present_card', cardRead: false });
  await at('pay-card');
  await ui.emit('payment.finished', {
    paymentId: 'p-tour',
    end: {
      outcome: 'approved',
      receipt: {
        printed: false,
        amountMinor: TOUR_FEE.amountMinor,
        purpose: TOUR_FEE.purpose,
        rrn: '123456789012',
        authCode: 'A1B2C3',
        maskedPan: '**** 1234',
        paidAt: '2026-12-07T10:00:00+03:00',
        reference: 'K01-3F9A',
      },
    },
  });
  await at('pay-result');

  // Put out of service by the centre: no visitor session, no access bar.
  await session();
  await ui.emit('kiosk.serviceModeChanged', {
    inService: false,
    instead: 'Талон можно получить у сотрудника центра',
    hours: 'Пн–Пт 08:00–20:00',
  });
  await at('out-of-service', 'screen-out-of-service', false);

  // The attract loop, after the kiosk has been idle (the choices were reset before it starts).
  await ui.mount({
    app: true,
    printer: { state: 'ready' },
    canned: canned({ 'kiosk.info': ok({ ...TOUR_INFO, idleResetSeconds: 1 }), 'content.current': ok(ATTRACT_CONTENT) }),
  });
  await at('attract-loop', 'attract-loop', false);
  return visited;
}
