import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { TechnicianAuditEntry } from '../../kiosk-config/src/hub/technician-audit';
import { onFreshStore, type StoreUnderContract } from '../db/store-contract';
import type { IssuedTechnicianToken, TechnicianStore } from './technician-store';

const T0 = '2026-12-07T08:00:00.000Z';
const T1 = '2026-12-07T09:00:00.000Z';

function token(nonce: string, issuedAt: string): IssuedTechnicianToken {
  return {
    nonce,
    person: 'Петров И.',
    scope: { kind: 'office', id: 'o1' },
    issuedAt,
    expiresAt: '2026-12-07T17:00:00.000Z',
    issuer: 'admin',
  };
}

const ENTRY: TechnicianAuditEntry = { at: T0, event: 'entry', person: 'Петров И.', method: 'qr' };
const ACTION: TechnicianAuditEntry = {
  at: T0,
  event: 'action',
  person: 'Петров И.',
  action: 'printer.testPage',
  detail: { ok: true, port: '/dev/ttyS0' },
};

/**
 * The tests every `TechnicianStore` passes, one body for both stores: call inside a `describe`
 * of the store's test file, with how to open a fresh store.
 */
export function technicianStoreContract(open: () => Promise<StoreUnderContract<TechnicianStore>>): void {
  const withStore = onFreshStore(open);

  it(
    'keeps the tokens issued, newest first, and refuses a nonce twice',
    withStore(async ({ store }) => {
      await store.insertToken(token('n1', T0));
      await store.insertToken({ ...token('n2', T1), scope: { kind: 'kiosk', id: 'k1' } });
      await expect(store.insertToken(token('n1', T1))).rejects.toThrow();
      expect(await store.listTokens()).toEqual([
        { ...token('n2', T1), scope: { kind: 'kiosk', id: 'k1' } },
        token('n1', T0),
      ]);
      expect(await store.listTokens(1)).toHaveLength(1);
    }),
  );

  it(
    'keeps a kiosk’s audit lines newest first with their detail, and skips an item stored already',
    withStore(async ({ store }) => {
      const [a, b] = [randomUUID(), randomUUID()];
      await store.appendAudit(
        'k1',
        [
          { id: a, entry: ENTRY },
          { id: b, entry: ACTION },
        ],
        T1,
      );
      await store.appendAudit('k1', [{ id: b, entry: ACTION }], T1);
      await store.appendAudit('k2', [{ id: randomUUID(), entry: { at: T1, event: 'exit' } }], T1);
      expect(await store.auditOfKiosk('k1')).toEqual([
        { kioskId: 'k1', ...ACTION, receivedAt: T1 },
        { kioskId: 'k1', ...ENTRY, receivedAt: T1 },
      ]);
      expect(await store.auditOfKiosk('k1', 1)).toHaveLength(1);
      expect(await store.auditOfKiosk('k2')).toEqual([{ kioskId: 'k2', at: T1, event: 'exit', receivedAt: T1 }]);
    }),
  );

  it(
    'stores each line once when the outbox resends a batch to two hub instances at the same moment',
    withStore(async ({ store, another }) => {
      const second = await another();
      const batch = Array.from({ length: 5 }, (_, i) => ({
        id: randomUUID(),
        entry: { ...ACTION, at: `2026-12-07T08:0${i}:00.000Z` },
      }));
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? store : second).appendAudit('k1', batch, T1)),
      );
      const stored = await second.auditOfKiosk('k1');
      expect(stored.map((line) => line.at)).toEqual(batch.map((item) => item.entry.at).reverse());
    }),
  );
}
