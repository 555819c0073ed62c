import { describe, expect, it } from 'vitest';
import {
  BenchInstances,
  BenchStore,
  type ConfigurationResult,
  combineReports,
  configurationKey,
  highestRates,
  instanceOfKiosk,
  mergeConfigurations,
} from './hub-rate-results';

const run = (variant: string, lookups: number, heartbeats: number) => ({
  variant,
  statusLookup: { highestRateWithinGoal: lookups, phases: [] },
  heartbeat: { highestRateWithinGoal: heartbeats, phases: [] },
});
const configuration = (at: string, ...runs: ReturnType<typeof run>[]): ConfigurationResult => ({ at, runs });

describe('the fixed-rate bench’s settings', () => {
  it('takes a store and one or two instances, and refuses anything else', () => {
    expect(BenchStore.parse('postgres')).toBe('postgres');
    expect(() => BenchStore.parse('mysql')).toThrow();
    expect(BenchInstances.parse('2')).toBe(2);
    expect(() => BenchInstances.parse('3')).toThrow();
    expect(configurationKey('postgres', 2)).toBe('postgres-2');
  });

  it('sends each kiosk to one instance, always the same, and spreads the fleet over them', () => {
    expect([0, 1, 2, 3].map((kiosk) => instanceOfKiosk(kiosk, 2))).toEqual([0, 1, 0, 1]);
    expect(instanceOfKiosk(7, 1)).toBe(0);
  });

  it('sums the instances’ CPU and keeps the worst event-loop delay', () => {
    expect(
      combineReports([
        { delayMs: { p50: 1, p99: 9, max: 30 }, cpuMicros: 100 },
        { delayMs: { p50: 2, p99: 4, max: 50 }, cpuMicros: 250 },
      ]),
    ).toEqual({ delayMs: { p50: 2, p99: 9, max: 50 }, cpuMicros: 350 });
  });
});

describe('bench/results/hub-rate.json', () => {
  it('keeps every store’s last run and replaces the one measured again', () => {
    const previous = {
      name: 'hub-rate',
      configurations: {
        'sqlite-1': configuration('t1', run('shipped', 3000, 5000)),
        'postgres-1': configuration('t1', run('shipped', 500, 1000)),
      },
    };
    const merged = mergeConfigurations(previous, 'postgres-1', configuration('t2', run('shipped', 2000, 2000)));
    expect(merged).toEqual({
      'sqlite-1': configuration('t1', run('shipped', 3000, 5000)),
      'postgres-1': configuration('t2', run('shipped', 2000, 2000)),
    });
  });

  it('reads the file of before (one SQLite run at its top level) as sqlite-1, its figures kept whole', () => {
    const older = {
      name: 'hub-rate',
      at: 't0',
      machine: { node: 'v20' },
      kiosks: 500,
      runs: [{ ...run('fixes-off', 5000, 5000), store: 'sqlite', instances: 1 }],
    };
    const merged = mergeConfigurations(older, 'postgres-2', configuration('t2', run('shipped', 1000, 2000)));
    expect(merged['sqlite-1']).toEqual({
      at: 't0',
      kiosks: 500,
      runs: [{ ...run('fixes-off', 5000, 5000), store: 'sqlite', instances: 1 }],
    });
    expect(Object.keys(merged).sort()).toEqual(['postgres-2', 'sqlite-1']);
  });

  it('starts afresh from a file it cannot read', () => {
    const latest = configuration('t2', run('shipped', 1, 2));
    expect(mergeConfigurations(undefined, 'sqlite-1', latest)).toEqual({ 'sqlite-1': latest });
    expect(mergeConfigurations({ runs: 'garbage' }, 'sqlite-1', latest)).toEqual({ 'sqlite-1': latest });
  });

  it('lists the highest rate within the goal per store, instances, variant and kind', () => {
    expect(
      highestRates({
        'sqlite-1': configuration('t1', run('fixes-off', 5000, 5000), run('shipped', 3000, 5000)),
        'postgres-2': configuration('t2', run('shipped', 2000, 3000)),
      }),
    ).toEqual([
      { configuration: 'postgres-2', variant: 'shipped', at: 't2', statusLookups: 2000, heartbeats: 3000 },
      { configuration: 'sqlite-1', variant: 'fixes-off', at: 't1', statusLookups: 5000, heartbeats: 5000 },
      { configuration: 'sqlite-1', variant: 'shipped', at: 't1', statusLookups: 3000, heartbeats: 5000 },
    ]);
  });
});
