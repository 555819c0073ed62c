import { createHash, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteCommandParts } from '../../admin/cli-test-support';
import { runCommandCommand } from '../../admin/command-cli';
import { openSqliteDatabase } from '../../db/sqlite/open-sqlite-database';
import {
  enrollKiosk,
  getJson,
  postJson,
  startTestHub,
  type TestHub,
  type TestKiosk,
} from '../../test/hub-test-support';

/** The hub's side of remote commands over real HTTP, on a real SQLite file, and the admin CLI's `command`. */
describe('remote commands at the hub', () => {
  let hub: TestHub;
  let kiosk: TestKiosk;
  let other: TestKiosk;

  beforeAll(async () => {
    hub = await startTestHub();
    kiosk = await enrollKiosk(hub.url, 'kiosk-commands');
    other = await enrollKiosk(hub.url, 'kiosk-other');
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  const commands = () => {
    if (!hub.hub.commands) throw new Error('the hub runs commands');
    return hub.hub.commands;
  };
  const issue = async (kind: string, params: Record<string, unknown> = {}, kioskId = kiosk.kioskId) => {
    const issued = await commands().issueCommand({ kioskId, kind, params, issuer: 'Петров' });
    if (!issued.ok) throw new Error(issued.reason);
    return issued.command;
  };
  const ack = (from: TestKiosk, commandId: string, kind: string, result = 'done') =>
    postJson(
      `${hub.url}/v1/outbox`,
      {
        items: [
          {
            id: randomUUID(),
            kind: 'command.ack',
            at: new Date().toISOString(),
            payload: { commandId, kind, result, finishedAt: new Date().toISOString() },
          },
        ],
      },
      from.headers,
    );

  it('hands a kiosk its own open commands only, and takes only its own acknowledgement, once', async () => {
    const mine = await issue('service.in');
    await issue('service.in', {}, other.kioskId);
    const answer = await getJson(`${hub.url}/v1/kiosk/commands`, kiosk.headers);
    expect(answer.status).toBe(200);
    expect((answer.body as { commands: { id: string }[] }).commands.map((c) => c.id)).toEqual([mine.id]);
    expect((await commands().store.find(mine.id))?.state).toBe('delivered');

    expect((await ack(other, mine.id, 'service.in')).status).toBe(200);
    expect((await commands().store.find(mine.id))?.state).toBe('delivered');
    expect((await ack(kiosk, mine.id, 'service.in')).status).toBe(200);
    expect((await commands().store.find(mine.id))?.state).toBe('done');
    expect((await ack(kiosk, mine.id, 'service.in', 'failed')).status).toBe(200);
    expect((await commands().store.find(mine.id))?.state).toBe('done');
    const open = await getJson(`${hub.url}/v1/kiosk/commands`, kiosk.headers);
    expect((open.body as { commands: unknown[] }).commands).toEqual([]);
    expect((await commands().store.listAudit(kiosk.kioskId)).map((entry) => entry.event)).toEqual([
      'acknowledged',
      'delivered',
      'issued',
    ]);
  });

  it('stores a file only for a command of this kiosk that brings one, matching its hash', async () => {
    const logs = await issue('logs.upload', { hours: 1 });
    const plain = await issue('service.in');
    const data = Buffer.from('gzip bytes');
    const upload = (commandId: string, from = kiosk, sha256 = createHash('sha256').update(data).digest('hex')) =>
      postJson(
        `${hub.url}/v1/kiosk/commands/attachment`,
        { commandId, mediaType: 'application/gzip', sha256, dataBase64: data.toString('base64') },
        from.headers,
      );
    expect((await upload(logs.id, other)).status).toBe(404);
    expect((await upload(plain.id)).status).toBe(400);
    expect((await upload(logs.id, kiosk, '0'.repeat(64))).status).toBe(400);
    expect(await upload(logs.id)).toMatchObject({ status: 200, body: { stored: true } });
    expect(await upload(logs.id)).toMatchObject({ status: 200, body: { stored: false } });
    expect((await commands().store.findAttachment(logs.id))?.data).toEqual(data);
  });

  /**
   * Hands out what waits (so opening the stream alone nudges nothing), opens the kiosk's event
   * stream, runs `trigger` once it is open, and resolves with what came until a `command` event.
   */
  const commandNudge = async (trigger: () => Promise<void>) => {
    await getJson(`${hub.url}/v1/kiosk/commands`, kiosk.headers);
    return new Promise<string>((resolve, reject) => {
      const stream = request(`${hub.url}/v1/events`, { headers: kiosk.headers }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes('event: command')) {
            stream.destroy();
            resolve(text);
          }
        });
        trigger().catch(reject);
      });
      stream.on('error', (error) => {
        if (!String(error).includes('socket hang up')) reject(error);
      });
      stream.end();
    });
  };

  it('nudges the kiosk on its event stream when a command is issued here', async () => {
    const received = await commandNudge(async () => {
      await issue('printer.testPage');
    });
    expect(received).toContain('event: command\ndata: {}\n\n');
  });

  it("files a technician's bundle from the kiosk as a done logs.upload with its file, once, and refuses a wrong hash", async () => {
    const data = Buffer.from('bundle bytes');
    const upload = {
      bundleId: randomUUID(),
      technician: 'Петров И.',
      hours: 72,
      mediaType: 'application/gzip',
      sha256: createHash('sha256').update(data).digest('hex'),
      dataBase64: data.toString('base64'),
    };
    const url = `${hub.url}/v1/kiosk/technician-bundle`;
    expect(await postJson(url, { ...upload, sha256: '0'.repeat(64) }, kiosk.headers)).toMatchObject({ status: 400 });
    expect(await commands().store.find(upload.bundleId)).toBeUndefined();
    expect(await postJson(url, upload, kiosk.headers)).toMatchObject({ status: 200, body: { stored: true } });
    expect(await postJson(url, upload, kiosk.headers)).toMatchObject({ status: 200, body: { stored: false } });
    // Another kiosk cannot claim or overwrite it.
    expect((await postJson(url, upload, other.headers)).status).toBe(400);
    expect(await commands().store.find(upload.bundleId)).toMatchObject({
      kioskId: kiosk.kioskId,
      kind: 'logs.upload',
      issuer: 'техник на месте: Петров И.',
      state: 'done',
    });
    expect((await commands().store.findAttachment(upload.bundleId))?.data).toEqual(data);
    // Never handed out as a command to run.
    const open = await getJson(`${hub.url}/v1/kiosk/commands`, kiosk.headers);
    expect((open.body as { commands: { id: string }[] }).commands.map((c) => c.id)).not.toContain(upload.bundleId);
  });

  it('nudges the kiosk for a command issued by another process (the admin CLI) within its watch', async () => {
    const received = await commandNudge(async () => {
      const { db } = openSqliteDatabase(hub.dbPath);
      try {
        await runCommandCommand(['issue', kiosk.kioskId, 'service.in'], {
          ...sqliteCommandParts(db),
          actor: 'admin-petrov',
          now: () => new Date(),
          out: () => {},
        });
      } finally {
        db.close();
      }
      // Nothing told this hub: its watch (every 2 s) finds the new row and nudges the kiosk.
    });
    expect(received).toContain('event: command');
  });

  it('issues, lists and audits from the admin CLI, refusing what is outside the allow-list', async () => {
    const { db } = openSqliteDatabase(hub.dbPath);
    const lines: string[] = [];
    const context = {
      ...sqliteCommandParts(db),
      actor: 'admin-petrov',
      now: () => new Date(),
      out: (line: string) => lines.push(line),
    };
    try {
      await runCommandCommand(['issue', kiosk.kioskId, 'logs.upload', '--ttl', '2h', '--param', 'hours=12'], context);
      expect(lines[0]).toMatch(/ logs\.upload \{"hours":12\} {2}by admin-petrov {2}pending {2}expires /);
      await expect(runCommandCommand(['issue', kiosk.kioskId, 'shell.exec'], context)).rejects.toThrow(
        'unknown command kind shell.exec',
      );
      await expect(
        runCommandCommand(['issue', kiosk.kioskId, 'logs.upload', '--param', 'hours=100'], context),
      ).rejects.toThrow('bad parameters for logs.upload: hours');
      await expect(runCommandCommand(['issue', kiosk.kioskId, 'service.in', '--ttl', 'soon'], context)).rejects.toThrow(
        '--ttl takes',
      );
      lines.length = 0;
      await runCommandCommand(['list', kiosk.kioskId], context);
      expect(lines[0]).toContain('logs.upload');
      lines.length = 0;
      await runCommandCommand(['audit', kiosk.kioskId], context);
      expect(lines[0]).toMatch(/issued {2}by admin-petrov {2}logs\.upload$/);
    } finally {
      db.close();
    }
  });
});
