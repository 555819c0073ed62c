import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../electron/services/app-root';
import { parseEnrollmentQr } from '../../kiosk-config/src/hub/enrollment-qr';
import {
  newRequestSecret,
  postJson,
  runAdminCli,
  startTestHub,
  TEST_TOKEN,
  type TestHub,
} from '../test/hub-test-support';

const run = promisify(execFile);

/** The admin CLI as an admin runs it: the bundle, on the file of a running hub. */
describe('admin.js, the enrollment commands', () => {
  const root = findAppRoot().dir;
  const cli = path.join(root, 'dist', 'hub', 'admin.js');
  let hub: TestHub;

  const admin = (...args: string[]) => runAdminCli(cli, hub.dbPath, args);

  beforeAll(async () => {
    await run(process.execPath, [path.join(root, 'hub', 'run.mjs'), 'build']);
    hub = await startTestHub({ autoApproveNewKiosks: false });
  }, 60_000);
  afterAll(async () => {
    await hub?.dispose();
  });

  it('lists a pending request, approves it, revokes the kiosk, and shows who did it', async () => {
    const requestSecret = newRequestSecret();
    const ask = () =>
      postJson(`${hub.url}/v1/kiosks/enroll`, { kioskId: 'kiosk-cli', enrollmentCode: TEST_TOKEN, requestSecret });
    const { requestId } = (await ask()).body as { requestId: string };

    const pending = await admin('list-pending');
    expect(pending.stdout).toMatch(
      new RegExp(`^${requestId}\\tkiosk-cli\\tmfc-demo-01\\trequested .*\\tfrom 127\\.0\\.0\\.1\\tpending$`, 'm'),
    );
    expect((await admin('approve-kiosk', requestId)).stdout).toContain(`approved ${requestId}`);
    expect((await ask()).body).toMatchObject({ status: 'enrolled' });

    const refused = await admin(
      'create-enrollment-code',
      '--kiosk',
      'kiosk-cli',
      '--office',
      'mfc-demo-01',
      '--hours',
      '4',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/revoke it first/);
    expect((await admin('revoke-kiosk', 'kiosk-cli')).stdout).toContain('revoked kiosk-cli');
    const code = await admin(
      'create-enrollment-code',
      '--kiosk',
      'kiosk-cli',
      '--office',
      'mfc-demo-01',
      '--hours',
      '4',
    );
    expect(code.stdout).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\nkiosk kiosk-cli of office mfc-demo-01 only/);
    // The QR for the kiosk's «Подключение к центру»: the same code, the kiosk, the office and its name.
    const qrLine = /^QR for the kiosk's «Подключение к центру»: (\S+)$/m.exec(code.stdout)?.[1] ?? '';
    expect(parseEnrollmentQr(qrLine)).toMatchObject({
      code: code.stdout.split('\n')[0],
      kioskId: 'kiosk-cli',
      officeId: 'mfc-demo-01',
      officeName: 'МФЦ «Мои Документы», с. Берёзовка',
    });
    // Without a kiosk id there is no code.
    const unbound = await admin('create-enrollment-code', '--office', 'mfc-demo-01');
    expect(unbound.code).toBe(1);
    expect(unbound.stderr).toMatch(/--kiosk/);

    const audit = (await admin('list-audit')).stdout.trim().split('\n');
    expect(audit.map((line) => line.split('\t').slice(1, 4).join(' '))).toEqual([
      'admin-petrov create-enrollment-code kiosk-cli',
      'admin-petrov revoke-kiosk kiosk-cli',
      `admin-petrov approve-kiosk ${requestId}`,
    ]);
  });
});
