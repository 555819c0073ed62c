/**
 * The pure parts of the fixed-rate hub bench (bench/hub-rate.bench.ts): which instance a kiosk's
 * requests go to, the instances' reports summed up, and bench/results/hub-rate.json, which keeps
 * one set of figures per store and number of instances, each replaced by its own next run.
 */
import { z } from 'zod';

/** Where the bench's hub keeps its data. */
export const BenchStore = z.enum(['sqlite', 'postgres']);
export type BenchStore = z.infer<typeof BenchStore>;

/** How many hub processes serve the fleet (on one database: PostgreSQL only). */
export const BenchInstances = z.enum(['1', '2']).transform(Number);

/** The key of a store and number of instances in the results file: `sqlite-1`, `postgres-2`. */
export function configurationKey(store: BenchStore, instances: number): string {
  return `${store}-${instances}`;
}

/**
 * The instance that serves kiosk number `kiosk`: always the same one, as a load balancer routes
 * by kiosk id (the hub keeps each kiosk's fleet state in the memory of the instance it reaches).
 */
export function instanceOfKiosk(kiosk: number, instances: number): number {
  return kiosk % instances;
}

/** What a hub process reports of a phase: its event-loop delay and its CPU time, µs. */
export interface HubReport {
  delayMs: { p50: number; p99: number; max: number };
  cpuMicros: number;
}

/** The instances' reports as one: the worst event-loop delay of any, the CPU time of all. */
export function combineReports(reports: readonly HubReport[]): HubReport {
  const worst = (pick: (report: HubReport) => number) => Math.max(0, ...reports.map(pick));
  return {
    delayMs: {
      p50: worst((report) => report.delayMs.p50),
      p99: worst((report) => report.delayMs.p99),
      max: worst((report) => report.delayMs.max),
    },
    cpuMicros: reports.reduce((sum, report) => sum + report.cpuMicros, 0),
  };
}

/** One store and number of instances: its last run's settings and figures (what this module reads of them). */
export interface ConfigurationResult {
  at: string;
  runs: readonly {
    variant: string;
    statusLookup: { highestRateWithinGoal: number };
    heartbeat: { highestRateWithinGoal: number };
  }[];
}

/** A route's figures as the file keeps them (the rest of each run passes through unread). */
const RouteResult = z.object({ highestRateWithinGoal: z.number() }).passthrough();
const RunResult = z.object({ variant: z.string(), statusLookup: RouteResult, heartbeat: RouteResult }).passthrough();
const ConfigurationResult = z.object({ at: z.string(), runs: z.array(RunResult) }).passthrough();
const ResultsFile = z.object({ configurations: z.record(z.string(), ConfigurationResult) }).passthrough();
/** The file before there were several stores: one SQLite, one-instance run at its top level. */
const SqliteOnlyFile = ConfigurationResult.extend({ name: z.string().optional(), machine: z.unknown() });

/**
 * The configurations of the results file written before (`previous`, parsed JSON) with `key`'s
 * replaced by `latest`. A file of the earlier shape (SQLite alone) is kept as `sqlite-1`; anything
 * unreadable is dropped.
 */
export function mergeConfigurations(
  previous: unknown,
  key: string,
  latest: ConfigurationResult,
): Record<string, ConfigurationResult> {
  const current = ResultsFile.safeParse(previous);
  if (current.success) return { ...current.data.configurations, [key]: latest };
  const older = SqliteOnlyFile.safeParse(previous);
  if (older.success) {
    const { name: _name, machine: _machine, ...sqlite } = older.data;
    return { [configurationKey('sqlite', 1)]: sqlite, [key]: latest };
  }
  return { [key]: latest };
}

/** One line of the summary: a configuration's variant's highest rate within the goal, per kind of request. */
export interface HighestRate {
  configuration: string;
  variant: string;
  at: string;
  statusLookups: number;
  heartbeats: number;
}

/** The summary the bench prints: every configuration in the file, in key order. */
export function highestRates(configurations: Readonly<Record<string, ConfigurationResult>>): HighestRate[] {
  return Object.keys(configurations)
    .sort()
    .flatMap((key) => {
      const configuration = configurations[key] as ConfigurationResult;
      return configuration.runs.map((run) => ({
        configuration: key,
        variant: run.variant,
        at: configuration.at,
        statusLookups: run.statusLookup.highestRateWithinGoal,
        heartbeats: run.heartbeat.highestRateWithinGoal,
      }));
    });
}
