import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApplicationStatus } from '../../kiosk-config/src/hub/hub-api';
import { DEMO_APPLICATIONS, DEMO_HUB_CONFIG, DEMO_OFFICE_ID, seedDemo } from '../db/demo-seed';
import { SqliteHubRepository } from '../db/sqlite/sqlite-hub-repository';
import { resolveHubConfig } from './hub-config';
import { factorValueMatches, StatusLookupService } from './status-lookup';

describe('StatusLookupService', () => {
  let repository: SqliteHubRepository;
  let now: number;
  let service: StatusLookupService;
  const here = { id: 'kiosk-here', officeId: DEMO_OFFICE_ID };
  const strict = { id: 'kiosk-strict', officeId: 'mfc-demo-03' };

  beforeEach(async () => {
    repository = SqliteHubRepository.open(':memory:');
    await seedDemo(repository, '2026-11-23');
    now = Date.parse('2026-11-23T09:00:00Z');
    service = new StatusLookupService({ repository, config: resolveHubConfig(DEMO_HUB_CONFIG), now: () => now });
  });
  afterEach(async () => {
    await repository.close();
  });

  it('covers every status with the demo data', () => {
    expect(new Set(DEMO_APPLICATIONS.map((d) => d.status))).toEqual(new Set(ApplicationStatus.options));
  });

  it('shows dates only where they mean something: expected while pending, storage while ready', async () => {
    const ready = await service.lookup(here, 'КУВД-001/2021-3670443');
    expect(ready).toMatchObject({ response: { application: { storageUntil: '2026-12-23' } } });
    const pending = await service.lookup(here, '2345678901');
    expect(pending).toMatchObject({ response: { application: { expectedOn: '2026-12-03' } } });
    const issued = await service.lookup(here, '3456789012');
    if (issued.kind !== 'response' || issued.response.outcome !== 'found') throw new Error('not found');
    expect(issued.response.application).not.toHaveProperty('storageUntil');
    expect(issued.response.application).not.toHaveProperty('expectedOn');
  });

  it('in a region that asks a second factor, an unknown number looks like a known one until the factor comes', async () => {
    expect(await service.lookup(strict, '1111111111')).toEqual({
      kind: 'response',
      response: { outcome: 'second_factor_required', accepted: ['phone_last4'] },
    });
    // With a factor, it answers as a wrong factor does for a number that exists.
    expect(await service.lookup(strict, '1111111111', { kind: 'phone_last4', value: '1234' })).toEqual({
      kind: 'response',
      response: { outcome: 'second_factor_mismatch' },
    });
    // Elsewhere an unknown number is simply not found.
    expect(await service.lookup(here, '1111111111')).toEqual({ kind: 'response', response: { outcome: 'not_found' } });
  });

  it('answers a wrong factor for an existing number exactly as a missing number, by the same steps', async () => {
    // Every repository call, in order: the two answers must do the same work.
    const calls: string[] = [];
    const recording = new Proxy(repository, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(property));
          return value.apply(target, args);
        };
      },
    });
    const phoneRegion = new StatusLookupService({
      repository: recording,
      config: resolveHubConfig(DEMO_HUB_CONFIG),
      now: () => now,
    });
    const wrong = { kind: 'phone_last4', value: '0000' } as const;
    const existing = await phoneRegion.lookup(strict, 'КУВД-003/2025-7788990', wrong);
    const existingCalls = calls.splice(0);
    const missing = await phoneRegion.lookup(strict, 'КУВД-003/2025-7788991', wrong);
    const missingCalls = calls.splice(0);
    expect(existing).toEqual({ kind: 'response', response: { outcome: 'second_factor_mismatch' } });
    expect(missing).toEqual(existing);
    expect(missingCalls).toEqual(existingCalls);
    expect(existingCalls).toEqual(['findApplication', 'findOffice', 'appendLookupLog']);
    // The lookup log cannot tell them apart either (beyond the masked number).
    const log = await repository.listLookupLog(2);
    expect(log.map((e) => e.outcome)).toEqual(['second_factor_mismatch', 'second_factor_mismatch']);
    // The right factor still finds it.
    expect(
      await phoneRegion.lookup(strict, 'КУВД-003/2025-7788990', { kind: 'phone_last4', value: '4321' }),
    ).toMatchObject({ response: { outcome: 'found' } });
  });

  it('compares factors in constant time, against a dummy when there is nothing to compare with', () => {
    expect(factorValueMatches('4321', '4321')).toBe(true);
    expect(factorValueMatches('4321', '4320')).toBe(false);
    expect(factorValueMatches(undefined, '4321')).toBe(false);
    expect(factorValueMatches('2026-11-22', '4321')).toBe(false);
    expect(factorValueMatches('', '')).toBe(false);
  });

  it('matches a filing date where the region accepts one', async () => {
    const byDate = new StatusLookupService({
      repository,
      config: resolveHubConfig({ regions: { demo: { secondFactor: ['filing_date'] } } }),
      now: () => now,
    });
    expect(await byDate.lookup(here, '2345678901', { kind: 'filing_date', value: '2026-11-21' })).toMatchObject({
      response: { outcome: 'second_factor_mismatch' },
    });
    expect(await byDate.lookup(here, '2345678901', { kind: 'filing_date', value: '2026-11-22' })).toMatchObject({
      response: { outcome: 'found' },
    });
  });

  it('counts refused lookups against nobody else and lets them through when the window has slid', async () => {
    const tight = new StatusLookupService({
      repository,
      config: resolveHubConfig({ lookupLimitPerNumber: { limit: 1, windowSeconds: 60 } }),
      now: () => now,
    });
    expect((await tight.lookup(here, '2345678901')).kind).toBe('response');
    expect(await tight.lookup(here, '2345678901')).toEqual({
      kind: 'rate_limited',
      retryAfterSeconds: 60,
      scope: 'number',
    });
    now += 60_000;
    expect((await tight.lookup(here, '2345678901')).kind).toBe('response');
    const log = await repository.listLookupLog(10);
    expect(log.map((e) => e.outcome)).toEqual(['found', 'rate_limited_number', 'found']);
    expect(new Set(log.map((e) => e.maskedNumber))).toEqual(new Set(['***8901']));
  });
  it('keeps no application number in the per-number limiter: its keys are keyed hashes', async () => {
    const service = new StatusLookupService({ repository, config: resolveHubConfig({}), now: () => now });
    const numbers = ['2345678901', '1111111111', 'КУВД-001/2021-3670443'];
    for (const number of numbers) await service.lookup(here, number);
    const keys = service.perNumberKeys();
    expect(keys).toHaveLength(numbers.length);
    for (const number of numbers) {
      for (const key of keys) {
        expect(key).not.toContain(number);
        expect(key).not.toContain(number.slice(-4));
      }
    }
    // Still counted per number: the same number maps to the same key.
    await service.lookup(here, numbers[0] as string);
    expect(service.perNumberKeys()).toHaveLength(numbers.length);
    // Another process (another service) hashes under another key: the hashes are not a lookup table.
    const other = new StatusLookupService({ repository, config: resolveHubConfig({}), now: () => now });
    await other.lookup(here, numbers[0] as string);
    expect(keys).not.toContain(other.perNumberKeys()[0]);
  });
});
