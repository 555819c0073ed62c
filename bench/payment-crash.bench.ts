/**
 * The long run of the payment crash test (`test/integration/payment-crash.test.ts` is the short
 * one in `npm test`): a real kiosk process pays and is SIGKILLed at every named crash point
 * (twice), at every crash-while-recovering pair (twice), and then at random bytes of the ZVT
 * dialogue, random moments and random named points and passes, with terminal and printer faults
 * mixed in, and killed again while recovering; after every run the invariants are checked
 * (`test/support/payment-crash-harness.ts`, docs/payments.md "Crash testing").
 *
 * `OKNO_BENCH_RUNS` (default 200) is the number of runs; `OKNO_CRASH_SEED` replays a series.
 * Exits 1 on any violation.
 */
import {
  PAYMENT_CRASH_POINT_COUNT,
  planMismatchRuns,
  planRuns,
  RECOVERY_CRASHES,
  startPaymentCrashHarness,
} from '../test/support/payment-crash-harness';
import { mulberry32 } from '../test/support/seeded-random';
import { percentile, writeResults } from './bench-support';

const RUNS = Number(process.env.OKNO_BENCH_RUNS ?? 200);
const seed = Number(process.env.OKNO_CRASH_SEED ?? Date.now() % 1_000_000);

// Two rounds of the named points and the recovery pairs when the budget allows, one otherwise.
const deterministicPerRound = PAYMENT_CRASH_POINT_COUNT + RECOVERY_CRASHES.length;
const rounds = RUNS >= 3 * deterministicPerRound ? 2 : 1;
const randomRuns = Math.max(0, RUNS - rounds * deterministicPerRound);

const durations: number[] = [];
const harness = await startPaymentCrashHarness({
  onRun: (result, index) => {
    durations.push(result.durationMs);
    if (result.violations.length > 0) {
      console.log(`run ${index + 1} (${result.plan.label}): ${JSON.stringify(result.violations)}`);
    }
    if ((index + 1) % 25 === 0) {
      console.log(`${index + 1} runs, last: ${result.plan.label} (${result.outcome ?? 'killed'})`);
    }
  },
});
let exitCode = 0;
try {
  const calibration = await harness.calibrate();
  console.log(`seed ${seed}; a clean payment: ${calibration.zvtBytes} ZVT bytes, ${calibration.payMs} ms`);
  const random = mulberry32(seed);
  const plans = [
    ...planRuns(random, {
      random: randomRuns,
      calibration,
      namedRounds: rounds,
      recoveryRounds: rounds,
    }),
    ...planMismatchRuns(random),
  ];
  const summary = await harness.runAll(plans, seed, { retryMissedPoints: 2 });
  const perRun = { p50: percentile(durations, 50), p95: percentile(durations, 95), max: Math.max(...durations) };
  console.log(
    `crash points tried: ${summary.crashPointsTried}, runs: ${summary.runs}, kills: ${summary.kills}, ` +
      `violations: ${summary.violations.length}`,
  );
  console.log(
    `time per run: ${summary.msPerRun} ms on average (p50 ${perRun.p50} ms, p95 ${perRun.p95} ms, max ${perRun.max} ms), ` +
      `${(summary.durationMs / 1000).toFixed(1)} s in all`,
  );
  console.log(
    `kills by kind: ${JSON.stringify(summary.killsByKind)}; kiosk starts: ${summary.kioskStarts}; ` +
      `named points that killed: ${summary.namedPointsKilled.length}/${PAYMENT_CRASH_POINT_COUNT}; ` +
      `payments: ${summary.payments} ${JSON.stringify(summary.finalStates)}; ` +
      `end of day matched: ${summary.endOfDay?.matched}`,
  );
  if (Object.keys(summary.attention).length > 0)
    console.log(`waiting for a person: ${JSON.stringify(summary.attention)}`);
  for (const violation of summary.violations) console.log(`VIOLATION ${JSON.stringify(violation)}`);
  const file = writeResults('payment-crash', { runsAsked: RUNS, ...summary, perRunMs: perRun });
  console.log(`results: ${file}`);
  if (summary.violations.length > 0 || summary.namedPointsNeverKilled.length > 0) exitCode = 1;
} finally {
  await harness.close();
}
process.exit(exitCode);
