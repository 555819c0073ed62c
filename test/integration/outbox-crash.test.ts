import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLogger } from '../../electron/services/logging/logger';
import { bundleCrashChild, runCrashChild } from '../support/crash-child';
import { type HubUnderTest, startHubUnderTest } from '../support/kiosk-under-test';
import { mulberry32 } from '../support/seeded-random';

const KIOSK_ID = 'crash-test-kiosk';
const CYCLES = 8;

/** When to SIGKILL the child: so long after it starts, or after it printed its first item. */
type KillAt = { afterSpawnMs: number } | { afterFirstItemMs: number };

/** Runs the child, SIGKILLs it as `killAt` says (or lets it finish); returns its whole stdout lines. */
async function runChild(
  entry: string,
  args: string[],
  killAt?: KillAt,
): Promise<{ lines: string[]; signal: string | null }> {
  const { stdout, signal } = await runCrashChild(entry, args, {
    watch: (child) => {
      let timer: NodeJS.Timeout | undefined;
      const kill = (ms: number) => {
        timer ??= setTimeout(() => child.kill('SIGKILL'), ms);
      };
      if (killAt && 'afterSpawnMs' in killAt) kill(killAt.afterSpawnMs);
      child.stdout?.on('data', (chunk) => {
        if (killAt && 'afterFirstItemMs' in killAt && String(chunk).includes('\n')) kill(killAt.afterFirstItemMs);
      });
      return () => clearTimeout(timer);
    },
  });
  // Only whole lines count: a line cut by the kill was not fully written.
  return { lines: stdout.split('\n').slice(0, -1), signal };
}

/**
 * The outbox's promise, tested as it will be broken in the field: a real kiosk process (the real
 * hub services, bundled) enqueues and delivers while it is SIGKILLed at random moments (inside
 * an fsync, between the hub's answer and the cursor's rename…), then a restarted process
 * delivers the rest to the real hub on SQLite. Every item that was durably enqueued must be
 * stored exactly once, in order, with nothing lost in between.
 */
describe('outbox through kill -9 of the kiosk process', () => {
  let entry: string;
  let hub: HubUnderTest;
  let dataDir: string;

  beforeAll(async () => {
    entry = await bundleCrashChild('outbox-crash-child');
    dataDir = await mkdtemp(path.join(tmpdir(), 'okno-crash-'));
    const hubDir = await mkdtemp(path.join(tmpdir(), 'okno-crash-hub-'));
    hub = await startHubUnderTest(hubDir, await openLogger({ dataDir: hubDir }));
  });

  afterAll(async () => {
    await hub?.stop();
    if (entry) await rm(entry, { force: true });
  });

  it('delivers every durably enqueued item exactly once, in order, after random SIGKILLs', async () => {
    const seed = Number(process.env.OKNO_CRASH_SEED ?? Date.now() % 1_000_000);
    const random = mulberry32(seed);
    const acknowledged: string[] = [];
    let killed = 0;
    for (let run = 1; run <= CYCLES; run += 1) {
      // Most kills land while items flow; every third one during start-up (enrollment, recovery).
      const killAt: KillAt =
        run % 3 === 0 ? { afterSpawnMs: Math.floor(random() * 400) } : { afterFirstItemMs: Math.floor(random() * 300) };
      const args = ['produce', dataDir, hub.url, hub.provisioningToken, String(run)];
      const { lines, signal } = await runChild(entry, args, killAt);
      if (signal === 'SIGKILL') killed += 1;
      acknowledged.push(...lines);
    }
    const { lines } = await runChild(entry, ['drain', dataDir, hub.url, hub.provisioningToken, '0']);
    expect(lines).toEqual(['drained']);

    const why = `seed ${seed} (OKNO_CRASH_SEED=${seed} replays it)`;
    expect(killed, why).toBe(CYCLES);
    // Enough items flowed for the kills to land amid appends, posts and cursor moves.
    expect(acknowledged.length, why).toBeGreaterThan(2 * CYCLES);

    const stored = (await hub.outbox(KIOSK_ID)).map((item) => {
      // The child writes `crash-test <run> <seq>` as the device's address (outbox-crash-child.ts).
      const address = (item.payload as { devices: { address: string }[] }).devices[0]?.address ?? '';
      const [, run = -1, seq = -1] = address.split(' ').map(Number);
      return { id: item.id, key: `${run} ${seq}`, run, seq };
    });
    // Exactly once: no id and no (run, seq) stored twice.
    expect(new Set(stored.map((s) => s.id)).size, why).toBe(stored.length);
    expect(new Set(stored.map((s) => s.key)).size, why).toBe(stored.length);
    // Nothing durably enqueued is missing.
    const keys = new Set(stored.map((s) => s.key));
    expect(
      acknowledged.filter((key) => !keys.has(key)),
      why,
    ).toEqual([]);
    // In order, without gaps: runs ascending, each run's sequence 0, 1, 2… as enqueued.
    for (let i = 1; i < stored.length; i += 1) {
      const [before, after] = [stored[i - 1], stored[i]];
      if (!before || !after) continue;
      const next = after.run === before.run ? after.seq === before.seq + 1 : after.run > before.run && after.seq === 0;
      expect(next, `${why}: ${before.key} then ${after.key}`).toBe(true);
    }
    // At most one item per run was durable without being acknowledged (killed between the two).
    expect(stored.length - acknowledged.length, why).toBeLessThanOrEqual(CYCLES);
    expect(stored.length - acknowledged.length, why).toBeGreaterThanOrEqual(0);
  }, 60_000);
});
