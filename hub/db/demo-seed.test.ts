import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApplicationNumber } from '../../kiosk-config/src/hub/application-number';
import { isValidBookingCode } from '../../kiosk-config/src/hub/booking-code';
import { ApplicationStatus } from '../../kiosk-config/src/hub/hub-api';
import { refreshDemoBooking } from './demo-queue-seed';
import {
  addDays,
  DEMO_APPLICATIONS,
  DEMO_BOOKED_SERVICE_ID,
  DEMO_BOOKING_CODES,
  DEMO_CATALOGUE,
  DEMO_HISTORY_PREFIX,
  DEMO_OFFICES,
  DEMO_SERVICE_MINUTES,
  DEMO_SERVICES,
  demoApplicationRecord,
  isoDateIn,
  seedDemo,
} from './demo-seed';
import { SqliteHubRepository } from './sqlite/sqlite-hub-repository';

const doc = readFileSync(path.join(import.meta.dirname, '../../docs/operations/hub.md'), 'utf8');
const queueDoc = readFileSync(path.join(import.meta.dirname, '../../docs/queue.md'), 'utf8');

describe('demo seed', () => {
  it('has the kiosk default office, every status, and valid numbers in several formats', () => {
    expect(DEMO_OFFICES[0]).toMatchObject({ id: 'mfc-demo-01', name: 'МФЦ «Мои Документы», с. Берёзовка' });
    expect(new Set(DEMO_APPLICATIONS.map((d) => d.status))).toEqual(new Set(ApplicationStatus.options));
    for (const demo of DEMO_APPLICATIONS) {
      expect(ApplicationNumber.safeParse(demo.number).success, demo.number).toBe(true);
      expect(DEMO_SERVICES.map((s) => s.id)).toContain(demo.serviceId);
      expect(DEMO_OFFICES.map((o) => o.id)).toContain(demo.officeId);
    }
    const numbers = DEMO_APPLICATIONS.map((d) => d.number);
    expect(numbers).toEqual(expect.arrayContaining(['КУВД-001/2021-3670443', 'PKPVDMFC-2021-01-28-548444']));
    expect(numbers.some((n) => /^\d{10}$/.test(n))).toBe(true);
  });

  it('dates every application from today', () => {
    const record = demoApplicationRecord(DEMO_APPLICATIONS[0] as (typeof DEMO_APPLICATIONS)[number], '2026-03-01');
    expect(record).toMatchObject({
      filedOn: '2026-02-17',
      storageUntil: '2026-03-31',
      number: 'КУВД-001/2021-3670443',
    });
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(isoDateIn(new Date('2026-01-01T22:30:00Z'), 'Europe/Moscow')).toBe('2026-01-02');
  });

  it('is listed in docs/operations/hub.md, number by number with its status', () => {
    for (const demo of DEMO_APPLICATIONS) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${demo.number}\``));
      expect(row, demo.number).toBeDefined();
      expect(row).toContain(`\`${demo.status}\``);
      if (demo.phoneLast4) expect(row).toContain(demo.phoneLast4);
    }
  });

  it('lists every demo booking code in docs/queue.md, each a valid code', () => {
    for (const [name, code] of Object.entries(DEMO_BOOKING_CODES)) {
      expect(isValidBookingCode(code), name).toBe(true);
      expect(queueDoc, name).toContain(`\`${code}\``);
    }
    expect(new Set(Object.values(DEMO_BOOKING_CODES)).size).toBe(Object.keys(DEMO_BOOKING_CODES).length);
  });

  it('gives every office the demo catalogue, open every day, with one booking-only service', async () => {
    expect(DEMO_CATALOGUE.hours?.sun).toEqual([{ from: '00:00', to: '23:59' }]);
    expect(DEMO_CATALOGUE.services.filter((s) => s.bookingRequired).map((s) => s.id)).toEqual([DEMO_BOOKED_SERVICE_ID]);
    expect(DEMO_CATALOGUE.services.every((s) => s.summary !== undefined)).toBe(true);
    const repository = SqliteHubRepository.open(':memory:');
    try {
      const now = new Date('2026-11-23T09:00:00Z');
      await seedDemo(repository, '2026-11-23', { now });
      // Idempotent: a second start adds nothing and re-dates the history.
      const later = new Date('2026-11-30T09:00:00Z');
      await seedDemo(repository, '2026-11-30', { now: later });
      for (const office of DEMO_OFFICES)
        expect(await repository.findOfficeCatalogue(office.id)).toEqual(DEMO_CATALOGUE);
      expect(await repository.findBooking(DEMO_BOOKING_CODES.checksIn)).toMatchObject({
        state: 'booked',
        slotStart: '2026-11-30T09:05:00.000Z',
      });
      const durations = await repository.listServiceDurations(
        DEMO_OFFICES[0]?.id as string,
        DEMO_HISTORY_PREFIX,
        '2026-11-28T00:00:00Z',
        100,
      );
      expect(durations.map((ms) => ms / 60_000).sort()).toEqual([...DEMO_SERVICE_MINUTES].sort());
    } finally {
      await repository.close();
    }
  });

  it('keeps the "checks in" booking 5 minutes ahead while it is unused, and leaves it once used', async () => {
    const repository = SqliteHubRepository.open(':memory:');
    try {
      await seedDemo(repository, '2026-11-23', { now: new Date('2026-11-23T09:00:00Z') });
      await refreshDemoBooking(repository, new Date('2026-11-23T11:40:00Z'));
      const moved = await repository.findBooking(DEMO_BOOKING_CODES.checksIn);
      expect(moved).toMatchObject({ state: 'booked', slotStart: '2026-11-23T11:45:00.000Z' });
      await repository.upsertBooking({
        ...(moved as NonNullable<typeof moved>),
        state: 'checked_in',
        ticketId: '00000000-0000-4000-8000-000000000001',
      });
      await refreshDemoBooking(repository, new Date('2026-11-23T12:40:00Z'));
      expect(await repository.findBooking(DEMO_BOOKING_CODES.checksIn)).toMatchObject({
        state: 'checked_in',
        slotStart: '2026-11-23T11:45:00.000Z',
      });
    } finally {
      await repository.close();
    }
  });
});
