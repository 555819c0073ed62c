import { expect, it } from 'vitest';
import { onFreshStore, type StoreUnderContract } from '../db/store-contract';
import { ConsoleSessions } from './console-sessions';
import type { ConsoleAuditEntry, ConsoleSessionRecord, ConsoleStore } from './console-store';
import { SignInLimits } from './sign-in-limits';

const T0 = '2026-12-07T08:00:00.000Z';
const T1 = '2026-12-07T09:00:00.000Z';
const T2 = '2026-12-07T10:00:00.000Z';

function session(idHash: string, login: string, at = T0): ConsoleSessionRecord {
  return { idHash, login, csrfToken: `csrf-${idHash}`, createdAt: at, lastSeenAt: at, expiresAt: T2 };
}

/**
 * The tests every `ConsoleStore` passes, one body for both stores: call inside a `describe` of
 * the store's test file, with how to open a fresh store.
 */
export function consoleStoreContract(open: () => Promise<StoreUnderContract<ConsoleStore>>): void {
  const withStore = onFreshStore(open);

  it(
    'keeps users with their office, lists them by login, changes a password and disables, ending their sessions',
    withStore(async ({ store, addOffice }) => {
      await addOffice('o1', 'Офис');
      await store.addUser({ login: 'boris', role: 'regional_admin', passwordHash: 'h-b', at: T0 });
      await store.addUser({ login: 'anna', role: 'office_head', officeId: 'o1', passwordHash: 'h-a', at: T0 });
      await expect(store.addUser({ login: 'anna', role: 'technician', passwordHash: 'x', at: T0 })).rejects.toThrow();
      await expect(store.addUser({ login: 'vera', role: 'office_head', passwordHash: 'x', at: T0 })).rejects.toThrow();
      expect(await store.findUser('anna')).toEqual({
        login: 'anna',
        role: 'office_head',
        officeId: 'o1',
        passwordHash: 'h-a',
        createdAt: T0,
        passwordChangedAt: T0,
      });
      expect(await store.findUser('nobody')).toBeUndefined();
      expect((await store.listUsers()).map((user) => user.login)).toEqual(['anna', 'boris']);

      await store.createSession(session('s1', 'anna'));
      expect(await store.setPassword('anna', 'h-a2', T1)).toBe(true);
      expect(await store.setPassword('nobody', 'x', T1)).toBe(false);
      expect(await store.findSession('s1')).toBeUndefined();
      expect(await store.findUser('anna')).toMatchObject({ passwordHash: 'h-a2', passwordChangedAt: T1 });

      await store.createSession(session('s2', 'anna'));
      expect(await store.disableUser('anna', T1)).toBe(true);
      // Disabling again keeps the first time.
      expect(await store.disableUser('anna', T2)).toBe(true);
      expect(await store.disableUser('nobody', T1)).toBe(false);
      expect(await store.findSession('s2')).toBeUndefined();
      expect((await store.findUser('anna'))?.disabledAt).toBe(T1);
    }),
  );

  it(
    'finds a session with its user from any instance, touches, ends and prunes it',
    withStore(async ({ store, another }) => {
      const second = await another();
      await store.addUser({ login: 'anna', role: 'technician', passwordHash: 'h', at: T0 });
      await store.createSession(session('s1', 'anna'));
      await store.createSession(session('s2', 'anna', T1));
      const found = await second.findSession('s1');
      expect(found).toEqual({
        session: session('s1', 'anna'),
        user: { login: 'anna', role: 'technician', passwordHash: 'h', createdAt: T0, passwordChangedAt: T0 },
      });
      await second.touchSession('s1', T1);
      expect((await store.findSession('s1'))?.session.lastSeenAt).toBe(T1);
      await store.deleteSession('s1');
      expect(await second.findSession('s1')).toBeUndefined();
      expect(await store.findSession('unknown')).toBeUndefined();

      // Idle since before T1 or past its absolute end goes; s3 is neither.
      await store.createSession(session('s3', 'anna', T2));
      expect(await second.pruneSessions('2026-12-07T09:30:00.000Z', '2026-12-07T09:45:00.000Z')).toBe(1);
      expect(await store.findSession('s3')).toBeDefined();
      expect(await store.pruneSessions(T0, T2)).toBe(1);
      expect(await store.findSession('s3')).toBeUndefined();
    }),
  );

  it(
    'signs in on one instance and is known, then signed out, on another',
    withStore(async ({ store, another }) => {
      let now = Date.parse(T0);
      const first = new ConsoleSessions(store, () => now);
      const second = new ConsoleSessions(await another(), () => now);
      await store.addUser({ login: 'anna', role: 'technician', passwordHash: 'h', at: T0 });
      const started = await first.start('anna');
      now += 5 * 60_000;
      const live = await second.resume(started.id);
      expect(live).toMatchObject({ csrfToken: started.csrfToken, user: { login: 'anna', role: 'technician' } });
      await second.end(live?.idHash ?? '');
      expect(await first.resume(started.id)).toBeUndefined();
    }),
  );

  it(
    'counts failures, forgets a count older than the cut-off with its lock-out, keeps the later lock-out and clears',
    withStore(async ({ store }) => {
      expect(await store.countFailure('user:anna', T0, '2026-12-06T00:00:00.000Z')).toBe(1);
      expect(await store.countFailure('user:anna', T1, '2026-12-06T00:00:00.000Z')).toBe(2);
      expect(await store.findLimit('user:anna')).toEqual({ key: 'user:anna', failures: 2, lastFailureAt: T1 });
      await store.lockUntil('user:anna', T2);
      await store.lockUntil('user:anna', T1);
      expect(await store.findLimit('user:anna')).toEqual({
        key: 'user:anna',
        failures: 2,
        lastFailureAt: T1,
        lockedUntil: T2,
      });
      // The last failure (T1) is at or before the cut-off: a fresh count, no lock-out.
      expect(await store.countFailure('user:anna', T2, T1)).toBe(1);
      expect(await store.findLimit('user:anna')).toEqual({ key: 'user:anna', failures: 1, lastFailureAt: T2 });
      await store.lockUntil('nobody', T2);
      expect(await store.findLimit('nobody')).toBeUndefined();
      await store.clearLimit('user:anna');
      expect(await store.findLimit('user:anna')).toBeUndefined();
    }),
  );

  it(
    'adds up failures two hub instances count for the same key at the same moment',
    withStore(async ({ store, another }) => {
      const second = await another();
      const counts = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? store : second).countFailure('ip:10.0.0.1', T1, '2026-12-06T00:00:00.000Z'),
        ),
      );
      expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await store.findLimit('ip:10.0.0.1'))?.failures).toBe(20);

      // Through the limiter: five failures of one user spread over both instances lock it out.
      const now = () => Date.parse(T1);
      const limits = [new SignInLimits(store, now), new SignInLimits(second, now)];
      await Promise.all(Array.from({ length: 5 }, (_, i) => limits[i % 2]?.recordFailure('anna', `10.0.1.${i}`)));
      expect((await store.findLimit('user:anna'))?.failures).toBe(5);
      expect(await limits[0]?.waitSeconds('anna', '10.0.2.1')).toBe(60);
      expect(await limits[1]?.waitSeconds('anna', '10.0.2.1')).toBe(60);
    }),
  );

  it(
    'keeps the audit newest first with its detail, and lists the offices by name',
    withStore(async ({ store, addOffice }) => {
      const failed: ConsoleAuditEntry = { at: T0, actor: '-', action: 'sign_in_failed', subject: '-', detail: {} };
      const issued: ConsoleAuditEntry = {
        at: T1,
        actor: 'anna',
        action: 'command_issued',
        subject: 'kiosk-1',
        address: '10.0.0.1',
        detail: { kind: 'printer.testPage', ok: true, hours: 2 },
      };
      await store.appendAudit(failed);
      await store.appendAudit(issued);
      expect(await store.listAudit(10)).toEqual([issued, failed]);
      expect(await store.listAudit(1)).toHaveLength(1);

      await addOffice('o2', 'МФЦ Озёрки');
      await addOffice('o1', 'МФЦ Задонск');
      await addOffice('o3', 'МФЦ Задонск');
      expect(await store.listOffices()).toEqual([
        { id: 'o1', name: 'МФЦ Задонск' },
        { id: 'o3', name: 'МФЦ Задонск' },
        { id: 'o2', name: 'МФЦ Озёрки' },
      ]);
    }),
  );
}
