import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTechnicianToken } from '../../electron/services/technician/access/token-verifier';
import { buildAdminCli, enrollKiosk, runAdminCli, startTestHub, type TestHub } from '../test/hub-test-support';

/** `admin.js technician-token` as an admin runs it: the bundle, on the file of a running hub. */
describe('admin.js technician-token', () => {
  let cli: string;
  let hub: TestHub;

  const admin = (...args: string[]) => runAdminCli(cli, hub.dbPath, args);

  beforeAll(async () => {
    cli = await buildAdminCli();
    hub = await startTestHub();
    await enrollKiosk(hub.url, 'kiosk-cli-tech');
  }, 60_000);
  afterAll(async () => {
    await hub?.dispose();
  });

  it('prints a token signed with the running hub key, with its QR code as text, and records who issued it', async () => {
    const answer = await admin(
      'technician-token',
      '--person',
      'Петров И.',
      '--kiosk',
      'kiosk-cli-tech',
      '--hours',
      '3',
    );
    expect(answer.code).toBe(0);
    const [token = '', summary = '', ...qr] = answer.stdout.trimEnd().split('\n');
    expect(summary).toMatch(/^Петров И\.: kiosk kiosk-cli-tech, valid until \S+ \(nonce [A-Za-z0-9_-]{22}\)$/);
    expect(qr.length).toBeGreaterThan(20);
    expect(qr.every((line) => /^[█▀▄ ]+$/.test(line))).toBe(true);
    const checked = checkTechnicianToken(token, {
      publicKey: hub.hub.technician?.publicKey,
      kioskId: 'kiosk-cli-tech',
      officeId: 'mfc-demo-01',
      now: Date.now(),
    });
    expect(checked.ok && checked.token.person).toBe('Петров И.');
    expect((await hub.hub.technician?.store.listTokens())?.[0]).toMatchObject({
      person: 'Петров И.',
      issuer: 'admin-petrov',
    });
  });

  it('writes the QR code as an SVG file only its owner reads, for an office', async () => {
    const file = path.join(hub.dir, 'qr.svg');
    const answer = await admin('technician-token', '--person', 'Сидорова А.', '--office', 'mfc-demo-01', '--svg', file);
    expect(answer.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses without a person, with both a kiosk and an office, or for more than 12 hours', async () => {
    expect((await admin('technician-token', '--kiosk', 'kiosk-cli-tech')).stderr).toMatch(/needs --person/);
    const both = await admin(
      'technician-token',
      '--person',
      'П',
      '--kiosk',
      'kiosk-cli-tech',
      '--office',
      'mfc-demo-01',
    );
    expect(both.code).toBe(1);
    const long = await admin('technician-token', '--person', 'П', '--kiosk', 'kiosk-cli-tech', '--hours', '24');
    expect(long.stderr).toMatch(/from 1 to 12/);
  });
});
