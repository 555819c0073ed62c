import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubAdmin } from '../../hub/admin/admin-commands';
import { DEMO_OFFICES } from '../../hub/db/demo-seed';
import { PostgresHubRepository } from '../../hub/db/postgres/postgres-hub-repository';
import { buildAdminCli } from '../../hub/test/hub-test-support';
import { bundleCrashChild, runCrashChild } from '../support/crash-child';
import { freePort } from '../support/free-port';
import {
  HUB_HAPROXY_CONFIG,
  haproxyMissing,
  type RunningHaproxy,
  selfSignedCertificate,
  startHaproxy,
} from '../support/haproxy';
import { type HubProcess, startHubProcess } from '../support/hub-process';
import { postgresMissing, useTestPostgres } from '../support/postgres';
import { endPool } from '../support/postgres-pools';
import type { FleetPlan, FleetResult } from './kiosk-fleet-child';

/** Simulated kiosks, spread over the demo's offices. */
const KIOSKS = 50;
/** How long they issue tickets and send outbox batches (ms), and when one hub is killed in that time. */
const RUN_MS = 16_000;
const KILL_AFTER_MS = 6_000;
/** How long they then have to deliver what their outboxes hold. */
const DRAIN_MS = 25_000;
const FORGED_ADDRESS = '203.0.113.7';

/**
 * Issue 18's exactly-once test: two hub processes from the bundle on one PostgreSQL, behind
 * HAProxy with the shipped configuration (build/hub/haproxy.cfg), 50 kiosks issuing tickets and
 * sending outbox batches through it, and `kill -9` of one hub mid-run. Afterwards, in the
 * database: numbers per office, queue and day are 1…N without a gap, every ticket a kiosk was told
 * is there once with the number it was told, every other ticket of theirs was abandoned by its
 * kiosk and dropped, every offline ticket merged once, and every outbox item acknowledged is
 * stored once, in the kiosk's order, its `seq` without gaps. How many calls failed during the
 * failover, and when, is printed, not asserted.
 */
