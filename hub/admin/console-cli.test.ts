import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../electron/services/app-root';
import { ConsoleClient } from '../console/console-test-support';
import { startTestHub, type TestHub } from '../test/hub-test-support';

const run = promisify(execFile);

/** `admin.js console user …` as an admin runs it: the bundle, on the file of a running hub, the password on stdin or in a file. */
describe('admin.js console user', () => {
  const root = findAppRoot().dir;
  const cli = path.join(root, 'dist', 'hub', 'admin.js');
  let hub: TestHub;

  const admin = (args: string[], stdin = '') =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [cli, '--db', hub.dbPath, 'console', 'user', ...args], {
        env: { ...process.env, OKNO_ADMIN_ACTOR: 'admin-petrov' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => {
        stdout += String(chunk);
      });
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk);
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin);
    });

  beforeAll(async () => {
    await run(process.execPath, [path.join(root, 'hub', 'run.mjs'), 'build']);
    hub = await startTestHub();
  }, 60_000);
  afterAll(async () => {
    await hub?.dispose();
  });

  it('adds a user with the password from stdin, changes it from a file, disables the user, and audits each step', async () => {
    const added = await admin(
      ['add', 'anna', '--role', 'office_head', '--office', 'mfc-demo-01'],
      'first password 1\n',
    );
    expect(added).toMatchObject({ code: 0, stdout: 'added anna (office_head, office mfc-demo-01)\n' });
    const stored = await hub.console.store.findUser('anna');
    expect(stored?.passwordHash).toMatch(/^scrypt\$1\$15\$8\$1\$/);
    expect(stored?.passwordHash).not.toContain('first password');

    const client = new ConsoleClient(hub.url);
    expect((await client.signIn('anna', 'first password 1')).status).toBe(303);

    const file = path.join(hub.dir, 'password.txt');
    await writeFile(file, 'second password 2\n', { mode: 0o600 });
    expect((await admin(['passwd', 'anna', '--password-file', file])).code).toBe(0);
    expect((await client.get('/console')).status).toBe(303); // the session ended
    expect((await client.signIn('anna', 'first password 1')).status).toBe(401);
    expect((await client.signIn('anna', 'second password 2')).status).toBe(303);

    expect((await admin(['disable', 'anna'])).stdout).toContain('disabled anna');
    expect((await client.get('/console')).status).toBe(303);
    expect((await admin(['list'])).stdout).toMatch(/^anna\toffice_head\tmfc-demo-01\tdisabled /m);
    const audit = (await hub.console.store.listAudit(20)).filter((r) => r.actor === 'cli:admin-petrov');
    expect(audit.map((r) => r.action).reverse()).toEqual(['user_added', 'password_set', 'user_disabled']);
  });

  it('refuses a short password, an office head without an office, an unknown office and an unknown role', async () => {
    expect((await admin(['add', 'boris', '--role', 'technician'], 'short\n')).stderr).toMatch(/at least 12/);
    expect((await admin(['add', 'boris', '--role', 'office_head'], 'long enough pass\n')).stderr).toMatch(
      /needs --office/,
    );
    expect(
      (await admin(['add', 'boris', '--role', 'technician', '--office', 'nowhere'], 'long enough pass\n')).stderr,
    ).toMatch(/no office nowhere/);
    expect((await admin(['add', 'boris', '--role', 'root'], 'long enough pass\n')).code).toBe(1);
    expect(await hub.console.store.findUser('boris')).toBeUndefined();
  });
});
