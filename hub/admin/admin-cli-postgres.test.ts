import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTechnicianToken } from '../../electron/services/technician/access/token-verifier';
import { eventually } from '../../test/support/eventually';
import { postgresMissing, useTestPostgres } from '../../test/support/postgres';
import { ConsoleClient } from '../console/console-test-support';
import { TEST_PASSPHRASE_ENVIRONMENT } from '../content/key-test-support';
import { type LaunchedHub, launchHub } from '../server/start-hub';
import {
  buildAdminCli,
  enrollKiosk,
  getJson,
  memoryHubLogger,
  newRequestSecret,
  openStream,
  operatorHeaders,
  postJson,
  runAdminCliWith,
  TEST_TOKEN,
  type TestKiosk,
} from '../test/hub-test-support';

const OFFICE = 'mfc-demo-01';
/** Each test runs the CLI's bundle several times (a second or more each on a busy machine). */
const CLI_RUNS_MS = 120_000;

/**
 * `admin.js --store postgres://… --data-dir DIR`, the bundle as an admin runs it, against a hub
 * running on that PostgreSQL database and folder. The hub's own look in the database is switched
 * off (`changePollMs` of an hour): a command issued or a release published by the CLI reaches
 * the hub's kiosks through the change signals only.
 */
describe.skipIf(postgresMissing())('admin.js on a hub on PostgreSQL', () => {
  const server = useTestPostgres();
  let cli: string;
  let dir: string;
  let storeFlags: string[];
  let hub: LaunchedHub;

  const admin = (...args: string[]) => runAdminCliWith(cli, [...storeFlags, ...args], TEST_PASSPHRASE_ENVIRONMENT);

  /** A kiosk enrolled with a one-time code the CLI made. */
  async function enrollWithCliCode(kioskId: string): Promise<TestKiosk> {
    const made = await admin('create-enrollment-code', '--kiosk', kioskId, '--office', OFFICE, '--hours', '2');
    expect(made.code).toBe(0);
    return enrollKiosk(hub.url, kioskId, made.stdout.split('\n')[0]);
  }

  beforeAll(async () => {
    cli = await buildAdminCli();
    dir = mkdtempSync(path.join(tmpdir(), 'okno-admin-pg-'));
    const url = `postgres://okno@127.0.0.1:${server().port}/${await server().createDatabase()}`;
    const dataDir = path.join(dir, 'data');
    storeFlags = ['--store', url, '--data-dir', dataDir];
    hub = await launchHub({
      dbPath: 'unused',
      postgres: { url, dataDir },
      seedDemo: true,
      provisioningTokens: [TEST_TOKEN],
      logger: memoryHubLogger().logger,
      changePollMs: 3_600_000,
    });
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, CLI_RUNS_MS);

  it(
    'makes an enrollment code a kiosk enrolls with, and approves a fleet-token request the hub then honours',
    async () => {
      const kiosk = await enrollWithCliCode('kiosk-pg-code');
      expect(kiosk.officeId).toBe(OFFICE);
      expect((await getJson(`${hub.url}/v1/content/assignment`, kiosk.headers)).status).toBe(200);

      const requestSecret = newRequestSecret();
      const ask = () =>
        postJson(`${hub.url}/v1/kiosks/enroll`, {
          kioskId: 'kiosk-pg-token',
          enrollmentCode: TEST_TOKEN,
          requestSecret,
        });
      const { requestId } = (await ask()).body as { requestId: string };
      expect((await admin('list-pending')).stdout).toMatch(
        new RegExp(`^${requestId}\\tkiosk-pg-token\\t${OFFICE}\\t`, 'm'),
      );
      const approved = await admin('approve-kiosk', requestId);
      expect(approved.stdout).toContain(`approved ${requestId}`);
      expect((await ask()).body).toMatchObject({ status: 'enrolled', kioskId: 'kiosk-pg-token' });
      expect((await admin('list-kiosks')).stdout).toMatch(/^kiosk-pg-token\t/m);
      expect((await admin('list-audit')).stdout).toMatch(new RegExp(`\\tadmin-petrov\\tapprove-kiosk\\t${requestId}`));
    },
    CLI_RUNS_MS,
  );

  it(
    "makes an operator token the hub's operator API accepts",
    async () => {
      const queue = `${hub.url}/v1/operator/offices/${OFFICE}/queue`;
      const made = await admin('create-operator-token', '--office', OFFICE, '--label', 'окно 4');
      expect(made.code).toBe(0);
      const token = made.stdout.split('\n')[0] ?? '';
      expect((await getJson(queue, operatorHeaders(token))).status).toBe(200);
      expect((await getJson(queue, operatorHeaders(`${token.slice(0, -4)}0000`))).status).toBe(401);
    },
    CLI_RUNS_MS,
  );

  it(
    'adds a web console user who then signs in',
    async () => {
      const file = path.join(dir, 'password.txt');
      writeFileSync(file, 'a long password 7\n', { mode: 0o600 });
      const added = await admin(
        'console',
        'user',
        'add',
        'anna',
        '--role',
        'office_head',
        '--office',
        OFFICE,
        '--password-file',
        file,
      );
      expect(added).toMatchObject({ code: 0, stdout: `added anna (office_head, office ${OFFICE})\n` });
      const client = new ConsoleClient(hub.url);
      expect((await client.signIn('anna', 'a long password 8')).status).toBe(401);
      expect((await client.signIn('anna', 'a long password 7')).status).toBe(303);
    },
    CLI_RUNS_MS,
  );

  it(
    "issues a command that reaches the kiosk's event stream on the running hub at once",
    async () => {
      const kiosk = await enrollWithCliCode('kiosk-pg-command');
      const stream = await openStream(`${hub.url}/v1/events`, kiosk.headers);
      try {
        await eventually(() => stream.text().includes('event: keepalive'), 'the stream opening');
        const issued = await admin('command', 'issue', kiosk.kioskId, 'service.in');
        expect(issued.code).toBe(0);
        expect(issued.stdout).toMatch(/ service\.in {2}by admin-petrov {2}pending /);
        await eventually(() => stream.text().includes('event: command'), 'the command nudge');
        expect((await admin('command', 'list', kiosk.kioskId)).stdout).toContain('service.in');
      } finally {
        stream.response.destroy();
      }
    },
    CLI_RUNS_MS,
  );

  it(
    'publishes a release the running hub serves, its kiosks told at once',
    async () => {
      const kiosk = await enrollWithCliCode('kiosk-pg-content');
      const key = (name: string) => path.join(dir, `${name}.key`);
      for (const name of ['root', 'publisher']) expect((await admin('content', 'keygen', key(name))).code).toBe(0);
      const init = await admin('content', 'init', '--root-key', key('root'), '--key', key('publisher'));
      expect(init.stderr).toBe('');
      expect(init.stdout).toContain(
        `content repository created in ${path.join(dir, 'data', 'content', 'repository')};`,
      );
      const folder = path.join(dir, 'release');
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'texts.json'), JSON.stringify({ ru: { 'home.title': 'Здравствуйте' } }));

      const stream = await openStream(`${hub.url}/v1/events`, kiosk.headers);
      try {
        await eventually(() => stream.text().includes('event: keepalive'), 'the stream opening');
        const published = await admin('content', 'publish', folder, '--office', OFFICE, '--key', key('publisher'));
        expect(published.stderr).toBe('');
        const releaseId = /^published (\S+) \(version 1,/m.exec(published.stdout)?.[1];
        expect(releaseId).toBeDefined();
        await eventually(() => stream.text().includes('event: content\ndata: {"version":1}'), 'the content nudge');
        expect((await getJson(`${hub.url}/v1/content/assignment`, kiosk.headers)).body).toEqual({
          releaseTarget: `releases/${releaseId}.json`,
          version: 1,
        });
        const manifest = await fetch(`${hub.url}/v1/content/targets/releases/${releaseId}.json`, {
          headers: kiosk.headers,
        });
        expect(manifest.status).toBe(200);
      } finally {
        stream.response.destroy();
      }
    },
    CLI_RUNS_MS,
  );

  it(
    "makes a technician token signed with the running hub's key",
    async () => {
      await enrollWithCliCode('kiosk-pg-tech');
      const made = await admin('technician-token', '--person', 'Петров И.', '--kiosk', 'kiosk-pg-tech', '--hours', '2');
      expect(made.code).toBe(0);
      const checked = checkTechnicianToken(made.stdout.split('\n')[0] ?? '', {
        publicKey: hub.hub.technician?.publicKey,
        kioskId: 'kiosk-pg-tech',
        officeId: OFFICE,
        now: Date.now(),
      });
      expect(checked.ok && checked.token.person).toBe('Петров И.');
      expect((await hub.hub.technician?.store.listTokens())?.[0]).toMatchObject({
        person: 'Петров И.',
        issuer: 'admin-petrov',
      });
    },
    CLI_RUNS_MS,
  );

  it(
    'refuses a backup (pg_dump is the way), migrate-store from PostgreSQL, and flags that do not go together, with code 2',
    async () => {
      const backup = await admin('backup', path.join(dir, 'copy.sqlite'));
      expect(backup.code).toBe(2);
      expect(backup.stderr).toMatch(/back up a hub on PostgreSQL with pg_dump \(docs\/operations\/hub\.md/);
      const [, url = '', , dataDir = ''] = storeFlags;
      const migrate = await runAdminCliWith(cli, ['--store', url, '--data-dir', dataDir, 'migrate-store', '--to', url]);
      expect(migrate.code).toBe(2);
      expect(migrate.stderr).toMatch(/migrate-store copies a SQLite file \(--db FILE\)/);
      const both = await runAdminCliWith(cli, ['--db', path.join(dir, 'hub.sqlite'), '--store', url, 'list-kiosks']);
      expect(both.code).toBe(2);
      expect(both.stderr).toMatch(/give one of them/);
      const noFolder = await runAdminCliWith(cli, ['--store', url, 'list-kiosks']);
      expect(noFolder.code).toBe(2);
      expect(noFolder.stderr).toMatch(/--store needs --data-dir/);
      const folderAlone = await runAdminCliWith(cli, ['--data-dir', dataDir, 'list-kiosks']);
      expect(folderAlone.code).toBe(2);
      expect(folderAlone.stderr).toMatch(/--data-dir goes with --store/);
      // The variables name the hub as the flags do.
      const fromEnv = await runAdminCliWith(cli, ['list-kiosks'], { OKNO_HUB_STORE: url, OKNO_HUB_DATA_DIR: dataDir });
      expect(fromEnv.stdout).toMatch(/^kiosk-pg-code\t/m);
    },
    CLI_RUNS_MS,
  );
});
