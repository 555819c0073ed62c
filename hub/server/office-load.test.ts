import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseApplicationNumber } from '../../kiosk-config/src/hub/application-number';
import { bookingCodeFromBody } from '../../kiosk-config/src/hub/booking-code';
import { HubError } from '../../kiosk-config/src/hub/hub-api';
import { OfficeLoadIndex, OfficeLoadView } from '../../kiosk-config/src/hub/office-load-api';
import {
  CallNextResponse,
  CheckInResponse,
  type HubTicket,
  TicketIssueResponse,
} from '../../kiosk-config/src/hub/queue-api';
import { DEMO_BOOKED_SERVICE_ID, DEMO_OFFICE_ID, DEMO_OFFICES } from '../db/demo-seed';
import {
  enrollKiosk,
  getJson,
  operatorHeaders,
  postJson,
  startTestHub,
  TEST_OPERATOR_TOKEN,
  type TestClock,
  type TestHub,
  type TestKiosk,
  testClock,
} from '../test/hub-test-support';
import { OFFICE_LOAD_PAGE_CSP } from './queue/office-load-page';

/** Monday 2026-11-23, 10:00 in Moscow. */
const TODAY_10 = '2026-11-23T07:00:00Z';

/** Personal or person-linked data placed in the hub by the tests: none may reach a public answer. */
interface Secrets {
  /** Application numbers (as typed and as stored) and the phones' last digits that guard them. */
  applications: string[];
  phones: string[];
  bookingCodes: string[];
  ticketIds: string[];
  followUrls: string[];
  ticketNumbers: string[];
  kioskIds: string[];
}

