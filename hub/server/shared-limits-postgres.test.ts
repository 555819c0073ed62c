import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HubError } from '../../kiosk-config/src/hub/hub-api';
import { eventually } from '../../test/support/eventually';
import { postgresMissing, useTestPostgres } from '../../test/support/postgres';
import { usePools } from '../../test/support/postgres-pools';
import {
  enrollKiosk,
  type JsonAnswer,
  newRequestSecret,
  postJson,
  type TestKiosk,
  testClock,
} from '../test/hub-test-support';
import { usePostgresHubInstances } from '../test/postgres-hub-instances';

const START = '2026-11-23T09:00:00.000Z'; // Monday 12:00 in Moscow: the demo office is open
const NUMBER = 'КУВД-001/2021-3670443';

/**
 * The hub's rate limits with two instances on one PostgreSQL database, each kiosk's requests going
 * to one instance as the balancer routes them (by `X-Okno-Kiosk`): the limits keyed by what
 * reaches several instances (an application number, a client address, an office) hold across
 * both; those keyed by a kiosk stay in each instance's memory.
 */
describe.skipIf(postgresMissing())('rate limits shared by hub instances on PostgreSQL', () => {
  const server = useTestPostgres();
  const instances = usePostgresHubInstances(server);
  const pool = usePools();

  const lookup = (hubUrl: string, kiosk: TestKiosk, applicationNumber = NUMBER) =>
    postJson(`${hubUrl}/v1/status/lookup`, { applicationNumber }, kiosk.headers);
  const ticket = (hubUrl: string, kiosk: TestKiosk) =>
    postJson(`${hubUrl}/v1/tickets`, { ticketId: randomUUID(), serviceId: 'pension-consult' }, kiosk.headers);
  /** The 429s are the hub's `rate_limited` answer with a Retry-After of `seconds` at most. */
  const expectRefused = (answers: JsonAnswer[], seconds: number) => {
    for (const answer of answers) {
      expect(answer.status).toBe(429);
      expect(HubError.parse(answer.body).code).toBe('rate_limited');
      const retryAfter = Number(answer.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(seconds);
    }
  };

  it('holds the per-number lookup limit across both instances, and prunes its rows once the window has passed', async () => {
    const clock = testClock(START);
    const { database, start } = await instances({
      now: clock.now,
      config: { lookupLimitPerNumber: { limit: 4, windowSeconds: 3600 } },
    });
    const [a, b] = [await start(), await start()];
    const [onA, onB] = [await enrollKiosk(a.url, 'kiosk-lookup-a'), await enrollKiosk(b.url, 'kiosk-lookup-b')];
    const answers: JsonAnswer[] = [];
    for (let i = 0; i < 7; i += 1) answers.push(await (i % 2 === 0 ? lookup(a.url, onA) : lookup(b.url, onB)));
    expect(answers.slice(0, 4).map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expectRefused(answers.slice(4), 3600);
    expect(HubError.parse(answers[4]?.body).message).toMatch(/application number/);

    const db = pool(server().config(database));
    const rows = async () => (await db.query<{ name: string }>('SELECT name FROM rate_limit_hits')).rows;
    expect((await rows()).map((row) => row.name)).toContain('lookup-per-number');
    clock.advance(3_600_000);
    // Housekeeping on either instance prunes the shared rows whose window has passed.
    b.hub.sweep();
    await eventually(async () => !(await rows()).some((row) => row.name === 'lookup-per-number'), 'the rows pruned');
    expect((await lookup(a.url, onA)).status).toBe(200);
  });

  it('holds the per-office ticket limit across two kiosks of one office on different instances', async () => {
    const { start } = await instances({
      now: testClock(START).now,
      config: { ticketLimitsPerOffice: [{ limit: 5, windowSeconds: 86_400 }] },
    });
    const [a, b] = [await start(), await start()];
    const [onA, onB] = [await enrollKiosk(a.url, 'kiosk-office-a'), await enrollKiosk(b.url, 'kiosk-office-b')];
    expect(onA.officeId).toBe(onB.officeId);
    const answers: JsonAnswer[] = [];
    for (let i = 0; i < 8; i += 1) answers.push(await (i % 2 === 0 ? ticket(a.url, onA) : ticket(b.url, onB)));
    expect(answers.slice(0, 5).map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expectRefused(answers.slice(5), 86_400);
    expect(HubError.parse(answers[5]?.body).message).toMatch(/office/);
    expect(a.log.text()).toMatch(/ticket rate limited/);
  });

  it('holds the enrollment limit per client address across both instances', async () => {
    const { start } = await instances({ config: { enrollLimitPerAddress: { limit: 3, windowSeconds: 600 } } });
    const [a, b] = [await start(), await start()];
    const answers: JsonAnswer[] = [];
    for (let i = 0; i < 5; i += 1) {
      answers.push(
        await postJson(`${(i % 2 === 0 ? a : b).url}/v1/kiosks/enroll`, {
          kioskId: `kiosk-enroll-${i}`,
          enrollmentCode: 'WRONG-CODE-0000-0000',
          requestSecret: newRequestSecret(),
        }),
      );
    }
    expect(answers.slice(0, 3).map((answer) => answer.status)).toEqual([401, 401, 401]);
    expectRefused(answers.slice(3), 600);
  });

  it('keeps the per-kiosk limits in each instance’s memory: no rows for them, and personal keys only hashed', async () => {
    const { database, start } = await instances({
      now: testClock(START).now,
      config: { lookupLimitPerKiosk: { limit: 2, windowSeconds: 60 } },
    });
    const [a, b] = [await start(), await start()];
    const kiosk = await enrollKiosk(a.url, 'kiosk-memory');
    expect((await ticket(a.url, kiosk)).status).toBe(200);
    const numbers = ['2345678901', '1111111111', '2222222222'];
    const statuses = [];
    for (const number of numbers) statuses.push((await lookup(a.url, kiosk, number)).status);
    expect(statuses).toEqual([200, 200, 429]);
    // Counted by instance A alone: that is why the balancer must send a kiosk's requests to one instance.
    expect((await lookup(b.url, kiosk, '3333333333')).status).toBe(200);

    const db = pool(server().config(database));
    const { rows } = await db.query<{ name: string; key: string }>('SELECT name, key FROM rate_limit_hits');
    expect(new Set(rows.map((row) => row.name))).toEqual(
      new Set(['enroll-per-address', 'ticket-per-office', 'lookup-per-number']),
    );
    const keys = rows.map((row) => row.key).join(' ');
    expect(keys).not.toContain('kiosk-memory');
    for (const number of numbers) expect(keys).not.toContain(number);
    expect(keys).not.toContain('127.0.0.1');
    expect(rows.find((row) => row.name === 'ticket-per-office')?.key).toBe(kiosk.officeId);
  });

  it('counts in the instance’s memory while the shared limits fail, serving lookups, and shares again once they answer', async () => {
    const { database, start } = await instances({
      now: testClock(START).now,
      config: { lookupLimitPerNumber: { limit: 2, windowSeconds: 3600 } },
    });
    const a = await start();
    const kiosk = await enrollKiosk(a.url, 'kiosk-outage');
    const db = pool(server().config(database));
    await db.query('ALTER TABLE rate_limit_hits RENAME TO rate_limit_hits_away');
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await lookup(a.url, kiosk)).status);
    // Neither refused for the limiter's failure (closed) nor let through uncounted (open).
    expect(statuses).toEqual([200, 200, 429]);
    expect(a.log.text().match(/shared rate limit unavailable/g)).toHaveLength(1);
    await db.query('ALTER TABLE rate_limit_hits_away RENAME TO rate_limit_hits');
    // Shared again: the table has seen none of this number's hits.
    expect((await lookup(a.url, kiosk)).status).toBe(200);
    expect(a.log.text()).toMatch(/shared rate limit available again/);
    const { rows } = await db.query<{ n: number }>(
      "SELECT cardinality(hits) AS n FROM rate_limit_hits WHERE name = 'lookup-per-number'",
    );
    expect(rows).toEqual([{ n: 1 }]);
  });
});