describe.skipIf(postgresMissing() || haproxyMissing())('two hub processes behind HAProxy, one killed mid-run', () => {
  const server = useTestPostgres();
  let main: string;
  let fleet: string;
  let dir: string;
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    main = path.join(path.dirname(await buildAdminCli()), 'main.js');
    fleet = await bundleCrashChild('kiosk-fleet-child');
    dir = await mkdtemp(path.join(tmpdir(), 'okno-hub-kill-'));
  }, 120_000);

  afterAll(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    if (fleet) await rm(fleet, { force: true });
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loses no ticket number and no outbox item, and merges each once, when one of two hubs dies', async () => {
    const database = await server().createDatabase();
    const storeUrl = `postgres://okno@127.0.0.1:${server().port}/${database}`;
    const hubConfig = path.join(dir, 'hub.json');
    await writeFile(
      hubConfig,
      JSON.stringify({
        // HAProxy's address as the hubs see it: its X-Forwarded-For names the client.
        trustProxy: ['127.0.0.1'],
        // 50 kiosks issuing a ticket every half second or so: far above the real limits.
        ticketLimitsPerKiosk: [{ limit: 10_000, windowSeconds: 60 }],
        ticketLimitsPerOffice: [{ limit: 100_000, windowSeconds: 86_400 }],
        // All 50 enroll from one address (this machine's).
        enrollLimitPerAddress: { limit: 1_000, windowSeconds: 600 },
      }),
    );
    const dataDir = path.join(dir, 'data');
    const ports = [await freePort(), await freePort()] as const;
    const startHub = async (port: number): Promise<HubProcess> => {
      const hub = await startHubProcess(main, [
        ...['--store', storeUrl, '--data-dir', dataDir, '--port', String(port), '--config', hubConfig, '--demo'],
      ]);
      stops.push(() => hub.stop());
      return hub;
    };
    // One after the other: the first migrates and seeds, the second finds it done.
    const hub1 = await startHub(ports[0]);
    const hub2 = await startHub(ports[1]);

    const lbPort = await freePort();
    const certificate = await selfSignedCertificate(dir);
    const haproxy: RunningHaproxy = await startHaproxy(
      HUB_HAPROXY_CONFIG,
      {
        OKNO_LB_LOG: 'stderr',
        OKNO_LB_BIND: `127.0.0.1:${lbPort}`,
        OKNO_LB_CERT: certificate.bundle,
        OKNO_HUB1: `127.0.0.1:${ports[0]}`,
        OKNO_HUB2: `127.0.0.1:${ports[1]}`,
        OKNO_CHECK_INTER: '500ms',
      },
      lbPort,
    );
    stops.push(() => haproxy.stop());

    // The admin's one-time codes, written to the shared database as admin.js does.
    const pool = new pg.Pool(server().config(database));
    stops.push(() => endPool(pool));
    const admin = new HubAdmin(new PostgresHubRepository(pool), { actor: 'test' });
    const kiosks: FleetPlan['kiosks'] = [];
    for (let i = 0; i < KIOSKS; i++) {
      const kioskId = `kiosk-lb-${String(i + 1).padStart(2, '0')}`;
      const office = DEMO_OFFICES[i % DEMO_OFFICES.length]?.id as string;
      kiosks.push({ kioskId, code: (await admin.createCode(office, 1, kioskId)).code });
    }
    const plan: FleetPlan = {
      baseUrl: `https://127.0.0.1:${lbPort}`,
      kiosks,
      runMs: RUN_MS,
      drainMs: DRAIN_MS,
      seed: Number(process.env.OKNO_CRASH_SEED ?? Date.now() % 1_000_000),
      forgedAddress: FORGED_ADDRESS,
    };
    const planFile = path.join(dir, 'fleet.json');
    await writeFile(planFile, JSON.stringify(plan));

    let runningAt = 0;
    let killedAt = 0;
    let drainingAt = 0;
    const ran = runCrashChild(fleet, [planFile], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate.certificate },
      watch: (child) => {
        let timer: NodeJS.Timeout | undefined;
        // Strings: runCrashChild decodes the child's stdout as UTF-8.
        child.stdout?.on('data', (text: string) => {
          if (text.includes('running\n')) {
            runningAt = Date.now();
            timer = setTimeout(() => {
              killedAt = Date.now();
              hub1.process.kill('SIGKILL');
            }, KILL_AFTER_MS);
          }
          if (text.includes('draining\n')) drainingAt = Date.now();
        });
        return () => clearTimeout(timer);
      },
    });
    // A failed run says what the hubs logged as errors (JSON lines, level 50 and up).
    const { stdout } = await ran.catch((error: unknown) => {
      const errors = [hub1, hub2].flatMap((hub) => hub.log().split('\n')).filter((line) => /"level":[56]0/.test(line));
      const balancer = haproxy
        .log()
        .split('\n')
        .filter((line) => /is (DOWN|UP)|\s50[234]\s/.test(line));
      throw new Error(
        `${String(error)}\nhub errors:\n${errors.slice(0, 20).join('\n')}\nHAProxy:\n${balancer.slice(0, 20).join('\n')}`,
      );
    });
    const result = JSON.parse(/^result (.*)$/m.exec(stdout)?.[1] ?? 'null') as FleetResult;
    expect(result).not.toBeNull();
    // Killed mid-run: the kiosks went on through the survivor for seconds after.
    expect(hub1.process.signalCode).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThan(0);
    expect(drainingAt - killedAt).toBeGreaterThan(RUN_MS - KILL_AFTER_MS - 2_000);
    expect(hub2.process.exitCode).toBeNull();

    // A forged X-Forwarded-For is not believed: the hub logs the address HAProxy saw.
    expect(stdout).toContain('forged 401');
    const refusals = [hub1, hub2]
      .flatMap((hub) => hub.log().split('\n'))
      .filter((line) => line.includes('kiosk enrollment refused'))
      .map((line) => (JSON.parse(line) as { ip?: string }).ip);
    expect(refusals).toEqual(['127.0.0.1']);

    const overtaken = await checkTickets(pool, result);
    await checkOutbox(pool, result);
    reportFailover(result, killedAt - runningAt, haproxy.log(), overtaken);
  }, 180_000);
});

