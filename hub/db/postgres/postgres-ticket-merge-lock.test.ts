import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/eventually';
import { postgresMissing, useTestPostgres } from '../../../test/support/postgres';
import { endPool } from '../../../test/support/postgres-pools';
import { PostgresHubRepository } from './postgres-hub-repository';
import { lockKey } from './postgres-transaction';

const AT = '2026-12-07T09:00:00.000Z';

/**
 * A kiosk that gave up waiting for its ticket reports it `ticket.abandoned` while the hub may
 * still be issuing it (found by test/integration/hub-two-instances-kill.test.ts under load). The
 * merge must wait for that issue and drop the ticket, not find nothing and leave the ticket, once
 * committed, waiting with nobody holding it.
 */
describe.skipIf(postgresMissing())('an abandonment merged while its ticket is being issued (PostgreSQL)', () => {
  const server = useTestPostgres();
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('waits for the issue in progress, then drops the ticket', async () => {
    const config = server().config(await server().createDatabase());
    const { repository } = await PostgresHubRepository.open(config);
    cleanups.push(() => repository.close());
    await repository.upsertOffice({ id: 'o1', name: 'Office o1', regionId: 'r1' });
    const enrolled = await repository.enrollWithToken({
      kioskId: 'k1',
      officeId: 'o1',
      requestSecretHash: 'secret-k1',
      newRequestId: 'req-k1',
      credentialHash: 'cred-k1',
      at: AT,
      autoApproveNewKiosks: true,
    });
    expect(enrolled.status).toBe('enrolled');

    // Another instance's issue of this ticket, held in progress: it holds the ticket id's lock
    // (as `issueTicket` takes it first) until this test lets it go on.
    const ticketId = randomUUID();
    const pool = new pg.Pool(config);
    cleanups.push(() => endPool(pool));
    const holder = await pool.connect();
    await holder.query('BEGIN');
    await lockKey(holder, `ticket:${ticketId}`);
    const issuing = repository.issueTicket({
      ticketId,
      officeId: 'o1',
      kioskId: 'k1',
      serviceId: 's1',
      prefix: 'А',
      day: '2026-12-07',
      issuedAt: AT,
      source: 'kiosk',
      priority: false,
      followTokenHash: randomUUID(),
    });
    const waiting = async () =>
      Number(
        (
          await pool.query<{ n: string }>(
            "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
          )
        ).rows[0]?.n,
      );
    await eventually(async () => (await waiting()) === 1, 'the issue waiting for the ticket lock');

    const abandon = { id: randomUUID(), kind: 'ticket.abandoned', at: AT, payload: { ticketId } };
    const merging = repository.appendOutbox('k1', [abandon], AT, [{ itemId: abandon.id, kind: 'abandoned', ticketId }]);
    let settled = false;
    void merging.finally(() => {
      settled = true;
    });
    // The merge queues behind the issue (or, before the fix, finished at once finding nothing).
    await eventually(async () => settled || (await waiting()) === 2, 'the merge waiting or done');
    await holder.query('COMMIT');
    holder.release();

    expect((await issuing).outcome).toBe('issued');
    expect((await merging).merged.map((merge) => merge.result)).toEqual(['applied']);
    expect((await repository.findTicket(ticketId))?.state).toBe('dropped');
  });
});
