import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubAdmin } from '../admin/admin-commands';
import { DEMO_OFFICE_ID } from '../db/demo-seed';
import {
  enrollKiosk,
  type JsonAnswer,
  newRequestSecret,
  postJson,
  startTestHub,
  TEST_TOKEN,
  type TestHub,
  type TestKiosk,
  testAudit,
  testClock,
} from '../test/hub-test-support';
import { hashSecret, normaliseEnrollmentCode } from './credentials';
import { launchHub } from './start-hub';

/**
 * Issue 11, item 1: the fleet token was a master key. These attack the hub over real HTTP on a
 * real SQLite file, with the demo's auto-approval off, as on a real hub.
 */
describe('per-kiosk enrollment: codes bound to one kiosk, token requests an admin approves', () => {
  const clock = testClock('2026-11-23T09:00:00.000Z');
  let hub: TestHub;
  let admin: HubAdmin;

  const enroll = (body: Record<string, unknown>): Promise<JsonAnswer> => postJson(`${hub.url}/v1/kiosks/enroll`, body);
  const lookupStatus = async (kiosk: TestKiosk) =>
    (await postJson(`${hub.url}/v1/status/lookup`, { applicationNumber: '2345678901' }, kiosk.headers)).status;
  const refusals = () => hub.log.lines().filter((line) => line.msg === 'kiosk enrollment refused');

  beforeAll(async () => {
    hub = await startTestHub({
      autoApproveNewKiosks: false,
      now: clock.now,
      config: { enrollLimitPerAddress: { limit: 1000, windowSeconds: 60 } },
    });
    admin = new HubAdmin(hub.repository, { now: () => new Date(clock.now()), actor: 'admin-ivanova' });
  });
  afterAll(async () => {
    await hub.dispose();
  });

  it('a fleet token enrolls nobody by itself: the kiosk gets `pending` and its credential only after approval', async () => {
    const requestSecret = newRequestSecret();
    const first = await enroll({ kioskId: 'kiosk-fleet-01', enrollmentCode: TEST_TOKEN, requestSecret });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'pending', kioskId: 'kiosk-fleet-01', officeId: DEMO_OFFICE_ID });
    expect(first.body).not.toHaveProperty('credential');
    expect(await hub.repository.findKiosk('kiosk-fleet-01')).toBeUndefined();
    const { requestId } = first.body as { requestId: string };

    // Asking again is still pending, the same request; the token alone (no request secret) is refused.
    expect((await enroll({ kioskId: 'kiosk-fleet-01', enrollmentCode: TEST_TOKEN, requestSecret })).body).toEqual(
      first.body,
    );
    expect((await enroll({ kioskId: 'kiosk-fleet-02', enrollmentCode: TEST_TOKEN })).status).toBe(401);

    const pending = await admin.listPending();
    expect(pending).toContainEqual(
      expect.objectContaining({ id: requestId, kioskId: 'kiosk-fleet-01', fromAddress: '127.0.0.1' }),
    );
    await admin.approve(requestId);
    await expect(admin.approve(requestId)).rejects.toThrow(/decided already/);

    const collected = await enroll({ kioskId: 'kiosk-fleet-01', enrollmentCode: TEST_TOKEN, requestSecret });
    expect(collected.status).toBe(200);
    const body = collected.body as { status: string; credential: string; officeId: string };
    expect(body.status).toBe('enrolled');
    const kiosk: TestKiosk = {
      kioskId: 'kiosk-fleet-01',
      credential: body.credential,
      officeId: body.officeId,
      headers: { authorization: `Bearer ${body.credential}`, 'x-okno-kiosk': 'kiosk-fleet-01' },
    };
    expect(await lookupStatus(kiosk)).toBe(200);
    // Used once the kiosk worked with it: the request cannot hand out another credential.
    await hub.repository.listKiosks(); // writes the buffered last contact
    expect((await enroll({ kioskId: 'kiosk-fleet-01', enrollmentCode: TEST_TOKEN, requestSecret })).status).toBe(401);
    expect(await lookupStatus(kiosk)).toBe(200);
    expect(await admin.listAudit()).toContainEqual(
      expect.objectContaining({ actor: 'admin-ivanova', action: 'approve-kiosk', subject: requestId }),
    );
  });

  it('a request whose credential answer was lost is collected again while that credential is unused', async () => {
    const requestSecret = newRequestSecret();
    const ask = () => enroll({ kioskId: 'kiosk-fleet-lost', enrollmentCode: TEST_TOKEN, requestSecret });
    const { requestId } = (await ask()).body as { requestId: string };
    await admin.approve(requestId);
    const lost = (await ask()).body as { credential: string };
    const again = (await ask()).body as { status: string; credential: string };
    expect(again.status).toBe('enrolled');
    expect(again.credential).not.toBe(lost.credential);
    const headers = (credential: string) => ({
      kioskId: 'kiosk-fleet-lost',
      credential,
      officeId: DEMO_OFFICE_ID,
      headers: { authorization: `Bearer ${credential}`, 'x-okno-kiosk': 'kiosk-fleet-lost' },
    });
    expect(await lookupStatus(headers(lost.credential))).toBe(401);
    expect(await lookupStatus(headers(again.credential))).toBe(200);
    // Another secret (another token holder) gets nothing for that id: it is enrolled.
    const other = await enroll({
      kioskId: 'kiosk-fleet-lost',
      enrollmentCode: TEST_TOKEN,
      requestSecret: newRequestSecret(),
    });
    expect(other.status).toBe(401);
  });

  it('the token cannot re-enroll an enrolled kiosk id: refused, and the real kiosk keeps working', async () => {
    const code = await admin.createCode(DEMO_OFFICE_ID, 4, 'kiosk-real');
    const real = await enrollKiosk(hub.url, 'kiosk-real', code.code);
    expect(await lookupStatus(real)).toBe(200);

    const hijack = await enroll({
      kioskId: 'kiosk-real',
      enrollmentCode: TEST_TOKEN,
      requestSecret: newRequestSecret(),
    });
    expect(hijack.status).toBe(401);
    expect(refusals()).toContainEqual(expect.objectContaining({ kioskId: 'kiosk-real', reason: 'kiosk_enrolled' }));
    // Even the demo way, a credential straight from the token, cannot replace it.
    await expect(enrollKiosk(hub.url, 'kiosk-real')).rejects.toThrow(/401/);
    expect(await lookupStatus(real)).toBe(200);
    expect(await admin.listPending()).not.toContainEqual(expect.objectContaining({ kioskId: 'kiosk-real' }));
  });

  it('an enrolled kiosk id takes no code either, until an admin revokes it (audited)', async () => {
    const first = await enrollKiosk(
      hub.url,
      'kiosk-twice',
      (await admin.createCode(DEMO_OFFICE_ID, 4, 'kiosk-twice')).code,
    );
    await expect(admin.createCode(DEMO_OFFICE_ID, 4, 'kiosk-twice')).rejects.toThrow(/revoke it first/);
    // A code that exists anyway (made before the kiosk enrolled) is refused and not spent.
    await hub.repository.createEnrollmentCode(
      {
        codeHash: hashSecret(normaliseEnrollmentCode('TWCE-TWCE-TWCE')),
        officeId: DEMO_OFFICE_ID,
        kioskId: 'kiosk-twice',
        createdAt: new Date(clock.now()).toISOString(),
        expiresAt: new Date(clock.now() + 3_600_000).toISOString(),
      },
      testAudit('kiosk-twice'),
    );
    expect((await enroll({ kioskId: 'kiosk-twice', enrollmentCode: 'TWCE-TWCE-TWCE' })).status).toBe(401);
    expect(await lookupStatus(first)).toBe(200);

    await admin.revoke('kiosk-twice');
    expect(await lookupStatus(first)).toBe(401);
    expect(await admin.listAudit()).toContainEqual(
      expect.objectContaining({ actor: 'admin-ivanova', action: 'revoke-kiosk', subject: 'kiosk-twice' }),
    );
    const second = await enrollKiosk(hub.url, 'kiosk-twice', 'TWCE-TWCE-TWCE');
    expect(await lookupStatus(second)).toBe(200);
  });

  it('a code bound to kiosk A cannot enroll B; a used or expired code is refused', async () => {
    const forA = await admin.createCode(DEMO_OFFICE_ID, 2, 'kiosk-code-a');
    expect((await enroll({ kioskId: 'kiosk-code-b', enrollmentCode: forA.code })).status).toBe(401);
    expect(refusals()).toContainEqual(
      expect.objectContaining({ kioskId: 'kiosk-code-b', reason: 'code_for_other_kiosk' }),
    );
    await enrollKiosk(hub.url, 'kiosk-code-a', forA.code);
    await admin.revoke('kiosk-code-a');
    expect((await enroll({ kioskId: 'kiosk-code-a', enrollmentCode: forA.code })).status).toBe(401);
    expect(refusals()).toContainEqual(expect.objectContaining({ kioskId: 'kiosk-code-a', reason: 'code_used' }));

    const late = await admin.createCode(DEMO_OFFICE_ID, 2, 'kiosk-code-late');
    clock.advance(2 * 3_600_000 + 1000);
    expect((await enroll({ kioskId: 'kiosk-code-late', enrollmentCode: late.code })).status).toBe(401);
    expect(refusals()).toContainEqual(expect.objectContaining({ kioskId: 'kiosk-code-late', reason: 'code_expired' }));
    expect(await hub.repository.findKiosk('kiosk-code-late')).toBeUndefined();
  });

  it('a kiosk never moves to another office through enrollment', async () => {
    const theirs = await enrollKiosk(
      hub.url,
      'kiosk-zarechny',
      (await admin.createCode('mfc-demo-02', 4, 'kiosk-zarechny')).code,
    );
    expect(theirs.officeId).toBe('mfc-demo-02');
    // The token's office is the demo office: its holder cannot pull the kiosk over, enrolled or revoked.
    expect(
      (await enroll({ kioskId: 'kiosk-zarechny', enrollmentCode: TEST_TOKEN, requestSecret: newRequestSecret() }))
        .status,
    ).toBe(401);
    await admin.revoke('kiosk-zarechny');
    await expect(admin.createCode(DEMO_OFFICE_ID, 4, 'kiosk-zarechny')).rejects.toThrow(/another office|belongs to/);
    await hub.repository.createEnrollmentCode(
      {
        codeHash: hashSecret(normaliseEnrollmentCode('MOVE-MOVE-MOVE')),
        officeId: DEMO_OFFICE_ID,
        kioskId: 'kiosk-zarechny',
        createdAt: new Date(clock.now()).toISOString(),
        expiresAt: new Date(clock.now() + 3_600_000).toISOString(),
      },
      testAudit('kiosk-zarechny'),
    );
    expect((await enroll({ kioskId: 'kiosk-zarechny', enrollmentCode: 'MOVE-MOVE-MOVE' })).status).toBe(401);
    expect(
      (await enroll({ kioskId: 'kiosk-zarechny', enrollmentCode: TEST_TOKEN, requestSecret: newRequestSecret() }))
        .status,
    ).toBe(401);
    expect(refusals()).toContainEqual(
      expect.objectContaining({ kioskId: 'kiosk-zarechny', reason: 'office_mismatch' }),
    );
    expect((await hub.repository.findKiosk('kiosk-zarechny'))?.officeId).toBe('mfc-demo-02');
    // Back into its own office, with a code for it, after the revocation.
    const back = await enrollKiosk(
      hub.url,
      'kiosk-zarechny',
      (await admin.createCode('mfc-demo-02', 4, 'kiosk-zarechny')).code,
    );
    expect(back.officeId).toBe('mfc-demo-02');
  });

  it('a rejected request is refused; approving one request of a kiosk id rejects the others', async () => {
    const secrets = [newRequestSecret(), newRequestSecret()];
    const ids: string[] = [];
    for (const requestSecret of secrets) {
      const answer = await enroll({ kioskId: 'kiosk-contested', enrollmentCode: TEST_TOKEN, requestSecret });
      ids.push((answer.body as { requestId: string }).requestId);
    }
    await admin.approve(ids[1] as string);
    const loser = await enroll({ kioskId: 'kiosk-contested', enrollmentCode: TEST_TOKEN, requestSecret: secrets[0] });
    expect(loser.status).toBe(401);
    expect(refusals()).toContainEqual(
      expect.objectContaining({ kioskId: 'kiosk-contested', reason: 'request_rejected' }),
    );
    const winner = await enroll({ kioskId: 'kiosk-contested', enrollmentCode: TEST_TOKEN, requestSecret: secrets[1] });
    expect(winner.body).toMatchObject({ status: 'enrolled' });
    // A request secret names one kiosk id only.
    const otherId = await enroll({ kioskId: 'kiosk-other', enrollmentCode: TEST_TOKEN, requestSecret: secrets[1] });
    expect(otherId.status).toBe(401);
    await expect(admin.approve('req-nothing')).rejects.toThrow(/no enrollment request/);
  });

  it('the auto-approval of the demo hub cannot be turned on for a real hub', async () => {
    await expect(
      launchHub({ dbPath: `${hub.dir}/real.sqlite`, provisioningTokens: [TEST_TOKEN], autoApproveNewKiosks: true }),
    ).rejects.toThrow(/demo hub only/);
  });
});
