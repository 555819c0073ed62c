import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApplicationNumber } from '../../kiosk-config/src/hub/application-number';
import { ApplicationStatus } from '../../kiosk-config/src/hub/hub-api';
import { addDays, DEMO_APPLICATIONS, DEMO_OFFICES, DEMO_SERVICES, demoApplicationRecord, isoDateIn } from './demo-seed';

const doc = readFileSync(path.join(import.meta.dirname, '../../docs/operations/hub.md'), 'utf8');

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
});
