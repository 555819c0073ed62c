import { COMMAND_ACK_OUTBOX_KIND } from '../../../kiosk-config/src/hub/remote-commands';
import type { NudgeListener } from '../content/nudge-listener';
import type { HubServices } from '../hub/hub-services';
import type { Logger } from '../logging/logger';
import type { StartupStack } from '../startup-stack';
import { type CommandActionDeps, commandActions, type HostControls } from './command-actions';
import { CommandJournal } from './command-journal';
import { CommandRunner } from './command-runner';

/** Options of `startFleetCommands`. */
export interface StartFleetCommandsOptions extends Omit<CommandActionDeps, 'host'> {
  dataDir: string;
  hub: Pick<HubServices, 'link' | 'outbox' | 'onLinkRestored'>;
  /** The kiosk's event stream from the hub (absent without a hub address: polling alone, which then finds nothing). */
  hubEvents: NudgeListener | undefined;
  log: Logger;
  /** How often the kiosk asks the hub for commands without a nudge while its stream is down (ms; 60 s by default). */
  pollMs?: number;
  /** The same while the stream is open, which brings a nudge for each command (ms; 15 min by default). */
  streamPollMs?: number;
}

/** The running remote commands: the host attaches what only it can do; `poll()` asks the hub now. */
export interface FleetCommands {
  attachHost(controls: HostControls): void;
  /** Asks the hub for open commands and runs them; resolves when they are handled. */
  poll(): Promise<void>;
}

const DEFAULT_POLL_MS = 60_000;
const DEFAULT_STREAM_POLL_MS = 15 * 60_000;

/**
 * Starts the kiosk's side of remote commands (docs/operations/fleet.md, "Remote commands"): asks
 * the hub for its open commands (`GET /v1/kiosk/commands`) at start, when the link returns, when
 * the hub's stream (re)connects and at each of its `command` events, and besides every minute
 * while the stream is down but only every 15 minutes while it is open (the nudge is the fast
 * path; a quiet kiosk's polls would otherwise outweigh its whole health traffic); runs them through the allow-list
 * with the durable journal (`<dataDir>/fleet/commands.jsonl`); acknowledges through the outbox
 * (`command.ack`: durable across restarts, delivered in order when the link is up), after
 * uploading a command's file. Its stop is pushed onto the start-up stack.
 */
export async function startFleetCommands(
  stack: StartupStack,
  options: StartFleetCommandsOptions,
): Promise<FleetCommands> {
  const log = options.log.child({ component: 'commands' });
  let host: HostControls = {};
  const journal = await CommandJournal.open(options.dataDir, log);
  const { client } = options.hub.link;
  const runner = new CommandRunner({
    journal,
    actions: commandActions({ ...options, host: () => host }),
    uploadAttachment: async (commandId, file, sha256) => {
      const sent = await client.call('commandAttachment', {
        commandId,
        mediaType: file.mediaType,
        sha256,
        dataBase64: file.data.toString('base64'),
      });
      return sent.ok ? undefined : `${sent.error.code}: ${sent.error.message}`;
    },
    acknowledge: async (ack) => {
      await options.hub.outbox.enqueue(COMMAND_ACK_OUTBOX_KIND, { ...ack });
    },
    log,
  });

  let stopped = false;
  let polling: Promise<void> | undefined;
  let again = false;
  const pollOnce = async (): Promise<void> => {
    const answer = await client.call('kioskCommands', undefined);
    if (!answer.ok) {
      if (answer.error.code !== 'not_enrolled' && answer.error.code !== 'not_configured') {
        log.debug({ code: answer.error.code }, 'remote commands not fetched; asking again later');
      }
      return;
    }
    // Not awaited: a command waiting for a visitor to finish must not hold the next poll.
    void runner.handle(answer.value.commands);
  };
  // One poll at a time; a nudge during one asks once more after it.
  const poll = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (polling) {
      again = true;
      return polling;
    }
    lastPollAt = Date.now();
    polling = pollOnce()
      .catch((error: unknown) => log.error({ err: error }, 'remote commands poll failed'))
      .finally(() => {
        polling = undefined;
        if (again) {
          again = false;
          void poll();
        }
      });
    return polling;
  };

  const events = options.hubEvents;
  const streamPollMs = options.streamPollMs ?? DEFAULT_STREAM_POLL_MS;
  let lastPollAt = 0;
  const timer = setInterval(() => {
    if (events?.connected === true && Date.now() - lastPollAt < streamPollMs) return;
    void poll();
  }, options.pollMs ?? DEFAULT_POLL_MS);
  timer.unref();
  const stopNudges = events?.on('command', () => void poll());
  const stopConnection = events?.onConnection((connected) => {
    if (connected) void poll();
  });
  const stopLink = options.hub.onLinkRestored(() => void poll());
  stack.push('commands', () => {
    stopped = true;
    clearInterval(timer);
    stopNudges?.();
    stopConnection?.();
    stopLink();
  });
  void poll();
  return {
    attachHost: (controls) => {
      host = controls;
    },
    poll: async () => {
      await poll();
      await runner.idle();
    },
  };
}
