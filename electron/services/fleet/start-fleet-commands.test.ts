import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../../kiosk-config/src/contract/result';
import { TypedEmitter } from '../../../kiosk-config/src/lib/typed-emitter';
import type { NudgeListener } from '../content/nudge-listener';
import type { HubServices } from '../hub/hub-services';
import { StartupStack } from '../startup-stack';
import { memoryLogger } from '../test-support';
import type { StartFleetCommandsOptions } from './start-fleet-commands';
import { startFleetCommands } from './start-fleet-commands';

/** The hub's event stream as the poll sees it: connected or not, and its connection changes. */
class StreamUnderTest {
  connected = false;
  readonly #connection = new TypedEmitter<[connected: boolean]>();
  setConnected(connected: boolean): void {
    this.connected = connected;
    this.#connection.emit(connected);
  }
  on(_name: 'command', _listener: () => void): () => void {
    return () => {};
  }
  onConnection(listener: (connected: boolean) => void): () => void {
    return this.#connection.on(listener);
  }
}

const stacks: StartupStack[] = [];
afterEach(async () => {
  for (const stack of stacks.splice(0)) await stack.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the kiosk's remote commands with a hub that only counts the polls (no commands open). */
async function startCounting(stream: StreamUnderTest) {
  let polls = 0;
  const hub = {
    link: {
      client: {
        call: async () => {
          polls += 1;
          return ok({ commands: [] });
        },
      },
    },
    outbox: { enqueue: async () => {} },
    onLinkRestored: () => () => {},
  } as unknown as StartFleetCommandsOptions['hub'] & Pick<HubServices, 'link'>;
  const { log } = memoryLogger();
  const stack = new StartupStack(log);
  stacks.push(stack);
  await startFleetCommands(stack, {
    dataDir: mkdtempSync(path.join(tmpdir(), 'okno-commands-poll-')),
    hub,
    hubEvents: stream as unknown as NudgeListener,
    log,
    pollMs: 40,
    streamPollMs: 60_000,
    // The actions are never reached: the hub has no command open.
  } as unknown as StartFleetCommandsOptions);
  return { polls: () => polls };
}

describe('remote commands: how often a quiet kiosk asks the hub', () => {
  it('polls every interval while the stream is down, not while it is open, and once when it (re)connects', async () => {
    const stream = new StreamUnderTest();
    const kiosk = await startCounting(stream);
    await sleep(300);
    // Down: the start's poll and one per 40 ms tick.
    const whileDown = kiosk.polls();
    expect(whileDown).toBeGreaterThanOrEqual(4);

    stream.setConnected(true);
    await sleep(50);
    const afterConnect = kiosk.polls();
    expect(afterConnect).toBe(whileDown + 1);
    // Open: the nudge is the fast path; no timer poll within the stream's 60 s interval.
    await sleep(300);
    expect(kiosk.polls()).toBe(afterConnect);

    stream.setConnected(false);
    await sleep(300);
    expect(kiosk.polls()).toBeGreaterThanOrEqual(afterConnect + 4);
  });
});
