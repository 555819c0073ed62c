import { createHash, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CallNextResponse, type HubTicket, TicketIssueResponse } from '../../kiosk-config/src/hub/queue-api';
import { RATING_OUTBOX_KIND, RatingAnswer, RatingOffer } from '../../kiosk-config/src/hub/rating-api';
import { HubAdmin } from '../admin/admin-commands';
import { DEMO_OFFICE_ID } from '../db/demo-seed';
import {
  enrollKiosk,
  operatorHeaders,
  postJson,
  startTestHub,
  TEST_OPERATOR_TOKEN,
  type TestClock,
  type TestHub,
  type TestKiosk,
  testClock,
} from '../test/hub-test-support';
import { parseRatingForm } from './rating-routes';
import { SqliteRatingStore } from './sqlite-rating-store';

const DAY = 24 * 3_600_000;

describe('rating the service over HTTP: the follow page, the kiosks, the outbox', () => {
  let hub: TestHub;
  let clock: TestClock;
  let kiosk: TestKiosk;
  const operator = operatorHeaders();

  beforeAll(async () => {
    clock = testClock('2026-11-23T07:00:00Z'); // Monday 10:00 in Moscow
    hub = await startTestHub({ now: clock.now, config: { demoOperatorToken: TEST_OPERATOR_TOKEN } });
    kiosk = await enrollKiosk(hub.url, 'kiosk-rating');
  });
  afterAll(async () => {
    await hub.dispose();
  });

  const issue = async (): Promise<HubTicket & { token: string }> => {
    const answer = TicketIssueResponse.parse(
      (await postJson(`${hub.url}/v1/tickets`, { ticketId: randomUUID(), serviceId: 'pension-consult' }, kiosk.headers))
        .body,
    );
    if (answer.outcome !== 'issued') throw new Error(answer.outcome);
    return { ...answer.ticket, token: answer.ticket.followUrl.split('/q/')[1] ?? '' };
  };
  /** Calls the ticket (the next in its queue) to a window and finishes it. */
  const visit = async (window: string, outcome: 'served' | 'no_show' = 'served') => {
    const called = CallNextResponse.parse(
      (await postJson(`${hub.url}/v1/operator/call-next`, { officeId: DEMO_OFFICE_ID, window }, operator)).body,
    );
    if (called.outcome !== 'called') throw new Error(called.outcome);
    await postJson(`${hub.url}/v1/operator/tickets/${called.ticket.ticketId}/finish`, { outcome }, operator);
  };
  const page = async (token: string) => {
    const response = await fetch(`${hub.url}/q/${token}`);
    return {
      status: response.status,
      csp: response.headers.get('content-security-policy'),
      html: await response.text(),
    };
  };
  const postForm = (token: string, form: string) =>
    fetch(`${hub.url}/q/${token}/rating`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'manual',
    });
  const kioskOffer = async (token: string) =>
    RatingOffer.parse((await postJson(`${hub.url}/v1/kiosk/rating/offer`, { followToken: token }, kiosk.headers)).body);
  const kioskRate = async (token: string, score: number, reasons: string[]) =>
    RatingAnswer.parse(
      (await postJson(`${hub.url}/v1/kiosk/rating`, { followToken: token, score, reasons }, kiosk.headers)).body,
    );
  const summary = (fromDay = '2026-11-01', toDay = '2026-12-31') => {
    const db = new Database(hub.dbPath, { readonly: true });
    try {
      return new SqliteRatingStore(db).summarize(DEMO_OFFICE_ID, fromDay, toDay);
    } finally {
      db.close();
    }
  };

  it('offers the rating only after the operator finished the visit, and takes it once from the follow page', async () => {
    const ticket = await issue();
    expect(await kioskOffer(ticket.token)).toEqual({ outcome: 'not_yet' });
    expect((await page(ticket.token)).html).not.toContain('class="rating"');
    expect((await postForm(ticket.token, 'score=5')).status).toBe(303);
    expect(await summary()).toEqual([]);

    await visit('3');
    const served = await page(ticket.token);
    expect(served.html).toContain('<form class="rating" method="post"');
    expect(served.html).toContain('Время ожидания в очереди');
    // The page's CSP lets its form post to the hub, and nowhere else.
    expect(served.csp).toContain("form-action 'self'");

    const posted = await postForm(ticket.token, 'score=2&reason=waiting_time&reason=staff&reason=waiting_time');
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`/q/${ticket.token}`);
    const thanked = await page(ticket.token);
    expect(thanked.html).toContain('Спасибо за оценку');
    expect(thanked.html).not.toContain('class="rating"');

    // A second rating, from the page or a kiosk, changes nothing.
    expect((await postForm(ticket.token, 'score=5')).status).toBe(303);
    expect(await kioskOffer(ticket.token)).toEqual({ outcome: 'already_rated' });
    expect(await kioskRate(ticket.token, 5, [])).toEqual({ outcome: 'already_rated' });
    expect(await summary()).toEqual([
      {
        serviceId: 'pension-consult',
        window: '3',
        count: 1,
        scoreSum: 2,
        reasons: { waiting_time: { low: 1, high: 0 }, staff: { low: 1, high: 0 } },
      },
    ]);
  });

  it('answers a form without a score with the page and the problem, and takes nothing', async () => {
    const ticket = await issue();
    await visit('3');
    for (const form of ['reason=staff', 'score=9', 'score=3&reason=bribes']) {
      const answer = await postForm(ticket.token, form);
      expect(answer.status, form).toBe(400);
      // The public pages' headers, as the follow page's own.
      expect(answer.headers.get('content-security-policy'), form).toContain("form-action 'self'");
      expect(answer.headers.get('x-frame-options'), form).toBe('DENY');
      expect(answer.headers.get('x-content-type-options'), form).toBe('nosniff');
      expect(answer.headers.get('cache-control'), form).toBe('no-store');
      const html = await answer.text();
      expect(html).toContain('Выберите оценку от 1 до 5');
      expect(html).toContain('<form class="rating"');
    }
    expect(await kioskOffer(ticket.token)).toMatchObject({ outcome: 'open' });
    expect((await postForm(ticket.token, 'score=4&reason=comfort')).status).toBe(303);
  });

  it('lets a kiosk offer and take a rating by the scanned token; a missed visit has nothing to rate', async () => {
    const ticket = await issue();
    await visit('5');
    expect(await kioskOffer(ticket.token)).toEqual({
      outcome: 'open',
      officeName: expect.any(String),
      serviceName: expect.any(String),
      number: ticket.number,
      window: '5',
      lastDay: '2026-11-26',
    });
    expect(await kioskRate(ticket.token, 5, ['staff', 'information'])).toEqual({ outcome: 'stored' });

    const missed = await issue();
    await visit('5', 'no_show');
    expect(await kioskOffer(missed.token)).toEqual({ outcome: 'closed' });
    expect(await kioskOffer('A'.repeat(22))).toEqual({ outcome: 'not_found' });
    // Without a kiosk's credential the kiosk routes answer 401.
    expect((await postJson(`${hub.url}/v1/kiosk/rating/offer`, { followToken: ticket.token })).status).toBe(401);
  });

  it("takes a rating a kiosk delivered through its outbox, by the token's hash, once", async () => {
    const ticket = await issue();
    await visit('6');
    const item = {
      id: randomUUID(),
      kind: RATING_OUTBOX_KIND,
      at: new Date(clock.now()).toISOString(),
      payload: {
        followTokenHash: createHash('sha256').update(ticket.token).digest('hex'),
        score: 1,
        reasons: ['service_time'],
      },
    };
    expect((await postJson(`${hub.url}/v1/outbox`, { items: [item] }, kiosk.headers)).status).toBe(200);
    expect(await kioskOffer(ticket.token)).toEqual({ outcome: 'already_rated' });
    // The same rating again under a new item id is not counted twice.
    await postJson(`${hub.url}/v1/outbox`, { items: [{ ...item, id: randomUUID() }] }, kiosk.headers);
    const window6 = (await summary()).find((group) => group.window === '6');
    expect(window6).toEqual({
      serviceId: 'pension-consult',
      window: '6',
      count: 1,
      scoreSum: 1,
      reasons: { service_time: { low: 1, high: 0 } },
    });
  });

  it('looks the ticket up once per follow page: a rated visit, a waiting ticket, an offline ticket not received yet', async () => {
    const lookups = vi.spyOn(hub.repository, 'findTicketByFollowTokenHash');
    try {
      const served = await issue();
      await visit('4');
      const waiting = await issue();
      const pages = [
        { token: served.token, shows: '<form class="rating"' },
        { token: waiting.token, shows: waiting.number },
        { token: `o_${'B'.repeat(22)}`, shows: 'данные скоро появятся' },
      ];
      for (const { token, shows } of pages) {
        lookups.mockClear();
        const answer = await page(token);
        expect(answer.html, token).toContain(shows);
        expect(lookups, token).toHaveBeenCalledTimes(1);
      }
      await visit('4', 'no_show'); // the queue left empty for the tests after
    } finally {
      lookups.mockRestore();
    }
  });

  it('refuses a kiosk the tickets of an office it is not registered to, by its routes and its outbox', async () => {
    const ticket = await issue();
    await visit('8');
    const code = await new HubAdmin(hub.repository).createCode('mfc-demo-02', 1, 'kiosk-rating-elsewhere');
    const elsewhere = await enrollKiosk(hub.url, 'kiosk-rating-elsewhere', code.code);
    const offer = await postJson(`${hub.url}/v1/kiosk/rating/offer`, { followToken: ticket.token }, elsewhere.headers);
    expect(RatingOffer.parse(offer.body)).toEqual({ outcome: 'not_found' });
    const rated = await postJson(
      `${hub.url}/v1/kiosk/rating`,
      { followToken: ticket.token, score: 1, reasons: [] },
      elsewhere.headers,
    );
    expect(RatingAnswer.parse(rated.body)).toEqual({ outcome: 'not_found' });
    const item = {
      id: randomUUID(),
      kind: RATING_OUTBOX_KIND,
      at: new Date(clock.now()).toISOString(),
      payload: { followTokenHash: createHash('sha256').update(ticket.token).digest('hex'), score: 1, reasons: [] },
    };
    expect((await postJson(`${hub.url}/v1/outbox`, { items: [item] }, elsewhere.headers)).status).toBe(200);
    expect(hub.log.text()).toContain('rating refused: the ticket is of another office than the kiosk');
    // Nothing was taken: the office's own kiosk may still rate the visit.
    expect(await kioskOffer(ticket.token)).toMatchObject({ outcome: 'open' });
  });

  it('keeps the rating open on the follow page for three more days, then closes it', async () => {
    const ticket = await issue();
    await visit('7');
    clock.advance(3 * DAY);
    const later = await page(ticket.token);
    expect(later.status).toBe(200);
    expect(later.html).toContain(ticket.number);
    expect(later.html).toContain('<form class="rating"');
    expect(later.html).toContain('до 26.11.2026 включительно');
    clock.advance(DAY);
    expect(await kioskOffer(ticket.token)).toEqual({ outcome: 'closed' });
    expect((await page(ticket.token)).status).toBe(404);
    clock.advance(-4 * DAY);
  });
});

describe('the rating form', () => {
  it('reads a score 1–5 and the known reasons, each once, in the criteria order', () => {
    expect(parseRatingForm('score=4&reason=staff&reason=comfort&reason=staff')).toEqual({
      ok: true,
      rating: { score: 4, reasons: ['staff', 'comfort'] },
    });
    expect(parseRatingForm('score=1')).toEqual({ ok: true, rating: { score: 1, reasons: [] } });
    for (const bad of ['', 'score=0', 'score=6', 'score=4.5', 'score=%201', 'score=3&reason=other']) {
      expect(parseRatingForm(bad), bad).toEqual({ ok: false });
    }
  });
});
