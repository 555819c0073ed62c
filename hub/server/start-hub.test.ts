import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteHubRepository } from '../db/sqlite/sqlite-hub-repository';
import { enrollKiosk, memoryHubLogger, postJson, TEST_TOKEN } from '../test/hub-test-support';
import { createHubApp } from './hub-app';
import { resolveHubConfig } from './hub-config';
import { launchHub, startHub } from './start-hub';

describe('startHub', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'okno-hub-start-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps kiosks and their outbox across a restart on the same file', async () => {
    const dbPath = path.join(dir, 'hub.sqlite');
    const options = {
      dbPath,
      seedDemo: true,
      provisioningTokens: [TEST_TOKEN],
      autoApproveNewKiosks: true,
      logger: memoryHubLogger().logger,
    };
    const first = await startHub(options);
    const kiosk = await enrollKiosk(first.url, 'kiosk-1');
    const item = {
      id: crypto.randomUUID(),
      kind: 'status.lookup',
      at: new Date().toISOString(),
      payload: { outcome: 'not_found' },
    };
    expect((await postJson(`${first.url}/v1/outbox`, { items: [item] }, kiosk.headers)).status).toBe(200);
    await first.close();
    await first.close(); // idempotent

    const second = await startHub(options);
    try {
      const lookup = await postJson(
        `${second.url}/v1/status/lookup`,
        { applicationNumber: '2345678901' },
        kiosk.headers,
      );
      expect(lookup.status).toBe(200);
      const replay = await postJson(`${second.url}/v1/outbox`, { items: [item] }, kiosk.headers);
      expect(replay.body).toEqual({ accepted: [], duplicates: [item.id] });
    } finally {
      await second.close();
    }
  });

  it('finishes a request in flight when it shuts down, then stops listening', async () => {
    const hub = await launchHub({
      dbPath: path.join(dir, 'hub.sqlite'),
      seedDemo: true,
      provisioningTokens: [TEST_TOKEN],
      // Demo only: the kiosk's first request is approved at once (no admin step).
      autoApproveNewKiosks: true,
      logger: memoryHubLogger().logger,
    });
    const kiosk = await enrollKiosk(hub.url, 'kiosk-1');
    const body = JSON.stringify({ applicationNumber: 'КУВД-001/2021-3670443' });
    const bytes = Buffer.from(body);
    // Half the body now, the rest after shutdown has begun.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${hub.url}/v1/status/lookup`,
        {
          method: 'POST',
          headers: { ...kiosk.headers, 'content-type': 'application/json', 'content-length': bytes.length },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(bytes.subarray(0, 10));
      setTimeout(() => req.end(bytes.subarray(10)), 150);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = hub.close();
    const served = await answer;
    await closed;
    expect(served.status).toBe(200);
    expect(JSON.parse(served.body)).toMatchObject({ outcome: 'found' });
    await expect(fetch(`${hub.url}/healthz`)).rejects.toThrow();
    await expect(hub.repository.ping()).rejects.toThrow(/closed/);
  });

  it('answers readiness 503 while draining or when the database is gone', async () => {
    const repository = SqliteHubRepository.open(path.join(dir, 'hub.sqlite'));
    let draining = false;
    const { app } = await createHubApp({
      repository,
      config: resolveHubConfig(),
      logger: memoryHubLogger().logger,
      draining: () => draining,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/readyz`;
    try {
      expect((await fetch(url)).status).toBe(200);
      draining = true;
      const answer = await fetch(url);
      expect(answer.status).toBe(503);
      expect(await answer.json()).toMatchObject({ code: 'unavailable' });
      draining = false;
      await repository.close();
      expect((await fetch(url)).status).toBe(503);
      expect((await fetch(url.replace('readyz', 'healthz'))).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('refuses short provisioning tokens, and tokens without an office to join', async () => {
    const dbPath = path.join(dir, 'hub.sqlite');
    const logger = memoryHubLogger().logger;
    await expect(startHub({ dbPath, seedDemo: true, provisioningTokens: ['short'], logger })).rejects.toThrow(
      /16 to 128/,
    );
    await expect(startHub({ dbPath, provisioningTokens: [TEST_TOKEN], logger })).rejects.toThrow(
      /provisioningOfficeId/,
    );
    await expect(
      startHub({ dbPath, seedDemo: true, config: { lookupLimitPerKiosk: { limit: 0, windowSeconds: 1 } }, logger }),
    ).rejects.toThrow(/invalid hub config/);
  });

  it('refuses to start without a secret for its content keys, and encrypts keys left in the clear at start', async () => {
    const dbPath = path.join(dir, 'hub.sqlite');
    expect(process.env.OKNO_HUB_CONTENT_KEY_SECRET).toBeUndefined();
    await expect(startHub({ dbPath, logger: memoryHubLogger().logger })).rejects.toThrow(
      /the hub's content keys need a secret to be encrypted with/,
    );
    const keysDir = path.join(dir, 'content', 'keys');
    await mkdir(keysDir, { recursive: true, mode: 0o700 });
    for (const role of ['snapshot', 'timestamp']) {
      const { privateKey } = generateKeyPairSync('ed25519');
      await writeFile(path.join(keysDir, `${role}.key`), privateKey.export({ format: 'pem', type: 'pkcs8' }), {
        mode: 0o600,
      });
    }
    const log = memoryHubLogger();
    const hub = await launchHub({ dbPath, seedDemo: true, logger: log.logger });
    try {
      expect(
        log
          .lines()
          .filter((line) => line.msg === 'an online content key in the clear was encrypted')
          .map((line) => path.basename(String(line.file))),
      ).toEqual(['snapshot.key', 'timestamp.key']);
      expect(await readFile(path.join(keysDir, 'snapshot.key'), 'utf8')).toMatch(/^okno-encrypted-key v1\n/);
      expect(log.text()).not.toMatch(/PRIVATE KEY/);
    } finally {
      await hub.close();
    }
  });
});
