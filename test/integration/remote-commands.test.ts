import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../hub/db/sqlite/open-sqlite-database';
import { SqliteCommandStore } from '../../hub/db/sqlite/sqlite-command-store';
import { CommandService } from '../../hub/fleet/commands/command-service';
import type { CommandRecord } from '../../hub/fleet/commands/command-store';
import { createHubLogger } from '../../hub/server/hub-logger';
import type { ServiceModeView } from '../../kiosk-config/src/index';
import { nextEvent } from '../support/core-under-test';
import { eventually } from '../support/eventually';
import { type KioskCoreUnderTest, startKioskCoreUnderTest } from '../support/kiosk-under-test';

/**
 * Every kind of remote command on the real kiosk core (simulated printer and card terminal on
 * PTYs) against the real hub on a SQLite file: issued at the hub, nudged through the event
 * stream, run once, acknowledged through the outbox, files stored at the hub.
 */
describe('remote commands, hub to kiosk core', () => {
  let kiosk: KioskCoreUnderTest;
  const restarts: string[] = [];

  beforeAll(async () => {
    kiosk = await startKioskCoreUnderTest();
    await eventually(() => kiosk.core.hub.link.enrolled, 'the kiosk enrolling', 15_000);
  }, 30_000);
  afterAll(async () => {
    await kiosk?.close();
  });

  const kioskId = () => kiosk.core.config.kiosk.id;

  /** Issues a command at the hub and waits for the kiosk's acknowledgement to arrive there. */
  async function issueAndWait(kind: string, params: Record<string, unknown> = {}): Promise<CommandRecord> {
    const issued = await kiosk.hub
      .commands()
      .issueCommand({ kioskId: kioskId(), kind, params, issuer: 'техник Петров' });
    if (!issued.ok) throw new Error(issued.reason);
    return finished(issued.command.id);
  }

  /** Runs `step` while a visitor uses the kiosk (a touch), ending their session after. */
  async function withVisitor<T>(step: () => Promise<T>): Promise<T> {
    kiosk.core.session.activity();
    try {
      return await step();
    } finally {
      kiosk.core.session.end('visitor');
    }
  }

  async function finished(id: string): Promise<CommandRecord> {
    let record: CommandRecord | undefined;
    await eventually(
      async () => {
        record = await kiosk.hub.commands().store.find(id);
        return record !== undefined && record.state !== 'pending' && record.state !== 'delivered';
      },
      `the acknowledgement of ${id}`,
      15_000,
    );
    return record as CommandRecord;
  }

  it('refreshes content, or says the channel is off', async () => {
    const record = await issueAndWait('content.refresh');
    expect(record).toMatchObject({ state: 'refused', reason: 'the content channel is off on this kiosk' });
  });

  it('restarts only through the host, after the acknowledgement is durable', async () => {
    expect(await issueAndWait('app.restart')).toMatchObject({
      state: 'refused',
      reason: 'this host cannot restart itself',
    });
    kiosk.core.fleet.attachHost({
      restart: () => {
        // The journal's `finished` is written after the acknowledgement is in the outbox.
        const journal = readFileSync(path.join(kiosk.dataDir, 'fleet', 'commands.jsonl'), 'utf8');
        const acked = journal
          .split('\n')
          .some((line) => line.includes('"step":"finished"') && line.includes('app.restart'));
        restarts.push(acked ? 'after ack' : 'before ack');
      },
    });
    expect(await issueAndWait('app.restart')).toMatchObject({ state: 'done' });
    // The hub may hold the acknowledgement a moment before the kiosk journals its end and restarts.
    await eventually(() => restarts.length > 0, 'the restart');
    expect(restarts).toEqual(['after ack']);
  });

  it('prints a test page on the receipt printer, and refuses while a visitor uses the kiosk', async () => {
    const printer = kiosk.core.simulators.printer;
    if (!printer) throw new Error('the default config runs a simulated printer');
    const page = printer.waitForTicket(15_000);
    expect(await issueAndWait('printer.testPage')).toMatchObject({ state: 'done', reason: 'printed' });
    const paper = await page;
    expect(paper.lines.join('\n')).toContain('ПРОБНАЯ ПЕЧАТЬ');
    expect(paper.lines.join('\n')).toContain(kioskId());
    expect(paper.cut).toBe(true);

    const busy = await withVisitor(() => issueAndWait('printer.testPage'));
    expect(busy).toMatchObject({ state: 'refused', reason: 'a visitor is using the kiosk; try again when it is idle' });
  });

  it("closes the card terminal's day and reports its totals to the hub", async () => {
    const record = await issueAndWait('terminal.closeDay');
    expect(record.state).toBe('done');
    expect(record.reason).toMatch(/^day closed: \d+ payment\(s\), \d+ kopecks$/);
    await eventually(
      async () => (await kiosk.hub.outbox(kioskId())).some((item) => item.kind === 'payment.end_of_day'),
      'the end of day at the hub',
    );
  });

  it('uploads the last hours of logs, compressed, with no visitor data', async () => {
    kiosk.core.log.info({ input: 'КУВД-001/2021-3670443' }, 'a line whose input the logger redacts');
    const record = await issueAndWait('logs.upload', { hours: 2 });
    expect(record.state).toBe('done');
    const file = await kiosk.hub.commands().store.findAttachment(record.id);
    expect(file?.mediaType).toBe('application/gzip');
    expect(file?.sha256).toBe(record.attachmentSha256);
    const text = gunzipSync(file?.data ?? Buffer.alloc(0)).toString('utf8');
    const lines = text.trim().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(text).toContain('kiosk starting');
    expect(text).toContain('a line whose input the logger redacts');
    expect(text).not.toContain('3670443');
  });

  it('captures the screen only through the host and only with no visitor session', async () => {
    expect(await issueAndWait('screen.capture')).toMatchObject({
      state: 'refused',
      reason: 'this host cannot capture its screen',
    });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
    kiosk.core.fleet.attachHost({ captureScreen: async () => ({ mediaType: 'image/jpeg', data: jpeg }) });
    const done = await issueAndWait('screen.capture');
    expect(done.state).toBe('done');
    expect((await kiosk.hub.commands().store.findAttachment(done.id))?.data).toEqual(jpeg);

    expect(await withVisitor(() => issueAndWait('screen.capture'))).toMatchObject({
      state: 'refused',
      reason: 'a visitor is using the kiosk; try again when it is idle (the screen may show their data)',
    });
  });

  it('goes out of service only once the visitor session ends, and comes back', async () => {
    kiosk.core.session.activity();
    const issued = await kiosk.hub.commands().issueCommand({
      kioskId: kioskId(),
      kind: 'service.out',
      params: { hours: 'пн–пт 8:00–20:00' },
      issuer: 'Петров',
    });
    if (!issued.ok) throw new Error(issued.reason);
    // Delivered, but waiting for the visitor: still in service.
    await eventually(
      async () => (await kiosk.hub.commands().store.find(issued.command.id))?.state === 'delivered',
      'the hand-out',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(kiosk.core.fleet.serviceMode.view.inService).toBe(true);

    const changed = nextEvent(kiosk.core, 'kiosk.serviceModeChanged');
    kiosk.core.session.end('idle');
    expect(await changed).toEqual({
      inService: false,
      instead: 'Талон можно получить у сотрудника центра',
      hours: 'пн–пт 8:00–20:00',
    } satisfies ServiceModeView);
    expect(await finished(issued.command.id)).toMatchObject({ state: 'done' });
    expect(await kiosk.core.dispatch('kiosk.serviceMode', {})).toEqual({
      ok: true,
      value: { inService: false, instead: 'Талон можно получить у сотрудника центра', hours: 'пн–пт 8:00–20:00' },
    });

    expect(await issueAndWait('service.in')).toMatchObject({ state: 'done', reason: 'back in service' });
    expect(await kiosk.core.dispatch('kiosk.serviceMode', {})).toEqual({ ok: true, value: { inService: true } });
  });

  it('is refused at the hub when the kind or its parameters are not in the allow-list', async () => {
    const commands = kiosk.hub.commands();
    const issue = (kind: string, params: Record<string, unknown>) =>
      commands.issueCommand({ kioskId: kioskId(), kind, params, issuer: 'Петров' });
    expect(await issue('shell.exec', { cmd: 'rm -rf /' })).toMatchObject({ ok: false, code: 'bad_command' });
    expect(await issue('logs.upload', { hours: 73 })).toMatchObject({ ok: false, code: 'bad_command' });
    expect(await issue('logs.upload', { hours: 2, path: '/etc/shadow' })).toMatchObject({
      ok: false,
      code: 'bad_command',
    });
    expect(
      await commands.issueCommand({ kioskId: 'no-such-kiosk', kind: 'service.in', params: {}, issuer: 'Петров' }),
    ).toMatchObject({ ok: false, code: 'unknown_kiosk' });
  });

  it('reaches a kiosk that was offline when it returns, unless it expired meanwhile', async () => {
    await kiosk.hub.stop();
    // Issued while the hub is down for the kiosk, as the admin CLI does from another process.
    const { db } = openSqliteDatabase(kiosk.hub.dbPath);
    const store = new SqliteCommandStore(db);
    const at = (offsetMs: number) =>
      new CommandService({
        store,
        kioskExists: async () => true,
        logger: createHubLogger({ level: 'silent' }),
        now: () => new Date(Date.now() + offsetMs),
      });
    const live = await at(0).issueCommand({
      kioskId: kioskId(),
      kind: 'service.in',
      issuer: 'Петров',
      ttlSeconds: 600,
    });
    const stale = await at(-120_000).issueCommand({
      kioskId: kioskId(),
      kind: 'printer.testPage',
      issuer: 'Петров',
      ttlSeconds: 60,
    });
    db.close();
    if (!live.ok || !stale.ok) throw new Error('not issued');

    await kiosk.hub.start();
    expect(await finished(live.command.id)).toMatchObject({ state: 'done' });
    // The hub hands out open commands only: the stale one is marked expired, never run.
    expect(await kiosk.hub.commands().store.find(stale.command.id)).toMatchObject({ state: 'expired' });
    const audit = (await kiosk.hub.commands().store.listAudit(kioskId())).filter(
      (entry) => entry.commandId === stale.command.id,
    );
    expect(audit.map((entry) => entry.event)).toEqual(['expired', 'issued']);
  }, 40_000);
});
