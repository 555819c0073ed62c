import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/eventually';
import { postgresMissing, useTestPostgres } from '../../test/support/postgres';
import { enrollKiosk, getJson, launchPostgresTestHub, openStream, postJson } from '../test/hub-test-support';
import type { LaunchedHub } from './start-hub';

/**
 * The hub on PostgreSQL (`startHub({ postgres })`, `main.js --store`): two instances on one
 * database and one data folder, as behind a load balancer. A kiosk enrolled through one is known
 * to the other, tickets issued through both at random take each number once, and an instance
 * stopping leaves the other serving, its data kept for the next start.
 */
describe.skipIf(postgresMissing())('hub instances on one PostgreSQL database', () => {
  const server = useTestPostgres();
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function instances(count: number): Promise<{ start: () => Promise<LaunchedHub> }> {
    const url = `postgres://okno@127.0.0.1:${server().port}/${await server().createDatabase()}`;
    const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-hub-pg-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const start = async () => {
      // No polling within a test: what other instances change can reach this one only by its signals.
      const hub = await launchPostgresTestHub(url, dataDir, { changePollMs: 3_600_000 });
      cleanups.push(() => hub.close());
      return hub;
    };
    expect(count).toBeGreaterThan(0);
    return { start };
  }

  it('serves one fleet from two instances: enrolled on one, known to the other; tickets numbered once across both', async () => {
    const { start } = await instances(2);
    const a = await start();
    const b = await start();
    for (const hub of [a, b]) expect((await getJson(`${hub.url}/readyz`)).status).toBe(200);

    const kiosk = await enrollKiosk(a.url, 'kiosk-pg-01');
    const lookup = await postJson(
      `${b.url}/v1/status/lookup`,
      { applicationNumber: 'КУВД-001/2021-3670443' },
      kiosk.headers,
    );
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ outcome: 'found' });

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postJson(
          `${(i % 3 === 0 ? a : b).url}/v1/tickets`,
          { ticketId: randomUUID(), serviceId: 'passport-rf' },
          kiosk.headers,
        ),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    const numbers = answers.map((answer) => (answer.body as { ticket: { number: string } }).ticket.number);
    expect(new Set(numbers).size).toBe(20);
    const digits = numbers.map((number) => Number(number.replace(/\D/g, ''))).sort((x, y) => x - y);
    expect((digits.at(-1) ?? 0) - (digits[0] ?? 0)).toBe(19);
  });

  it('keeps serving through the other instance while one stops, and finds everything again at its next start', async () => {
    const { start } = await instances(2);
    const a = await start();
    const b = await start();
    const kiosk = await enrollKiosk(a.url, 'kiosk-pg-02');
    const ticketId = randomUUID();
    const first = await postJson(`${a.url}/v1/tickets`, { ticketId, serviceId: 'passport-rf' }, kiosk.headers);
    await a.close();
    // A retry of the same ticket reaching the other instance gets the same ticket.
    const retried = await postJson(`${b.url}/v1/tickets`, { ticketId, serviceId: 'passport-rf' }, kiosk.headers);
    expect(retried.status).toBe(200);
    const ticketOf = (answer: { body: unknown }) =>
      (answer.body as { ticket: { ticketId: string; number: string } }).ticket;
    expect(ticketOf(retried).ticketId).toBe(ticketId);
    expect(ticketOf(retried).number).toBe(ticketOf(first).number);
    await b.close();

    const again = await start();
    expect((await again.repository.findKiosk('kiosk-pg-02'))?.officeId).toBe(kiosk.officeId);
    expect((await again.repository.findTicket(ticketId))?.number).toBe(
      (first.body as { ticket: { number: string } }).ticket.number,
    );
  });

  it('tells a kiosk streaming from one instance of a command issued on the other at once (LISTEN/NOTIFY)', async () => {
    const { start } = await instances(2);
    const a = await start();
    const b = await start();
    const kiosk = await enrollKiosk(a.url, 'kiosk-pg-03');
    const stream = await openStream(`${a.url}/v1/events`, kiosk.headers);
    try {
      await eventually(() => stream.text().includes('event: keepalive'), 'the stream opening');
      expect(stream.text()).not.toContain('event: command');
      const issued = await b.hub.commands?.issueCommand({
        kioskId: kiosk.kioskId,
        kind: 'service.in',
        issuer: 'Петров',
      });
      expect(issued?.ok).toBe(true);
      await eventually(() => stream.text().includes('event: command'), 'the command nudge through instance A');
    } finally {
      stream.response.destroy();
    }
  });
});
