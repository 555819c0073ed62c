import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { COMMAND_CRASH_POINTS } from '../../electron/services/fleet/command-runner';
import { CRASH_AT_ENV } from '../../electron/services/storage/crash-point';
import type { RemoteCommand } from '../../kiosk-config/src/hub/remote-commands';
import { bundleCrashChild, runCrashChild } from '../support/crash-child';

/** What the restarted kiosk acknowledges, by the command and the point it was killed at. */
const CASES = [
  { kind: 'printer.testPage', at: 'command:recorded', runs: [], result: 'failed' },
  { kind: 'printer.testPage', at: 'command:acted', runs: ['printer.testPage'], result: 'failed' },
  // A restart killed mid-way is how a restart ends: done, and never a restart loop.
  { kind: 'app.restart', at: 'command:acted', runs: ['app.restart'], result: 'done' },
] as const satisfies readonly {
  kind: string;
  at: (typeof COMMAND_CRASH_POINTS)[number];
  runs: readonly string[];
  result: string;
}[];

/**
 * Exactly-once on the kiosk under kill -9: a kiosk process killed after journaling a command
 * (before or after it acted) and before its acknowledgement never runs it again when the hub
 * hands it out once more after the restart; it acknowledges it once, through the outbox.
 */
describe('remote commands under kill -9', () => {
  let entry: string;
  beforeAll(async () => {
    entry = await bundleCrashChild('command-crash-child');
  });
  afterAll(async () => {
    await rm(entry, { force: true });
  });

  it.each(CASES)(
    '$kind killed at $at runs at most once and is acknowledged $result',
    async ({ kind, at, runs, result }) => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-command-crash-'));
      const command: RemoteCommand = {
        id: randomUUID(),
        kind,
        params: {},
        issuer: 'Петров',
        createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
      };
      const killed = await runCrashChild(entry, [dataDir, JSON.stringify(command)], {
        env: { ...process.env, [CRASH_AT_ENV]: at },
      });
      expect(killed.signal).toBe('SIGKILL');

      const { [CRASH_AT_ENV]: _named, ...clean } = process.env;
      const restarted = await runCrashChild(entry, [dataDir, JSON.stringify(command)], { env: clean });
      const acks = JSON.parse(restarted.stdout.replace(/^handled /, '')) as { commandId: string; result: string }[];
      expect(acks).toEqual([expect.objectContaining({ commandId: command.id, result })]);
      const ran = (await readFile(path.join(dataDir, 'runs.txt'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
      expect(ran).toEqual(runs);

      // Handed out a third time (the acknowledgement not yet at the hub): nothing runs, nothing is acknowledged again.
      const third = await runCrashChild(entry, [dataDir, JSON.stringify(command)], { env: clean });
      expect(JSON.parse(third.stdout.replace(/^handled /, ''))).toHaveLength(1);
      expect(
        (await readFile(path.join(dataDir, 'runs.txt'), 'utf8').catch(() => '')).split('\n').filter(Boolean),
      ).toEqual(runs);
    },
    60_000,
  );
});