/**
 * Every number of a queue's day taken once, 1…N; each ticket a kiosk holds is stored as it holds
 * it. Answers how many abandoned tickets still wait because their abandonment overtook them.
 */
async function checkTickets(pool: pg.Pool, result: FleetResult): Promise<number> {
  const counted = await pool.query<{ office_id: string; prefix: string; day: string; last: number; seqs: number[] }>(
    `SELECT c.office_id, c.prefix, c.day, c.last, array_agg(t.seq ORDER BY t.seq) AS seqs
       FROM ticket_counters c JOIN tickets t USING (office_id, prefix, day)
      WHERE t.seq IS NOT NULL GROUP BY c.office_id, c.prefix, c.day, c.last`,
  );
  expect(counted.rows.length).toBeGreaterThan(0);
  for (const queue of counted.rows) {
    const expected = Array.from({ length: queue.last }, (_, i) => i + 1);
    expect(queue.seqs, `${queue.office_id} ${queue.prefix} ${queue.day}`).toEqual(expected);
  }

  const kioskIds = result.kiosks.map((kiosk) => kiosk.kioskId);
  const { rows } = await pool.query<{
    ticket_id: string;
    kiosk_id: string;
    number: string;
    source: string;
    state: string;
    issued_at: string;
  }>('SELECT ticket_id, kiosk_id, number, source, state, issued_at FROM tickets WHERE kiosk_id = ANY($1)', [kioskIds]);
  // When each abandonment reached the hub (both stamp times with the same clock here).
  const abandonments = await pool.query<{ ticket_id: string; received_at: string }>(
    `SELECT payload::jsonb ->> 'ticketId' AS ticket_id, received_at FROM outbox_items WHERE kind = 'ticket.abandoned'`,
  );
  const abandonedAt = new Map(abandonments.rows.map((row) => [row.ticket_id, row.received_at]));
  let overtaken = 0;
  const stored = new Map(rows.map((row) => [row.ticket_id, row]));
  const held = new Set<string>();
  for (const kiosk of result.kiosks) {
    for (const ticket of kiosk.answered) {
      expect(stored.get(ticket.ticketId), ticket.ticketId).toMatchObject({
        kiosk_id: kiosk.kioskId,
        number: ticket.number,
        source: 'kiosk',
        state: 'waiting',
      });
      held.add(ticket.ticketId);
    }
    for (const ticket of kiosk.offline) {
      expect(stored.get(ticket.ticketId), ticket.ticketId).toMatchObject({
        kiosk_id: kiosk.kioskId,
        number: ticket.number,
        source: 'offline',
      });
      held.add(ticket.ticketId);
    }
    // Issued by the hub but never answered: its kiosk abandoned it, and it left the queue; unless
    // the abandonment reached the hub before the hub began to issue it (the documented case: the
    // hub cannot drop what it does not have yet, and the late ticket waits with nobody holding it).
    const abandoned = new Set(kiosk.abandoned);
    for (const row of rows.filter((row) => row.kiosk_id === kiosk.kioskId && !held.has(row.ticket_id))) {
      expect(abandoned.has(row.ticket_id), row.ticket_id).toBe(true);
      const reached = abandonedAt.get(row.ticket_id) as string;
      expect(reached, row.ticket_id).toBeDefined();
      if (row.state === 'dropped') continue;
      expect(reached < row.issued_at, `${row.ticket_id} waiting, abandoned at ${reached}`).toBe(true);
      overtaken += 1;
    }
  }
  const offline = result.kiosks.reduce((sum, kiosk) => sum + kiosk.offline.length, 0);
  expect(rows.filter((row) => row.source === 'offline')).toHaveLength(offline);
  expect(offline).toBeGreaterThanOrEqual(result.offlineOnPurpose);
  expect(result.offlineOnPurpose).toBeGreaterThan(0);
  return overtaken;
}

