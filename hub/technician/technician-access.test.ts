import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkTechnicianToken } from '../../electron/services/technician/access/token-verifier';
import { KioskSetup } from '../../kiosk-config/src/hub/queue-api';
import { TECHNICIAN_AUDIT_OUTBOX_KIND } from '../../kiosk-config/src/hub/technician-audit';
import { addConsoleUser, ConsoleClient } from '../console/console-test-support';
import { launchHub } from '../server/start-hub';
import { enrollKiosk, getJson, postJson, startTestHub, type TestHub, type TestKiosk } from '../test/hub-test-support';
import { technicianKeyPath } from './technician-key';
import type { TechnicianTokens } from './technician-tokens';

const PASSWORD = 'correct horse battery';

function tokensOf(hub: TestHub): TechnicianTokens {
  const tokens = hub.hub.technician;
  if (!tokens) throw new Error('a hub on a database file has a technician key');
  return tokens;
}

describe('technician QR tokens and audit at the hub', () => {
  let hub: TestHub;
  let kiosk: TestKiosk;

  beforeEach(async () => {
    hub = await startTestHub();
    kiosk = await enrollKiosk(hub.url, 'kiosk-tech-01');
    await addConsoleUser(hub, 'admin', 'regional_admin', PASSWORD);
    await addConsoleUser(hub, 'tech', 'technician', PASSWORD);
  });
  afterEach(async () => {
    await hub.dispose();
  });

  it('signs a token the kiosk checks offline with the key from its setup; the key file is encrypted', async () => {
    const setup = KioskSetup.parse((await getJson(`${hub.url}/v1/kiosk/setup`, kiosk.headers)).body);
    const publicKey = setup.technician?.publicKey;
    expect(publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const issued = await tokensOf(hub).issue({
      person: 'Петров  И. ',
      scope: { kind: 'kiosk', id: kiosk.kioskId },
      hours: 8,
      issuer: 'admin',
    });
    if (!issued.ok) throw new Error(issued.problem);
    expect(issued.token).toMatch(/^OKNO-T1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
    expect(issued.record.person).toBe('Петров И.');
    const here = { publicKey, kioskId: kiosk.kioskId, officeId: setup.office.id, now: Date.now() };
    const checked = checkTechnicianToken(issued.token, here);
    expect(checked).toEqual({
      ok: true,
      token: { person: 'Петров И.', nonce: issued.record.nonce, expiresAt: Date.parse(issued.record.expiresAt) },
    });
    // The hub keeps who got it, never the token.
    expect(await tokensOf(hub).store.listTokens()).toEqual([issued.record]);
    expect(JSON.stringify(await hub.hub.technician?.store.listTokens())).not.toContain(issued.token.split('.')[2]);

    const keyFile = readFileSync(technicianKeyPath(hub.dbPath), 'utf8');
    expect(keyFile.startsWith('okno-encrypted-key v1\n')).toBe(true);
    expect(statSync(technicianKeyPath(hub.dbPath)).mode & 0o777).toBe(0o600);
  });

  it('keeps the same key across a restart, and refuses an unknown kiosk or too many hours', async () => {
    const before = tokensOf(hub).publicKey;
    await hub.close();
    const again = await launchHub({ dbPath: hub.dbPath, seedDemo: true, logger: hub.log.logger });
    try {
      expect(again.hub.technician?.publicKey).toBe(before);
    } finally {
      await again.close();
    }
    // The first hub is closed: its folder goes, a fresh hub takes the refusals.
    await hub.dispose();
    hub = await startTestHub();
    const tokens = tokensOf(hub);
    const unknown = await tokens.issue({
      person: 'Петров И.',
      scope: { kind: 'kiosk', id: 'nope' },
      hours: 2,
      issuer: 'a',
    });
    expect(unknown).toEqual({ ok: false, problem: 'no kiosk nope on this hub' });
    const long = await tokens.issue({
      person: 'Петров И.',
      scope: { kind: 'office', id: 'mfc-demo-01' },
      hours: 13,
      issuer: 'a',
    });
    expect(long.ok).toBe(false);
    const office = await tokens.issue({
      person: 'Петров И.',
      scope: { kind: 'office', id: 'mfc-demo-01' },
      hours: 12,
      issuer: 'a',
    });
    expect(office.ok).toBe(true);
  });

  it('stores the kiosk audit from the outbox (strictly: no PIN field), and the console shows it on the kiosk page', async () => {
    const at = new Date().toISOString();
    const item = (payload: Record<string, unknown>) => ({
      id: randomUUID(),
      kind: TECHNICIAN_AUDIT_OUTBOX_KIND,
      at,
      payload,
    });
    const refused = await postJson(
      `${hub.url}/v1/outbox`,
      { items: [item({ at, event: 'entry_refused', method: 'pin', reason: 'wrong_pin', pin: '1234' })] },
      kiosk.headers,
    );
    expect(refused.status).toBe(400);
    const entry = item({ at, event: 'entry', person: 'Петров И.', method: 'qr' });
    const stored = await postJson(
      `${hub.url}/v1/outbox`,
      {
        items: [
          entry,
          item({ at, event: 'action', person: 'Петров И.', action: 'device.test_print', detail: { printer: 'ok' } }),
          item({ at, event: 'exit', person: 'Петров И.', reason: 'exit' }),
        ],
      },
      kiosk.headers,
    );
    expect(stored.status).toBe(200);
    // A replay stores nothing twice.
    await postJson(`${hub.url}/v1/outbox`, { items: [entry] }, kiosk.headers);
    expect((await tokensOf(hub).store.auditOfKiosk(kiosk.kioskId)).map((line) => line.event)).toEqual([
      'exit',
      'action',
      'entry',
    ]);

    const client = new ConsoleClient(hub.url);
    await client.signIn('admin', PASSWORD);
    const page = await client.get(`/console/kiosks/${kiosk.kioskId}`);
    expect(page.text).toContain('Обслуживание на месте');
    expect(page.text).toContain('device.test_print, printer: ok');
    expect(page.text).toContain('по QR-коду');
  });

  it('lets a regional admin issue a QR code on the console (shown once, as SVG); a technician may not', async () => {
    const tech = new ConsoleClient(hub.url);
    await tech.signIn('tech', PASSWORD);
    expect((await tech.get('/console/technician-tokens')).status).toBe(403);

    const admin = new ConsoleClient(hub.url);
    await admin.signIn('admin', PASSWORD);
    const form = await admin.get('/console/technician-tokens');
    expect(form.status).toBe(200);
    expect(form.text).toContain(`value="kiosk:${kiosk.kioskId}"`);
    const issued = await admin.post('/console/technician-tokens', {
      _csrf: admin.csrfToken,
      person: 'Сидорова А.',
      scope: `kiosk:${kiosk.kioskId}`,
      hours: '4',
    });
    expect(issued.status).toBe(200);
    expect(issued.text).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    const token = /data-testid="technician-token-text">([^<]+)</.exec(issued.text)?.[1] ?? '';
    expect(token.startsWith('OKNO-T1.')).toBe(true);
    const audit = (await hub.console.store.listAudit(5)).find((row) => row.action === 'technician_token_issued');
    expect(audit?.subject).toBe(`kiosk:${kiosk.kioskId}`);
    expect(JSON.stringify(audit)).not.toContain('Сидорова');

    const bad = await admin.post('/console/technician-tokens', {
      _csrf: admin.csrfToken,
      person: 'Сидорова А.',
      scope: `kiosk:${kiosk.kioskId}`,
      hours: '24',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('from 1 to 12');
  });
});
