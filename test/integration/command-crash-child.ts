/**
 * A kiosk process for the remote commands' crash test (`command-crash.test.ts`), bundled by the
 * test with esbuild and run with node: the real command runner, journal and outbox in
 * `<dataDir>`, with one action that records each run durably in `<dataDir>/runs.txt`. It runs
 * the command given as JSON (the hub handing it out) and prints `handled`; the test names a
 * crash point (`OKNO_CRASH_AT=command:recorded|command:acted`) to SIGKILL it mid-way, then runs
 * it again on the same folder, as a restarted kiosk that the hub hands the same command again.
 */
import path from 'node:path';
import { CommandJournal } from '../../electron/services/fleet/command-journal';
import { type CommandActions, CommandRunner } from '../../electron/services/fleet/command-runner';
import { Outbox } from '../../electron/services/hub/outbox';
import { createLogger } from '../../electron/services/logging/logger';
import { appendLineDurably } from '../../electron/services/storage/durable-file';
import { COMMAND_ACK_OUTBOX_KIND, COMMAND_KINDS } from '../../kiosk-config/src/hub/remote-commands';

const [dataDir, commandJson] = process.argv.slice(2);
if (!dataDir || !commandJson) {
  process.stderr.write('usage: command-crash-child <dataDir> <command JSON>\n');
  process.exit(2);
}
const log = createLogger({ level: 'silent' });
const outbox = await Outbox.open({ dir: path.join(dataDir, 'outbox'), log });
const runs = path.join(dataDir, 'runs.txt');
const actions = Object.fromEntries(
  COMMAND_KINDS.map((kind) => [
    kind,
    {
      run: async () => {
        await appendLineDurably(runs, kind);
        return { result: 'done' as const };
      },
    },
  ]),
) as unknown as CommandActions;
const runner = new CommandRunner({
  journal: await CommandJournal.open(dataDir, log),
  actions,
  uploadAttachment: async () => undefined,
  acknowledge: async (ack) => {
    await outbox.enqueue(COMMAND_ACK_OUTBOX_KIND, { ...ack });
  },
  log,
});
await runner.handle([JSON.parse(commandJson)]);
process.stdout.write(`handled ${JSON.stringify(outbox.peek(100).map((item) => item.payload))}\n`);
process.exit(0);