/** Every acknowledged item stored once, in the kiosk's order, `seq` 1…M; nothing else stored. */
async function checkOutbox(pool: pg.Pool, result: FleetResult): Promise<void> {
  for (const kiosk of result.kiosks) {
    expect(kiosk.unacknowledged, kiosk.kioskId).toEqual([]);
    const { rows } = await pool.query<{ item_id: string; seq: string }>(
      'SELECT item_id, seq FROM outbox_items WHERE kiosk_id = $1 ORDER BY seq',
      [kiosk.kioskId],
    );
    expect(
      rows.map((row) => row.item_id),
      kiosk.kioskId,
    ).toEqual(kiosk.acknowledged);
    expect(rows.map((row) => Number(row.seq))).toEqual(rows.map((_, i) => i + 1));
  }
}

/** Prints what the kiosks and HAProxy saw of the failover (figures for the guide, not assertions). */
function reportFailover(result: FleetResult, killAtMs: number, haproxyLog: string, overtaken: number): void {
  const afterKill = result.failures.filter((failure) => failure.at >= killAtMs - 100);
  const byCode = new Map<string, number>();
  for (const failure of result.failures) byCode.set(failure.code, (byCode.get(failure.code) ?? 0) + 1);
  // httplog: "… actconn/feconn/beconn/srv_conn/retries srv_queue/backend_queue "request"": retries
  // "+N" when the last one went to another server (redispatched).
  const requests = haproxyLog.split('\n').filter((line) => /"(GET|POST) /.test(line));
  const retriesOf = (line: string) => /\s\d+\/\d+\/\d+\/\d+\/(\+?)(\d+) \d+\/\d+ "/.exec(line);
  const retried = requests.filter((line) => Number(retriesOf(line)?.[2] ?? 0) > 0);
  const redispatched = requests.filter((line) => retriesOf(line)?.[1] === '+');
  const gatewayErrors = requests.filter((line) => /\s50[234]\s/.test(line));
  const answered = result.kiosks.reduce((sum, kiosk) => sum + kiosk.answered.length, 0);
  const offline = result.kiosks.reduce((sum, kiosk) => sum + kiosk.offline.length, 0);
  const items = result.kiosks.reduce((sum, kiosk) => sum + kiosk.acknowledged.length, 0);
  const window =
    afterKill.length > 0
      ? `${(afterKill.at(-1) as { at: number }).at - killAtMs} ms after the kill (first at +${(afterKill[0] as { at: number }).at - killAtMs} ms)`
      : 'none after the kill';
  // biome-ignore lint/suspicious/noConsole: the failover's figures, for docs/operations/hub.md.
  console.log(
    [
      `failover: ${KIOSKS} kiosks, hub1 killed ${killAtMs} ms into a ${RUN_MS} ms run`,
      `  calls ${result.calls}: tickets answered ${answered}, offline ${offline} (${result.offlineOnPurpose} on purpose), outbox items stored ${items}`,
      `  failed at the kiosks (after their client's retries): ${result.failures.length} ${JSON.stringify(Object.fromEntries(byCode))}; last ${window}`,
      `  abandoned tickets left waiting because the abandonment reached the hub first: ${overtaken}`,
      `  HAProxy: ${requests.length} requests logged, ${retried.length} retried, ${redispatched.length} redispatched to the other instance, ${gatewayErrors.length} answered 502/503/504`,
      ...haproxyLog
        .split('\n')
        .filter((line) => line.includes(' haproxy[') && /Server okno_hub\/hub\d is (DOWN|UP)/.test(line))
        .map((line) => `  HAProxy: ${line.replace(/^.*?(Server okno_hub)/, '$1').slice(0, 160)}`),
    ].join('\n'),
  );
}
