import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMissing, useTestPostgres } from '../../test/support/postgres';
import { isoDateIn } from '../db/demo-seed';
import { PostgresFleetRepository } from '../db/postgres/postgres-fleet-repository';
import { PostgresHubRepository } from '../db/postgres/postgres-hub-repository';
import { PostgresPaymentsRepository } from '../db/postgres/postgres-payments-repository';
import { openSqliteDatabase } from '../db/sqlite/open-sqlite-database';
import { SqliteFleetRepository } from '../db/sqlite/sqlite-fleet-repository';
import { SqliteHubRepository } from '../db/sqlite/sqlite-hub-repository';
import { SqlitePaymentsRepository } from '../db/sqlite/sqlite-payments-repository';
import {
  buildAdminCli,
  enrollKiosk,
  postJson,
  runAdminCli,
  startTestHub,
  type TestHub,
} from '../test/hub-test-support';

/**
 * `admin.js migrate-store`, as an admin moves a hub: a demo hub on SQLite does a morning's work
 * (kiosks enrolled, tickets issued, an application looked up), stops, and its file is copied into
 * a fresh PostgreSQL database by the CLI's bundle; then each PostgreSQL store answers what the
 * SQLite store answers about the same things.
 */
describe.skipIf(postgresMissing())('admin.js migrate-store: a hub moved from SQLite to PostgreSQL', () => {
  const server = useTestPostgres();
  let cli: string;
  let hub: TestHub | undefined;

  beforeAll(async () => {
    cli = await buildAdminCli();
  }, 120_000);
  afterAll(async () => {
    await hub?.dispose();
  });

  it('copies every table, and the stores on PostgreSQL answer as they did on SQLite', async () => {
    hub = await startTestHub();
    const kiosk = await enrollKiosk(hub.url, 'kiosk-move-01');
    const tickets: string[] = [];
    for (const serviceId of ['passport-rf', 'passport-rf', 'property-extract']) {
      const answer = await postJson(`${hub.url}/v1/tickets`, { ticketId: randomUUID(), serviceId }, kiosk.headers);
      expect(answer.status).toBe(200);
      tickets.push((answer.body as { ticket: { ticketId: string } }).ticket.ticketId);
    }
    const office = kiosk.officeId;
    const day = isoDateIn(new Date(), hub.config.timeZone);
    await hub.close();

    const database = await server().createDatabase();
    const { port } = server();
    const moved = await runAdminCli(cli, hub.dbPath, [
      'migrate-store',
      '--to',
      `postgres://okno@127.0.0.1:${port}/${database}`,
    ]);
    expect(moved.stderr).toBe('');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(/^PostgreSQL schema: version 0 → \d+$/m);
    expect(moved.stdout).toMatch(/^kiosks: 1 rows$/m);
    // Every table of the file, with as many rows as it has (the demo's served tickets and these three).
    const { db: file } = openSqliteDatabase(hub.dbPath);
    try {
      const tables = file
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> 'schema_migrations'",
        )
        .all() as { name: string }[];
      for (const { name } of tables) {
        const { n } = file.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number };
        expect(moved.stdout).toContain(`\n${name}: ${n} rows\n`);
      }
      expect(tables.length).toBeGreaterThan(30);
    } finally {
      file.close();
    }

    const { db } = openSqliteDatabase(hub.dbPath);
    const pool = new pg.Pool(server().config(database));
    const sqlite = new SqliteHubRepository(db);
    const postgres = new PostgresHubRepository(pool);
    try {
      expect(await postgres.listKiosks()).toEqual(await sqlite.listKiosks());
      expect(await postgres.listQueue(office, day)).toEqual(await sqlite.listQueue(office, day));
      for (const ticketId of tickets)
        expect(await postgres.findTicket(ticketId)).toEqual(await sqlite.findTicket(ticketId));
      for (const office of await sqlite.listQueueOffices()) {
        expect(await postgres.findOfficeCatalogue(office.id)).toEqual(await sqlite.findOfficeCatalogue(office.id));
      }
      expect(await postgres.listAdminAudit(100)).toEqual(await sqlite.listAdminAudit(100));
      const payments = [new SqlitePaymentsRepository(db), new PostgresPaymentsRepository(pool)] as const;
      expect(await payments[1].paymentsOfDay(office, day)).toEqual(await payments[0].paymentsOfDay(office, day));
      const fleet = [new SqliteFleetRepository(db), new PostgresFleetRepository(pool)] as const;
      expect(await fleet[1].listHealth()).toEqual(await fleet[0].listHealth());
      // A ticket issued after the move takes the next number, not one the SQLite hub gave out.
      const prefix = (await sqlite.findTicket(tickets[0] as string))?.prefix ?? '';
      const issued = (await sqlite.listQueue(office, day)).filter((ticket) => ticket.prefix === prefix);
      expect(issued).toHaveLength(2);
      const next = await postgres.issueTicket({
        ticketId: randomUUID(),
        officeId: office,
        kioskId: kiosk.kioskId,
        serviceId: 'passport-rf',
        prefix,
        day,
        issuedAt: new Date().toISOString(),
        source: 'kiosk',
        priority: false,
        followTokenHash: 'a'.repeat(64),
      });
      expect(next.outcome).toBe('issued');
      if (next.outcome === 'issued') {
        expect(issued.map((ticket) => ticket.number)).not.toContain(next.ticket.number);
      }
    } finally {
      db.close();
      await pool.end();
    }

    // Copied once: the same move again is refused, the database left as it was.
    const again = await runAdminCli(cli, hub.dbPath, [
      'migrate-store',
      '--to',
      `postgres://okno@127.0.0.1:${port}/${database}`,
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty: copy into a new database only/);
  });
});
