import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubError } from '../../kiosk-config/src/hub/hub-api';
import { OperatorQueueView } from '../../kiosk-config/src/hub/operator-api';
import {
  CallNextResponse,
  FinishTicketResponse,
  FollowView,
  type HubTicket,
  TicketIssueResponse,
} from '../../kiosk-config/src/hub/queue-api';
import { DEMO_OFFICE_ID, DEMO_OPERATOR_TOKEN_ID } from '../db/demo-seed';
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
import { FOLLOW_PAGE_CSP } from './queue/follow-page';

const MINUTE = 60_000;

describe('operators, follow links and the wait estimate over HTTP', () => {
  let hub: TestHub;
  let clock: TestClock;
  let kiosk: TestKiosk;
  const operator = operatorHeaders();

  beforeAll(async () => {
    clock = testClock('2026-11-23T07:00:00Z'); // Monday 10:00 in Moscow
    hub = await startTestHub({ now: clock.now, config: { demoOperatorToken: TEST_OPERATOR_TOKEN } });
    kiosk = await enrollKiosk(hub.url, 'kiosk-operator');
  });
  afterAll(async () => {
    await hub.dispose();
  });

  const issue = async (serviceId: string): Promise<HubTicket> => {
    const answer = TicketIssueResponse.parse(
      (await postJson(`${hub.url}/v1/tickets`, { ticketId: randomUUID(), serviceId }, kiosk.headers)).body,
    );
    if (answer.outcome !== 'issued') throw new Error(answer.outcome);
    return answer.ticket;
  };
  const follow = async (ticket: HubTicket) =>
    FollowView.parse((await getJson(ticket.followUrl.replace('/q/', '/v1/follow/'))).body);
  const callNext = async (window: string, prefixes?: string[]) =>
    CallNextResponse.parse(
      (
        await postJson(
          `${hub.url}/v1/operator/call-next`,
          { officeId: DEMO_OFFICE_ID, window, ...(prefixes ? { prefixes } : {}) },
          operator,
        )
      ).body,
    );
  const finish = (ticketId: string, outcome: 'served' | 'no_show', headers = operator) =>
    postJson(`${hub.url}/v1/operator/tickets/${ticketId}/finish`, { outcome }, headers);

  it('refuses operator calls without a token, with a wrong or revoked one, and for another office', async () => {
    const queueUrl = `${hub.url}/v1/operator/offices/${DEMO_OFFICE_ID}/queue`;
    const cases: [Record<string, string>, string][] = [
      [{}, 'missing_token'],
      [{ authorization: 'Bearer' }, 'missing_token'],
      [operatorHeaders('wrong-token-0123456789abcdef'), 'unknown_token'],
    ];
    for (const [headers, reason] of cases) {
      const answer = await getJson(queueUrl, headers);
      expect(answer.status, reason).toBe(401);
      expect(HubError.parse(answer.body).code).toBe('unauthorized');
      expect(hub.log.lines()).toContainEqual(
        expect.objectContaining({ msg: 'operator authentication failed', reason }),
      );
    }
    // A kiosk's credential is not an operator token.
    expect((await getJson(queueUrl, kiosk.headers)).status).toBe(401);
    const other = await getJson(`${hub.url}/v1/operator/offices/mfc-demo-02/queue`, operator);
    expect(other.status).toBe(401);
    expect(HubError.parse(other.body).message).toMatch(/another office/);
    const otherCall = await postJson(
      `${hub.url}/v1/operator/call-next`,
      { officeId: 'mfc-demo-02', window: '1' },
      operator,
    );
    expect(otherCall.status).toBe(401);

    // A revoked token stops working at once.
    const { HubAdmin } = await import('../admin/admin-commands');
    const admin = new HubAdmin(hub.repository);
    const issued = await admin.createOperatorToken(DEMO_OFFICE_ID, 'окно 9');
    expect((await getJson(queueUrl, operatorHeaders(issued.token))).status).toBe(200);
    await admin.revokeOperatorToken(issued.id);
    expect((await getJson(queueUrl, operatorHeaders(issued.token))).status).toBe(401);
    expect(hub.log.text()).not.toContain(issued.token);
    expect(hub.log.text()).not.toContain(TEST_OPERATOR_TOKEN);
    expect((await admin.listOperatorTokens()).map((t) => t.id)).toContain(DEMO_OPERATOR_TOKEN_ID);
  });

  it('calls booked visitors first, then in order; finishing and calling next move the queue and the estimate', async () => {
    // Queue В has no history: the estimate starts from the catalogue's 15 minutes.
    const tickets = [await issue('pension-consult'), await issue('pension-consult'), await issue('pension-consult')];
    expect(tickets.map((t) => t.number)).toEqual(['В-001', 'В-002', 'В-003']);
    const last = tickets[2] as HubTicket;
    expect(last).toMatchObject({ peopleAhead: 2, wait: { minMinutes: 20, maxMinutes: 40, basis: 'typical' } });

    const queue = OperatorQueueView.parse(
      (await getJson(`${hub.url}/v1/operator/offices/${DEMO_OFFICE_ID}/queue`, operator)).body,
    );
    expect(queue.waiting.filter((t) => t.number.startsWith('В')).map((t) => t.number)).toEqual([
      'В-001',
      'В-002',
      'В-003',
    ]);
    expect(Object.keys(queue.waiting[0] ?? {}).sort()).toEqual(
      ['issuedAt', 'number', 'priority', 'serviceId', 'serviceName', 'ticketId'].sort(),
    );

    // Window 4 serves queue В only; five visitors in a row, 10 minutes each, build a recent history.
    const first = await callNext('4', ['В']);
    expect(first).toMatchObject({ outcome: 'called', ticket: { number: 'В-001', priority: false } });
    expect(await follow(last)).toMatchObject({ state: 'waiting', peopleAhead: 1 });
    const called = await follow(tickets[0] as HubTicket);
    expect(called).toMatchObject({ state: 'called', window: '4', peopleAhead: 0, wait: null });
    const page = await fetch((tickets[0] as HubTicket).followUrl);
    expect(await page.text()).toContain('Вас вызывают к окну 4');

    clock.advance(10 * MINUTE);
    const finished = await finish((tickets[0] as HubTicket).ticketId, 'served');
    expect(FinishTicketResponse.parse(finished.body)).toEqual({
      ticketId: (tickets[0] as HubTicket).ticketId,
      state: 'served',
    });
    // Finishing again changes nothing.
    const again = await finish((tickets[0] as HubTicket).ticketId, 'no_show');
    expect(FinishTicketResponse.parse(again.body).state).toBe('served');
    // A waiting ticket cannot be finished.
    expect((await finish(last.ticketId, 'served')).status).toBe(400);
    expect((await finish(randomUUID(), 'served')).status).toBe(404);

    for (let i = 0; i < 4; i++) {
      const more = await issue('pension-consult');
      expect(more.peopleAhead).toBeGreaterThan(0);
    }
    // Call next without finishing: the previous visitor at the window counts as served.
    for (let i = 0; i < 5; i++) {
      expect((await callNext('4', ['В'])).outcome).toBe('called');
      clock.advance(10 * MINUTE);
    }
    const durations = await hub.repository.listServiceDurations(DEMO_OFFICE_ID, 'В', '2026-11-01T00:00:00Z', 30);
    expect(durations).toEqual(Array(5).fill(10 * MINUTE));

    // Now estimates of queue В come from those 10-minute visits.
    const waiting = await issue('pension-consult');
    expect(waiting.peopleAhead).toBe(1);
    expect(waiting.wait).toEqual({ minMinutes: 10, maxMinutes: 15, basis: 'recent' });
    const view = await follow(waiting);
    expect(view).toMatchObject({ state: 'waiting', peopleAhead: 1, wait: { basis: 'recent' } });
  });

  it('answers empty when a window has nobody to call in its queues', async () => {
    expect(await callNext('7', ['Я'])).toEqual({ outcome: 'empty' });
  });

  it('serves the follow page with a strict CSP, and a 404 page for unknown tokens', async () => {
    const ticket = await issue('property-extract');
    const page = await fetch(ticket.followUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(FOLLOW_PAGE_CSP);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain(`<p class="number">${ticket.number}</p>`);
    expect(html).toContain('Ожидайте');
    expect(html).toContain('<meta http-equiv="refresh" content="30">');
    expect(html).toContain('Выписка из ЕГРН');

    for (const token of ['AAAAAAAAAAAAAAAAAAAAAA', 'short', '%3Cscript%3E', 'x'.repeat(90)]) {
      const missing = await fetch(`${hub.url}/q/${token}`);
      expect(missing.status, token).toBe(404);
      expect(missing.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await missing.text()).toContain('Талон не найден');
      const json = await getJson(`${hub.url}/v1/follow/${token}`);
      expect(json.status).toBe(404);
      expect(HubError.parse(json.body).code).toBe('not_found');
    }
  });

  it('shows a served ticket as served, without reloading', async () => {
    const ticket = await issue('passport-foreign');
    const called = await callNext('5', ['Б']);
    expect(called).toMatchObject({ outcome: 'called', ticket: { number: ticket.number } });
    expect((await finish(ticket.ticketId, 'served')).status).toBe(200);
    expect(await follow(ticket)).toMatchObject({ state: 'served', peopleAhead: 0, wait: null });
    const html = await (await fetch(ticket.followUrl)).text();
    expect(html).toContain('Обслужен');
    expect(html).not.toContain('http-equiv="refresh"');
  });

  it('never writes follow tokens to its log', () => {
    expect(hub.log.text()).not.toMatch(/\/q\/[A-Za-z0-9_-]{22}/);
  });
});
