import { expect, it } from 'vitest';
import type { CallbackRecord, HelpRequestRecord, HelpStore } from './help-store';

/**
 * One store under the contract: a fresh, empty one (`store`), `another` instance on the same data
 * (a second SQLite connection, a second PostgreSQL pool: a second hub process), and the phone
 * numbers still anywhere in the call-backs' table, read by the test file with its own SQL (the
 * interface has no way to read an erased number, which is the point).
 */
export interface HelpContractStore {
  store: HelpStore;
  another(): Promise<HelpStore>;
  storedPhones(): Promise<string[]>;
}

const request = (requestId: string, officeId = 'o1', raisedAt = '2026-12-07T09:00:00.000Z'): HelpRequestRecord => ({
  requestId,
  kioskId: 'k1',
  officeId,
  screen: 'screen-status',
  raisedAt,
});

const callback = (requestId: string, phone: string, requestedAt = '2026-12-07T09:00:00.000Z'): CallbackRecord => ({
  requestId,
  kioskId: 'k1',
  officeId: 'o1',
  centreId: '000',
  screen: 'screen-home',
  phone,
  requestedAt,
});

/** Twenty calls spread over two instances at once, as two hub processes would take them. */
async function race<T>(stores: readonly [HelpStore, HelpStore], call: (store: HelpStore, i: number) => Promise<T>) {
  return Promise.all(Array.from({ length: 20 }, (_, i) => call(stores[i % 2] as HelpStore, i)));
}

/** The tests every `HelpStore` passes: call inside a `describe` of the store's test file. */
export function helpStoreContract(openStore: () => Promise<HelpContractStore>): void {
  it('keeps help requests per office, oldest first, counts the open ones ahead, and takes a retry once', async () => {
    const { store } = await openStore();
    expect(await store.raise(request('r1'))).toEqual({ ahead: 0 });
    expect(await store.raise(request('other-office', 'o2'))).toEqual({ ahead: 0 });
    expect(await store.raise(request('r2', 'o1', '2026-12-07T09:01:00.000Z'))).toEqual({ ahead: 1 });
    expect(await store.raise(request('r1'))).toEqual({ ahead: 0 });
    expect(await store.openRequests('o1')).toEqual([request('r1'), request('r2', 'o1', '2026-12-07T09:01:00.000Z')]);

    expect(await store.markAnswered('o2', 'r1', 'anna', '2026-12-07T09:02:00.000Z')).toBe(false);
    expect(await store.markAnswered('o1', 'r1', 'anna', '2026-12-07T09:02:00.000Z')).toBe(true);
    expect(await store.markAnswered('o1', 'r1', 'anna', '2026-12-07T09:03:00.000Z')).toBe(false);
    expect((await store.openRequests('o1')).map((r) => r.requestId)).toEqual(['r2']);
    // An answered request is no longer ahead of anyone.
    expect(await store.raise(request('r2', 'o1', '2026-12-07T09:01:00.000Z'))).toEqual({ ahead: 0 });
    expect(await store.raise(request('r3'))).toEqual({ ahead: 1 });
  });

  it('queues call-backs per centre and erases the number when the call is made or the call-back expires', async () => {
    const { store, storedPhones } = await openStore();
    expect(await store.queueCallback(callback('c1', '9001112233', '2026-12-06T08:00:00.000Z'))).toEqual({ ahead: 0 });
    expect(await store.queueCallback(callback('c2', '9004445566'))).toEqual({ ahead: 1 });
    expect(await store.queueCallback(callback('c3', '9007778899'))).toEqual({ ahead: 2 });
    expect(await store.queueCallback(callback('c2', '9004445566'))).toEqual({ ahead: 1 });
    expect(await store.openCallbacks('000')).toEqual([
      callback('c1', '9001112233', '2026-12-06T08:00:00.000Z'),
      callback('c2', '9004445566'),
      callback('c3', '9007778899'),
    ]);
    expect(await store.openCallbacks('001')).toEqual([]);

    expect(await store.closeCallback('000', 'c2', 'called', 'operator-1', '2026-12-07T09:05:00.000Z')).toBe(true);
    expect(await store.closeCallback('000', 'c2', 'called', 'operator-1', '2026-12-07T09:06:00.000Z')).toBe(false);
    expect(await store.closeCallback('001', 'c3', 'called', 'operator-1', '2026-12-07T09:06:00.000Z')).toBe(false);
    expect((await storedPhones()).sort()).toEqual(['9001112233', '9007778899']);

    expect(await store.expireCallbacks('2026-12-07T00:00:00.000Z', '2026-12-07T09:10:00.000Z')).toBe(1);
    expect(await store.expireCallbacks('2026-12-07T00:00:00.000Z', '2026-12-07T09:11:00.000Z')).toBe(0);
    expect(await store.closeCallback('000', 'c1', 'called', 'operator-1', '2026-12-07T09:12:00.000Z')).toBe(false);
    expect(await storedPhones()).toEqual(['9007778899']);
    expect((await store.openCallbacks('000')).map((c) => c.requestId)).toEqual(['c3']);
  });

  it('gives requests raised at once on two instances each a different place in the office’s line', async () => {
    const { store, another } = await openStore();
    const stores = [store, await another()] as const;
    const answers = await race(stores, (instance, i) => instance.raise(request(`race-${i}`)));
    // Each place once: 0 for the first to commit, 19 for the last, in the order the console lists them.
    expect(answers.map((a) => a.ahead).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const listed = (await stores[1].openRequests('o1')).map((r) => r.requestId);
    expect(listed).toHaveLength(20);
    for (const [i, answer] of answers.entries()) expect(listed[answer.ahead]).toBe(`race-${i}`);
  });

  it('gives call-backs queued at once on two instances each a different place, and stores a retry once', async () => {
    const { store, another } = await openStore();
    const stores = [store, await another()] as const;
    const answers = await race(stores, (instance, i) => instance.queueCallback(callback(`race-${i}`, '9001112233')));
    expect(answers.map((a) => a.ahead).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const listed = (await stores[0].openCallbacks('000')).map((c) => c.requestId);
    for (const [i, answer] of answers.entries()) expect(listed[answer.ahead]).toBe(`race-${i}`);

    const retries = await race(stores, (instance) => instance.queueCallback(callback('retried', '9004445566')));
    expect(new Set(retries.map((a) => a.ahead))).toEqual(new Set([20]));
    expect(await stores[1].openCallbacks('000')).toHaveLength(21);
  });
}
