import { describe, expect, it } from 'vitest';
import { type CallHandlers, createCallDispatcher } from '../api/call-dispatcher';
import { memoryLogger } from '../test-support';
import { DiskGuard, refuseWorkWhenDiskFull, type StatFs } from './disk-space';

const MiB = 1024 * 1024;

/** A file system whose free space the test sets (4 KiB blocks, as ext4). */
function fakeDisk(freeBytes: number) {
  const disk = { freeBytes };
  const statfs: StatFs = async () => ({ bavail: BigInt(Math.floor(disk.freeBytes / 4096)), bsize: 4096 });
  return { disk, statfs };
}

/** Handlers of the work calls that count how often the service was reached. */
function countingHandlers() {
  const reached: string[] = [];
  const answer = (name: string) => async () => {
    reached.push(name);
    return { ok: false as const, error: { code: 'office_closed' as const, message: 'reached the service' } };
  };
  const handlers = {
    'tickets.issue': answer('tickets.issue'),
    'tickets.checkIn': answer('tickets.checkIn'),
    'payments.start': answer('payments.start'),
    'status.lookup': answer('status.lookup'),
  } as unknown as CallHandlers;
  return { handlers, reached };
}

describe('the free-space floor', () => {
  it('refuses new tickets and payments with disk_full below the floor, alerts the technician once, and accepts work again once space is freed', async () => {
    const memory = memoryLogger();
    const { disk, statfs } = fakeDisk(100 * MiB);
    const alerts: unknown[] = [];
    const guard = new DiskGuard({
      dir: '/kiosk-data',
      log: memory.log,
      floorBytes: 256 * MiB,
      statfs,
      alert: async (free) => {
        alerts.push(free);
      },
    });
    const { handlers, reached } = countingHandlers();
    const dispatch = createCallDispatcher(refuseWorkWhenDiskFull(handlers, guard), memory.log);

    const refusedTicket = await dispatch('tickets.issue', { serviceId: 'passport' });
    expect(refusedTicket).toMatchObject({ ok: false, error: { code: 'disk_full' } });
    expect(
      await dispatch('payments.start', { subject: { kind: 'fee', serviceId: 'passport' }, amountMinor: 200_000 }),
    ).toMatchObject({ ok: false, error: { code: 'disk_full' } });
    expect(await dispatch('tickets.checkIn', { code: '12345678' })).toMatchObject({
      ok: false,
      error: { code: 'disk_full' },
    });
    // Nothing reached the services: no journal line was started.
    expect(reached.filter((name) => name !== 'status.lookup')).toEqual([]);
    // One alert and one error line for the crossing, not one per refusal.
    expect(alerts).toEqual([{ freeBytes: 100 * MiB, floorBytes: 256 * MiB }]);
    const errors = memory.lines().filter((line) => line.level === 50);
    expect(errors).toHaveLength(1);
    expect(String(errors[0]?.msg)).toMatch(/below the floor/);

    // A status lookup is not new work: it is not refused.
    await dispatch('status.lookup', { number: '12345' });

    disk.freeBytes = 2048 * MiB;
    expect(await dispatch('tickets.issue', { serviceId: 'passport' })).toMatchObject({
      error: { message: 'reached the service' },
    });
    expect(reached).toContain('tickets.issue');
    expect(memory.text()).toMatch(/above the floor again/);
  });

  it('does not stop the kiosk when the free space cannot be read', async () => {
    const memory = memoryLogger();
    const guard = new DiskGuard({
      dir: '/kiosk-data',
      log: memory.log,
      statfs: async () => {
        throw Object.assign(new Error('no statfs'), { code: 'ENOSYS' });
      },
    });
    expect(await guard.check()).toEqual({ ok: true, freeBytes: null });
  });
});