describe('the public queue load of an office, on a real hub and SQLite file', () => {
  let hub: TestHub;
  let clock: TestClock;
  let kiosk: TestKiosk;
  const operator = operatorHeaders();
  const secrets: Secrets = {
    applications: [],
    phones: [],
    bookingCodes: [],
    ticketIds: [],
    followUrls: [],
    ticketNumbers: [],
    kioskIds: [],
  };

  const issue = async (serviceId: string): Promise<HubTicket> => {
    const ticketId = randomUUID();
    const answer = TicketIssueResponse.parse(
      (await postJson(`${hub.url}/v1/tickets`, { ticketId, serviceId }, kiosk.headers)).body,
    );
    if (answer.outcome !== 'issued') throw new Error(answer.outcome);
    secrets.ticketIds.push(ticketId);
    secrets.followUrls.push(answer.ticket.followUrl, new URL(answer.ticket.followUrl).pathname.slice(3));
    secrets.ticketNumbers.push(answer.ticket.number);
    return answer.ticket;
  };
  /** Issues a walk-in ticket for passports (queue Б) at an instant. */
  const issueAt = async (iso: string, serviceId = 'passport-rf') => {
    clock.set(iso);
    return issue(serviceId);
  };
  const callNext = async (window: string, prefixes: string[]) =>
    CallNextResponse.parse(
      (await postJson(`${hub.url}/v1/operator/call-next`, { officeId: DEMO_OFFICE_ID, window, prefixes }, operator))
        .body,
    );
  const loadJson = async () => getJson(`${hub.url}/v1/offices/${DEMO_OFFICE_ID}/load`);
  const page = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${hub.url}${path}`, { headers });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  beforeAll(async () => {
    clock = testClock(TODAY_10);
    hub = await startTestHub({
      now: clock.now,
      config: {
        demoOperatorToken: TEST_OPERATOR_TOKEN,
        ticketLimitsPerKiosk: [{ limit: 1000, windowSeconds: 60 }],
      },
    });
    kiosk = await enrollKiosk(hub.url, 'kiosk-load-01');
    secrets.kioskIds.push(kiosk.kioskId, kiosk.credential);

    // History, through the kiosk route: two past Mondays, and a Tuesday that must not count.
    // 16 Nov: 3 tickets at 10, 1 at 11, 1 at 14. 9 Nov: 1 at 10, 3 at 11. 2 Nov: none (closed).
    for (const at of ['07:10', '07:20', '07:40', '08:05', '11:30']) await issueAt(`2026-11-16T${at}:00Z`);
    for (const at of ['07:15', '08:10', '08:20', '08:50']) await issueAt(`2026-11-09T${at}:00Z`);
    for (const at of ['09:00', '09:10', '09:20', '09:30']) await issueAt(`2026-11-17T${at}:00Z`);

    // Today: people with applications, bookings and phones come in.
    clock.set(TODAY_10);
    const applications = [
      { number: 'КУВД-777/2026-1234567', phoneLast4: '7395' },
      { number: 'PKPVDMFC-2026-11-20-918273', phoneLast4: '6142' },
    ];
    for (const application of applications) {
      await hub.repository.upsertApplication({
        number: normaliseApplicationNumber(application.number),
        status: 'ready_for_pickup',
        serviceId: 'property-registration',
        officeId: DEMO_OFFICE_ID,
        filedOn: '2026-11-01',
        phoneLast4: application.phoneLast4,
      });
      secrets.applications.push(application.number, normaliseApplicationNumber(application.number));
      secrets.phones.push(application.phoneLast4);
      await postJson(`${hub.url}/v1/status/lookup`, { applicationNumber: application.number }, kiosk.headers);
    }
    const code = bookingCodeFromBody('4455667');
    await hub.repository.upsertBooking({
      code,
      officeId: DEMO_OFFICE_ID,
      serviceId: DEMO_BOOKED_SERVICE_ID,
      slotStart: new Date(Date.parse(TODAY_10) + 5 * 60_000).toISOString(),
      state: 'booked',
    });
    secrets.bookingCodes.push(code);
    const checkInId = randomUUID();
    const checkIn = CheckInResponse.parse(
      (await postJson(`${hub.url}/v1/bookings/check-in`, { ticketId: checkInId, code }, kiosk.headers)).body,
    );
    if (checkIn.outcome !== 'issued') throw new Error(checkIn.outcome);
    secrets.ticketIds.push(checkInId);
    secrets.ticketNumbers.push(checkIn.ticket.number);
    secrets.followUrls.push(checkIn.ticket.followUrl);

    for (const service of ['passport-rf', 'passport-rf', 'passport-foreign', 'property-extract', 'property-extract']) {
      await issue(service);
    }
    // Window 1 calls the first passport ticket; window 2 the booked visitor (priority) of queue А.
    await callNext('1', ['Б']);
    await callNext('2', ['А']);
  });
  afterAll(async () => {
    await hub.dispose();
  });

  it('counts who waits per queue, the windows open and the wait range, from the real queue', async () => {
    const answer = await loadJson();
    expect(answer.status).toBe(200);
    const view = OfficeLoadView.parse(answer.body);
    expect(view.office).toEqual({
      id: DEMO_OFFICE_ID,
      name: 'МФЦ «Мои Документы», с. Берёзовка',
      address: 'с. Берёзовка, ул. Центральная, д. 12',
    });
    expect(view.asOf).toBe('2026-11-23T10:00:00+03:00');
    expect(view).toMatchObject({ open: true, windowsOpen: 2, waiting: 4 });
    expect(view.queues).toEqual([
      {
        prefix: 'Б',
        services: ['Замена паспорта гражданина РФ', 'Загранпаспорт'],
        bookingOnly: false,
        waiting: 2,
        windows: 1,
        // Two ahead × p25…p75 of the demo's 12 service times of yesterday (11.75…16.25 min), one window.
        wait: { minMinutes: 20, maxMinutes: 35, basis: 'recent' },
      },
      {
        prefix: 'А',
        services: expect.any(Array),
        bookingOnly: false,
        waiting: 2,
        windows: 1,
        // No history in А: two extracts of 10 typical minutes each, ± 30%, one window.
        wait: { minMinutes: 10, maxMinutes: 30, basis: 'typical' },
      },
      { prefix: 'В', services: ['Консультация по пенсии'], bookingOnly: false, waiting: 0, windows: 0, wait: null },
    ]);
  });

  it("shows this weekday's usual busy hours from the same weekday of past weeks only", async () => {
    const view = OfficeLoadView.parse((await loadJson()).body);
    expect(view.busyHours).toEqual({
      weekday: 'mon',
      daysSampled: 2,
      hours: [
        { hour: 10, averageTickets: 2 },
        { hour: 11, averageTickets: 2 },
        { hour: 12, averageTickets: 0 },
        { hour: 13, averageTickets: 0 },
        { hour: 14, averageTickets: 0.5 },
      ],
      busiest: [{ from: '10:00', to: '12:00' }],
    });
  });

  it('renders the same figures as a page in Russian, without a ticket number', async () => {
    const answer = await page(`/offices/${DEMO_OFFICE_ID}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const text = answer.text;
    expect(text).toContain('<html lang="ru">');
    expect(text).toContain('Сейчас в очереди: 4 человека');
    expect(text).toContain('Работает окон: 2');
    expect(text).toContain('<h3>Очередь Б</h3>');
    expect(text).toContain('Ожидание сейчас: 20–35 минут');
    expect(text).toContain('Обычно в понедельник больше всего людей: 10:00–12:00.');
    expect(text).toContain('<meta http-equiv="refresh" content="60">');
    expect(text).not.toContain('<script');
    expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024);
  });

  it('never shows personal data: no application, phone, booking, ticket id, follow link, kiosk or ticket number', async () => {
    const index = await page('/offices');
    const indexJson = await getJson(`${hub.url}/v1/offices`);
    const answers = [
      (await page(`/offices/${DEMO_OFFICE_ID}`)).text,
      JSON.stringify((await loadJson()).body),
      index.text,
      JSON.stringify(indexJson.body),
    ];
    const forbidden = Object.values(secrets).flat();
    expect(forbidden.length).toBeGreaterThan(20);
    for (const text of answers) {
      for (const secret of forbidden) expect(text, secret).not.toContain(secret);
      // Ticket numbers are not personal by themselves, but a number beside a time can point at
      // someone in the room; the public page needs none, so it shows none, online or offline.
      expect(text).not.toMatch(/[А-ЯЁ]-(\d{3}|К\d+-\d{2})/u);
    }
  });

  it('lists the offices with a queue, as a page and as JSON for the portal', async () => {
    await hub.repository.upsertOffice({ id: 'mfc-no-queue', name: 'Офис без очереди', regionId: 'demo' });
    const json = OfficeLoadIndex.parse((await getJson(`${hub.url}/v1/offices`)).body);
    expect(json.offices.map((o) => o.id).sort()).toEqual(DEMO_OFFICES.map((o) => o.id).sort());
    expect(json.offices.find((o) => o.id === DEMO_OFFICE_ID)).toMatchObject({
      pageUrl: `${hub.url}/offices/${DEMO_OFFICE_ID}`,
      loadUrl: `${hub.url}/v1/offices/${DEMO_OFFICE_ID}/load`,
    });
    const html = (await page('/offices')).text;
    expect(html).toContain(`<a href="/offices/${DEMO_OFFICE_ID}">МФЦ «Мои Документы», с. Берёзовка</a>`);
    expect(html).not.toContain('Офис без очереди');
  });

  it('answers an unknown, malformed or queue-less office with a 404 page and a 404 error', async () => {
    for (const id of ['mfc-nowhere', 'x'.repeat(80), 'mfc-no-queue', '%3Cscript%3E']) {
      const html = await page(`/offices/${id}`);
      expect(html.status, id).toBe(404);
      expect(html.text).toContain('Офис не найден');
      expect(html.text).not.toContain('<script');
      expect(html.headers.get('content-security-policy')).toBe(OFFICE_LOAD_PAGE_CSP);
      const json = await getJson(`${hub.url}/v1/offices/${id}/load`);
      expect(json.status, id).toBe(404);
      expect(HubError.parse(json.body).code).toBe('not_found');
    }
  });

  it('sends a strict CSP and security headers, and caches briefly with an ETag answered 304', async () => {
    const first = await page(`/offices/${DEMO_OFFICE_ID}`);
    const csp = first.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(OFFICE_LOAD_PAGE_CSP);
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; /);
    expect(csp).not.toContain('unsafe');
    expect(csp).not.toContain('script-src');
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    expect(first.headers.get('cache-control')).toBe('public, max-age=30');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);

    const again = await page(`/offices/${DEMO_OFFICE_ID}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    // A proxy that compresses hands the tag on as weak: still the same page.
    expect((await page(`/offices/${DEMO_OFFICE_ID}`, { 'if-none-match': `W/${etag}` })).status).toBe(304);

    const json = await getJson(`${hub.url}/v1/offices/${DEMO_OFFICE_ID}/load`);
    const jsonEtag = json.headers.get('etag') ?? '';
    expect(json.headers.get('cache-control')).toBe('public, max-age=30');
    // Seconds later, nothing changed: still the same (the figures are taken to the minute).
    clock.advance(20_000);
    const jsonAgain = await fetch(`${hub.url}/v1/offices/${DEMO_OFFICE_ID}/load`, {
      headers: { 'if-none-match': jsonEtag },
    });
    expect(jsonAgain.status).toBe(304);
    expect((await page('/offices')).headers.get('cache-control')).toBe('public, max-age=300');

    // One more visitor: the page changes, so the old tag gets the new page.
    await issue('pension-consult');
    const changed = await page(`/offices/${DEMO_OFFICE_ID}`, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.text).toContain('Сейчас в очереди: 5 человек');
  });
});

describe('the public queue load under too many requests', () => {
  let hub: TestHub;
  let clock: TestClock;

  beforeAll(async () => {
    clock = testClock(TODAY_10);
    hub = await startTestHub({
      now: clock.now,
      config: { publicLoadLimitsPerAddress: [{ limit: 3, windowSeconds: 60 }] },
    });
  });
  afterAll(async () => {
    await hub.dispose();
  });

  it('answers 429 with Retry-After per client address, as a page and as JSON, until the window passes', async () => {
    for (const path of ['/offices', `/offices/${DEMO_OFFICE_ID}`, `/v1/offices/${DEMO_OFFICE_ID}/load`]) {
      expect((await fetch(`${hub.url}${path}`)).status, path).toBe(200);
    }
    const refusedPage = await fetch(`${hub.url}/offices/${DEMO_OFFICE_ID}`);
    expect(refusedPage.status).toBe(429);
    expect(refusedPage.headers.get('retry-after')).toBe('60');
    expect(refusedPage.headers.get('cache-control')).toBe('no-store');
    expect(refusedPage.headers.get('content-security-policy')).toBe(OFFICE_LOAD_PAGE_CSP);
    expect(await refusedPage.text()).toContain('Попробуйте снова через 60 секунд');
    const refusedJson = await getJson(`${hub.url}/v1/offices`);
    expect(refusedJson.status).toBe(429);
    expect(HubError.parse(refusedJson.body)).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 60 });

    clock.advance(61_000);
    expect((await fetch(`${hub.url}/v1/offices`)).status).toBe(200);
    // The log says it happened, not who: no client address.
    const limited = hub.log.lines().filter((line) => line.msg === 'public load page rate limited');
    expect(limited).toHaveLength(2);
    for (const line of limited) expect(JSON.stringify(line)).not.toContain('127.0.0.1');
  });
});
