import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_CATALOGUE, DEMO_OFFICE_ID } from '../db/demo-seed';
import { SqliteHubRepository } from '../db/sqlite/sqlite-hub-repository';
import { type LaunchedHub, launchHub } from '../server/start-hub';
import { enrollKiosk, getJson, memoryHubLogger, operatorHeaders, postJson } from '../test/hub-test-support';
import {
  defaultAdminActor,
  formatAuditLine,
  formatKioskLine,
  formatOperatorTokenLine,
  HubAdmin,
} from './admin-commands';

describe('hub admin, on the file of a running hub', () => {
  let dir: string;
  let hub: LaunchedHub;
  let adminRepository: SqliteHubRepository;
  let admin: HubAdmin;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'okno-hub-admin-'));
    const dbPath = path.join(dir, 'hub.sqlite');
    hub = await launchHub({ dbPath, seedDemo: true, logger: memoryHubLogger().logger });
    // A second connection to the same file, as the CLI in another process would open.
    adminRepository = SqliteHubRepository.open(dbPath);
    admin = new HubAdmin(adminRepository);
  });
  afterAll(async () => {
    await adminRepository.close();
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a code a kiosk enrolls with, lists the kiosk, and revokes it at once', async () => {
    const issued = await admin.createCode(DEMO_OFFICE_ID, 24, 'kiosk-sosnovka-02');
    expect(Date.parse(issued.expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    // Bound to one kiosk id: another id cannot use it.
    const wrong = await postJson(`${hub.url}/v1/kiosks/enroll`, { kioskId: 'kiosk-x', enrollmentCode: issued.code });
    expect(wrong.status).toBe(401);
    const kiosk = await enrollKiosk(hub.url, 'kiosk-sosnovka-02', issued.code);
    expect(kiosk.officeId).toBe(DEMO_OFFICE_ID);

    const lookup = () => postJson(`${hub.url}/v1/status/lookup`, { applicationNumber: '2345678901' }, kiosk.headers);
    expect((await lookup()).status).toBe(200);
    // The hub writes last contacts in the background, within a second.
    const listed = await vi.waitFor(
      async () => {
        const [kioskRow] = await admin.listKiosks();
        expect(kioskRow?.lastSeenAt).toBeDefined();
        return kioskRow;
      },
      { timeout: 3000, interval: 100 },
    );
    expect(listed).toMatchObject({ id: 'kiosk-sosnovka-02', enrolledVia: 'code' });
    expect(formatKioskLine(listed as NonNullable<typeof listed>)).toMatch(
      /^kiosk-sosnovka-02\tmfc-demo-01\tvia code .*\tactive$/,
    );

    await admin.revoke('kiosk-sosnovka-02');
    expect((await lookup()).status).toBe(401);
    await expect(admin.revoke('kiosk-none')).rejects.toThrow(/no kiosk/);
    await expect(admin.createCode('no-office', 1, 'kiosk-x')).rejects.toThrow(/no office/);

    // An operator's new code brings a revoked kiosk back.
    const again = await admin.createCode(DEMO_OFFICE_ID, 1, 'kiosk-sosnovka-02');
    const back = await enrollKiosk(hub.url, 'kiosk-sosnovka-02', again.code);
    expect(
      (await postJson(`${hub.url}/v1/status/lookup`, { applicationNumber: '2345678901' }, back.headers)).status,
    ).toBe(200);
  });

  it('creates an operator token shown once, lists it without its hash, and revokes it', async () => {
    const issued = await admin.createOperatorToken(DEMO_OFFICE_ID, 'окно 3');
    expect(issued.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.id).toMatch(/^op-[0-9a-f]{8}$/);
    const queueUrl = `${hub.url}/v1/operator/offices/${DEMO_OFFICE_ID}/queue`;
    expect((await getJson(queueUrl, operatorHeaders(issued.token))).status).toBe(200);
    const [listed] = (await admin.listOperatorTokens()).filter((t) => t.id === issued.id);
    expect(listed).toBeDefined();
    const line = formatOperatorTokenLine(listed as NonNullable<typeof listed>);
    expect(line).toMatch(new RegExp(`^${issued.id}\tmfc-demo-01\tокно 3\tcreated .*\tactive$`));
    expect(line).not.toContain(listed?.tokenHash);
    await admin.revokeOperatorToken(issued.id);
    expect((await getJson(queueUrl, operatorHeaders(issued.token))).status).toBe(401);
    await expect(admin.revokeOperatorToken('op-none')).rejects.toThrow(/no operator token/);
    await expect(admin.createOperatorToken('no-office', 'x')).rejects.toThrow(/no office/);
  });

  it("sets an office's catalogue and time zone, refusing a bad catalogue or zone", async () => {
    const kiosk = await enrollKiosk(
      hub.url,
      'kiosk-catalogue',
      (await admin.createCode('mfc-demo-02', 1, 'kiosk-catalogue')).code,
    );
    const smaller = { ...DEMO_CATALOGUE, services: DEMO_CATALOGUE.services.slice(0, 2) };
    await admin.setCatalogue('mfc-demo-02', smaller, 'Asia/Yekaterinburg');
    const setup = (await getJson(`${hub.url}/v1/kiosk/setup`, kiosk.headers)).body as {
      timeZone: string;
      catalogue: { services: unknown[] };
    };
    expect(setup.timeZone).toBe('Asia/Yekaterinburg');
    expect(setup.catalogue.services).toHaveLength(2);
    await expect(admin.setCatalogue('mfc-demo-02', { categories: [], services: [] })).rejects.toThrow(
      /invalid catalogue/,
    );
    await expect(admin.setCatalogue('mfc-demo-02', smaller, 'Mars/Olympus')).rejects.toThrow(/time zone/);
    await expect(admin.setCatalogue('no-office', smaller)).rejects.toThrow(/no office/);
  });

  it('writes every admin action to the audit, with who did it and no secret', async () => {
    const audit = await admin.listAudit();
    const actions = new Set(audit.map((entry) => entry.action));
    for (const action of [
      'create-enrollment-code',
      'revoke-kiosk',
      'create-operator-token',
      'revoke-operator-token',
      'set-catalogue',
    ]) {
      expect(actions, action).toContain(action);
    }
    expect(new Set(audit.map((entry) => entry.actor))).toEqual(new Set([defaultAdminActor()]));
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'revoke-kiosk',
        subject: 'kiosk-sosnovka-02',
        detail: { officeId: DEMO_OFFICE_ID },
      }),
    );
    // Newest first; no code, token or hash in any row.
    expect(audit[0]?.action).toBe('set-catalogue');
    const text = audit.map(formatAuditLine).join('\n');
    expect(text).not.toMatch(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });

  it('refuses a code for an enrolled kiosk id, or for a kiosk of another office', async () => {
    await expect(admin.createCode('mfc-demo-01', 1, 'kiosk-catalogue')).rejects.toThrow(
      /belongs to office mfc-demo-02|enrolled/,
    );
    await expect(admin.createCode('mfc-demo-02', 1, 'kiosk-catalogue')).rejects.toThrow(/revoke it first/);
  });
});
