import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PaymentCrashHarness,
  planMismatchRuns,
  planRuns,
  startPaymentCrashHarness,
} from '../support/payment-crash-harness';
import { mulberry32 } from '../support/seeded-random';

/**
 * On top of every named crash point: this many crash-while-recovering pairs (of
 * `RECOVERY_CRASHES`) and random runs. The bench runs them all, many times.
 */
const RECOVERY_PAIRS = 4;
const RANDOM_RUNS = 6;

/**
 * The payment journal's promise, tested as a power cut would test it: a real kiosk process (the
 * payment service, the ZVT driver over TCP, the ESC/POS driver over a PTY, the outbox) pays while
 * it is SIGKILLed at every named crash point, at random bytes of the ZVT dialogue and at random
 * moments, sometimes with the terminal or the printer misbehaving too, and again while it
 * recovers; the terminal, the printer and the hub live in this process and survive it. After
 * every run: nothing charged twice, nothing approved without a receipt or a reversal, every
 * payment settled or with a person (and the hub told), the ledger equal to the journal, the
 * terminal's totals equal to the committed payments. The long run is `npm run bench`
 * (`bench/payment-crash.bench.ts`); docs/payments.md, "Crash testing".
 */
describe('card payments through kill -9 of the kiosk process', () => {
  let harness: PaymentCrashHarness;

  beforeAll(async () => {
    harness = await startPaymentCrashHarness();
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('never charges twice or loses a payment, whichever instant the kiosk dies at', async () => {
    const seed = Number(process.env.OKNO_CRASH_SEED ?? Date.now() % 1_000_000);
    const calibration = await harness.calibrate();
    const plans = planRuns(mulberry32(seed), { random: RANDOM_RUNS, recoveryCrashes: RECOVERY_PAIRS, calibration });
    const summary = await harness.runAll(plans, seed, { retryMissedPoints: 2 });
    const why = `seed ${seed} (OKNO_CRASH_SEED=${seed} replays it)`;
    process.stdout.write(
      `payment crash test, ${why}: runs ${summary.runs}, crash points tried ${summary.crashPointsTried}, ` +
        `kills ${summary.kills} (${JSON.stringify(summary.killsByKind)}), kiosk starts ${summary.kioskStarts}, ` +
        `payments ${summary.payments} ${JSON.stringify(summary.finalStates)}, ` +
        `violations ${summary.violations.length}, ${(summary.durationMs / 1000).toFixed(1)} s ` +
        `(${summary.msPerRun} ms a run)\n`,
    );

    expect(summary.violations, why).toEqual([]);
    // Every named point killed the kiosk at least once, and every crash-while-recovering landed.
    expect(summary.namedPointsNeverKilled, why).toEqual([]);
    const recoveringAt = plans.flatMap((p) => (p.recoveryKill?.kind === 'point' ? [p.recoveryKill.point] : []));
    expect(new Set(summary.recoveryPointsKilled), why).toEqual(new Set(recoveringAt));
    // The day closes, and the hub's reconciliation finds the terminal and the ledger equal.
    expect(summary.endOfDay?.matched, why).toBe(true);
  }, 180_000);
});

/**
 * A terminal that approves something else than asked (another amount, another currency, a
 * replayed answer), with and without a kill after the approval: invariant (f) on top of the others.
 */
describe('card payments approved for something else than asked', () => {
  let harness: PaymentCrashHarness;

  beforeAll(async () => {
    harness = await startPaymentCrashHarness();
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('never books nor prints such an approval as paid: reversed, and a person told (approval_mismatch)', async () => {
    const seed = Number(process.env.OKNO_CRASH_SEED ?? Date.now() % 1_000_000);
    const plans = planMismatchRuns(mulberry32(seed));
    const summary = await harness.runAll(plans, seed, { retryMissedPoints: 2 });
    const why = `seed ${seed} (OKNO_CRASH_SEED=${seed} replays it)`;
    expect(summary.violations, why).toEqual([]);
    // The two kills landed: recovery met the mismatch once journaled, and before its reversal.
    expect(summary.namedPointsKilled, why).toEqual(expect.arrayContaining(['payment:authorised', 'payment:reversing']));
    expect(summary.finalStates, why).toEqual({ needs_attention: plans.length });
    expect(summary.endOfDay?.matched, why).toBe(true);
  }, 120_000);
});
