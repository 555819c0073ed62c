import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { OutboxItem } from '../../kiosk-config/src/hub/hub-api';
import { type ContractStore, contractStores } from './contract-store';
import type { AdminAuditEntry, HubCoreRepository } from './hub-repository';

/**
 * The tests every `HubCoreRepository` passes, one body for both stores: call inside a `describe`
 * of the store's test file, with how to open a fresh store (closed by the contract after each test).
 */
export function hubCoreRepositoryContract(openStore: () => Promise<ContractStore<HubCoreRepository>>): void {
  const withStore = contractStores(openStore);

  it(
    'keeps offices, services and applications, replacing by id, and refuses an unknown time zone',
    withStore(async ({ repository }) => {
      await repository.upsertOffice({ id: 'o1', name: 'МФЦ Озёрки', regionId: 'r1', timeZone: 'Asia/Yekaterinburg' });
      // A later import without a zone keeps the stored one.
      await repository.upsertOffice({ id: 'o1', name: 'МФЦ Озёрки', address: 'ул. Ленина, 1', regionId: 'r1' });
      await repository.upsertService({ id: 's1', name: 'Паспорт' });
      await repository.upsertApplication({
        number: 'АБ-123',
        status: 'in_progress',
        serviceId: 's1',
        officeId: 'o1',
        filedOn: '2026-11-01',
        phoneLast4: '1234',
      });
      await repository.upsertApplication({
        number: 'АБ-123',
        status: 'ready_for_pickup',
        serviceId: 's1',
        officeId: 'o1',
        window: '3',
        filedOn: '2026-11-01',
        storageUntil: '2026-12-31',
      });
      expect(await repository.findApplication('АБ-123')).toEqual({
        application: {
          number: 'АБ-123',
          status: 'ready_for_pickup',
          serviceId: 's1',
          officeId: 'o1',
          window: '3',
          filedOn: '2026-11-01',
          storageUntil: '2026-12-31',
        },
        service: { id: 's1', name: 'Паспорт' },
        office: {
          id: 'o1',
          name: 'МФЦ Озёрки',
          address: 'ул. Ленина, 1',
          regionId: 'r1',
          timeZone: 'Asia/Yekaterinburg',
        },
      });
      expect(await repository.findApplication('НЕТ-1')).toBeUndefined();
      expect(await repository.findOffice('o2')).toBeUndefined();
      await expect(
        repository.upsertOffice({ id: 'o2', name: 'x', regionId: 'r1', timeZone: 'Mars/Base' }),
      ).rejects.toThrow(/unknown time zone Mars\/Base/);
    }),
  );

  it(
    'enrolls a kiosk with its one-time code once, refuses a spent, expired or foreign code, and revokes with an audit row',
    withStore(async ({ repository }) => {
      await repository.upsertOffice({ id: 'o1', name: 'Office', regionId: 'r1' });
      await repository.createEnrollmentCode(
        { codeHash: 'h1', officeId: 'o1', kioskId: 'k1', createdAt: T0, expiresAt: '2026-12-08T00:00:00.000Z' },
        auditEntry('create-enrollment-code', 'k1'),
      );
      await repository.createEnrollmentCode(
        { codeHash: 'old', officeId: 'o1', kioskId: 'k1', createdAt: T0, expiresAt: T0 },
        auditEntry('create-enrollment-code', 'k1'),
      );
      const enroll = (codeHash: string, kioskId = 'k1') =>
        repository.enrollWithCode({ codeHash, kioskId, credentialHash: `cred-${kioskId}`, at: T1 });
      expect(await enroll('h1', 'k2')).toMatchObject({ ok: false, error: { code: 'code_for_other_kiosk' } });
      expect(await enroll('old')).toMatchObject({ ok: false, error: { code: 'code_expired' } });
      expect(await enroll('nope')).toMatchObject({ ok: false, error: { code: 'unknown_code' } });
      expect(await enroll('h1')).toEqual({ ok: true, value: { officeId: 'o1' } });
      expect(await enroll('h1')).toMatchObject({ ok: false, error: { code: 'code_used' } });
      expect(await repository.findKiosk('k1')).toEqual({
        id: 'k1',
        officeId: 'o1',
        credentialHash: 'cred-k1',
        enrolledAt: T1,
        enrolledVia: 'code',
      });

      expect(await repository.revokeKiosk('k1', T2, auditEntry('revoke-kiosk', 'k1'))).toBe(true);
      expect(await repository.revokeKiosk('k9', T2, auditEntry('revoke-kiosk', 'k9'))).toBe(false);
      expect((await repository.listKiosks()).map((kiosk) => [kiosk.id, kiosk.revokedAt])).toEqual([['k1', T2]]);
      expect((await repository.listAdminAudit(10)).map((entry) => entry.action)).toEqual([
        'revoke-kiosk',
        'create-enrollment-code',
        'create-enrollment-code',
      ]);
      expect((await repository.listAdminAudit(1))[0]).toEqual(auditEntry('revoke-kiosk', 'k1'));
    }),
  );

  it(
    'files a fleet-token request, hands out the credential once approved, again only while unused, and rejects the kiosk’s other requests',
    withStore(async ({ repository }) => {
      await repository.upsertOffice({ id: 'o1', name: 'Office', regionId: 'r1' });
      const ask = (secret: string, at = T1) =>
        repository.enrollWithToken({
          kioskId: 'k1',
          officeId: 'o1',
          requestSecretHash: secret,
          newRequestId: `req-${secret}`,
          credentialHash: `cred-${secret}`,
          at,
        });
      expect(await ask('a')).toEqual({ status: 'pending', officeId: 'o1', requestId: 'req-a', isNew: true });
      expect(await ask('b')).toEqual({ status: 'pending', officeId: 'o1', requestId: 'req-b', isNew: true });
      expect(await ask('a')).toEqual({ status: 'pending', officeId: 'o1', requestId: 'req-a', isNew: false });
      expect((await repository.listEnrollmentRequests({ pendingOnly: true })).map((r) => r.id).sort()).toEqual([
        'req-a',
        'req-b',
      ]);

      const approved = await repository.decideEnrollmentRequest(
        { requestId: 'req-a', decision: 'approved', at: T2, by: 'admin' },
        auditEntry('approve-kiosk', 'req-a'),
      );
      expect(approved).toMatchObject({ ok: true, value: { id: 'req-a', decision: 'approved', decidedBy: 'admin' } });
      expect(
        await repository.decideEnrollmentRequest(
          { requestId: 'req-a', decision: 'rejected', at: T2, by: 'admin' },
          auditEntry('reject-kiosk', 'req-a'),
        ),
      ).toMatchObject({ ok: false, error: { code: 'already_decided' } });
      expect(await repository.listEnrollmentRequests({ pendingOnly: true })).toEqual([]);
      expect(await ask('b')).toEqual({ status: 'refused', reason: 'request_rejected' });

      expect(await ask('a', T3)).toEqual({ status: 'enrolled', officeId: 'o1' });
      // The answer was lost: the same secret collects again while the credential is unused…
      expect(await ask('a', T3)).toEqual({ status: 'enrolled', officeId: 'o1' });
      // …and never once the kiosk has used it.
      await repository.touchKiosk('k1', T3);
      expect(await ask('a', T3)).toEqual({ status: 'refused', reason: 'request_used' });
      expect(await repository.findKiosk('k1')).toMatchObject({ enrolledVia: 'token', lastSeenAt: T3 });
    }),
  );

  it(
    'keeps the lookup log newest first and prunes it by time',
    withStore(async ({ repository }) => {
      const entry = (at: string) => ({ at, kioskId: 'k1', maskedNumber: 'АБ-***3', outcome: 'found' as const });
      await repository.appendLookupLog(entry(T1));
      await repository.appendLookupLog(entry(T2));
      await repository.appendLookupLog(entry(T3));
      expect((await repository.listLookupLog(2)).map((e) => e.at)).toEqual([T3, T2]);
      expect(await repository.pruneLookupLog(T2)).toBe(1);
      expect(await repository.listLookupLog(10)).toEqual([entry(T3), entry(T2)]);
    }),
  );

  it(
    'stores an outbox item once: a replay is a duplicate, a replay with other content also a conflict',
    withStore(async ({ repository }) => {
      const [a, b] = [item(), item()];
      expect(await repository.appendOutbox('k1', [a, b], T1)).toEqual({
        accepted: [a.id, b.id],
        duplicates: [],
        conflicting: [],
        merged: [],
      });
      const changed = { ...b, payload: { printed: 'no' } };
      const c = item();
      expect(await repository.appendOutbox('k1', [a, changed, c], T2)).toEqual({
        accepted: [c.id],
        duplicates: [a.id, b.id],
        conflicting: [b.id],
        merged: [],
      });
      // The same id from another kiosk is another item.
      expect((await repository.appendOutbox('k2', [a], T2)).accepted).toEqual([a.id]);
      const stored = await repository.listOutbox('k1');
      expect(stored.map((s) => [s.id, s.seq, s.payload])).toEqual([
        [a.id, 1, a.payload],
        [b.id, 2, b.payload],
        [c.id, 3, c.payload],
      ]);
      expect(await repository.listOutbox('k1', { afterSeq: 1, limit: 1 })).toEqual([
        { ...b, kioskId: 'k1', seq: 2, receivedAt: T1 },
      ]);
      const bytes = JSON.stringify(a.payload).length;
      expect(await repository.outboxVolume('k1', T2)).toEqual({ items: 1, bytes });
      expect(await repository.outboxVolume('k1', T1)).toEqual({ items: 3, bytes: 3 * bytes });
    }),
  );

  it(
    'stores a batch sent to two hub instances at once exactly once, numbered without gaps',
    withStore(async ({ repository, another }) => {
      const second = await another();
      const batches = Array.from({ length: 8 }, () => [item(), item(), item()]);
      // Every batch reaches both instances, in an interleaved order.
      const answers = await Promise.all(
        batches.flatMap((batch) => [repository.appendOutbox('k1', batch, T1), second.appendOutbox('k1', batch, T1)]),
      );
      const all = batches.flat().map((i) => i.id);
      expect(answers.flatMap((answer) => answer.accepted).sort()).toEqual([...all].sort());
      expect(answers.flatMap((answer) => answer.duplicates)).toHaveLength(all.length);
      expect(answers.flatMap((answer) => answer.conflicting)).toEqual([]);
      const stored = await second.listOutbox('k1');
      expect(stored.map((s) => s.id).sort()).toEqual([...all].sort());
      expect(stored.map((s) => s.seq)).toEqual(all.map((_, i) => i + 1));
    }),
  );

  it(
    'enrolls one kiosk id once when two hub instances take two of its codes at the same moment',
    withStore(async ({ repository, another }) => {
      const second = await another();
      await repository.upsertOffice({ id: 'o1', name: 'Office', regionId: 'r1' });
      for (const codeHash of ['c1', 'c2']) {
        await repository.createEnrollmentCode(
          { codeHash, officeId: 'o1', kioskId: 'k1', createdAt: T0, expiresAt: '2026-12-08T00:00:00.000Z' },
          auditEntry('create-enrollment-code', 'k1'),
        );
      }
      const answers = await Promise.all([
        repository.enrollWithCode({ codeHash: 'c1', kioskId: 'k1', credentialHash: 'one', at: T1 }),
        second.enrollWithCode({ codeHash: 'c2', kioskId: 'k1', credentialHash: 'two', at: T1 }),
      ]);
      expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
      expect(answers.find((answer) => !answer.ok)).toMatchObject({ error: { code: 'kiosk_enrolled' } });
      const winner = answers[0]?.ok ? 'one' : 'two';
      expect((await repository.findKiosk('k1'))?.credentialHash).toBe(winner);
    }),
  );

  // Lifted from the SQLite store's own test (outbox-retention.test.ts).
  it(
    'deletes outbox items received before the cut-off, keeps each kiosk’s newest so arrival numbers go on, and still recognises a replay within the window',
    withStore(async ({ repository }) => {
      const [a, b, c, lone] = [item(), item(), item(), item()];
      await repository.appendOutbox('kiosk-1', [a, b], '2026-01-01T08:00:00.000Z');
      await repository.appendOutbox('kiosk-1', [c], '2026-02-20T08:00:00.000Z');
      // This kiosk's only item is old: kept, as its newest.
      await repository.appendOutbox('kiosk-2', [lone], '2026-01-01T08:00:00.000Z');

      expect(await repository.pruneOutbox('2026-02-01T00:00:00.000Z')).toBe(2);
      expect((await repository.listOutbox('kiosk-1')).map((stored) => [stored.id, stored.seq])).toEqual([[c.id, 3]]);
      expect((await repository.listOutbox('kiosk-2')).map((stored) => stored.id)).toEqual([lone.id]);

      // A replay of a kept item is still a duplicate; a new item gets the next number.
      const next = item();
      const answer = await repository.appendOutbox('kiosk-1', [c, next], '2026-02-21T08:00:00.000Z');
      expect(answer.duplicates).toEqual([c.id]);
      expect(answer.accepted).toEqual([next.id]);
      expect((await repository.listOutbox('kiosk-1')).map((stored) => stored.seq)).toEqual([3, 4]);

      // Everything older than the newest goes once it is past the window.
      expect(await repository.pruneOutbox('2026-12-31T00:00:00.000Z')).toBe(1);
      expect((await repository.listOutbox('kiosk-1')).map((stored) => stored.seq)).toEqual([4]);
    }),
  );
}

const T0 = '2026-12-07T08:00:00.000Z';
const T1 = '2026-12-07T09:00:00.000Z';
const T2 = '2026-12-07T10:00:00.000Z';
const T3 = '2026-12-07T11:00:00.000Z';

function item(kind = 'ticket.print_outcome'): OutboxItem {
  return { id: randomUUID(), kind, at: '2026-01-01T08:00:00.000Z', payload: { printed: 'yes' } };
}

function auditEntry(action: string, subject: string): AdminAuditEntry {
  return { at: T0, actor: 'tester', action, subject, detail: { reason: 'contract', count: 1 } };
}
