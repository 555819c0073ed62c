import { parseArgs } from 'node:util';
import { COMMAND_KINDS } from '../../kiosk-config/src/hub/remote-commands';
import type { HubRepository } from '../db/hub-repository';
import { CommandService, kioskKnownTo, parseTtl } from '../fleet/commands/command-service';
import type { CommandRecord, CommandStore } from '../fleet/commands/command-store';
import type { ChangeSignals } from '../server/change-signals';
import type { HubLogger } from '../server/hub-logger';
import { notifyHubs } from './notify-hubs';

/** Usage of `admin.js command …`. */
export const COMMAND_USAGE = `usage: admin.js [--db FILE | --store postgres://… --data-dir DIR] command <command>
  issue KIOSK_ID KIND [--ttl 10m] [--param KEY=VALUE]…      a remote command for one kiosk (the acting user is its issuer)
  list KIOSK_ID                                             the kiosk's commands, newest first, with their results
  audit KIOSK_ID                                            every step of the kiosk's commands, newest first
kinds: ${COMMAND_KINDS.join(', ')}
`;

/** What a command subcommand works with. */
export interface CommandCliContext {
  readonly store: CommandStore;
  /** Whether the kiosk exists. */
  readonly repository: Pick<HubRepository, 'findKiosk'>;
  /** Tells the running hubs of a command issued (at once on PostgreSQL; on SQLite their watch finds it). */
  readonly signals: ChangeSignals;
  readonly actor: string;
  readonly now: () => Date;
  readonly out: (line: string) => void;
  readonly logger: HubLogger;
}

/** One line of `command list`. */
export function formatCommandLine(command: CommandRecord): string {
  const params = Object.keys(command.params).length > 0 ? ` ${JSON.stringify(command.params)}` : '';
  const reason = command.reason === undefined ? '' : ` (${command.reason})`;
  const file = command.attachmentSha256 === undefined ? '' : ` file ${command.attachmentSha256.slice(0, 12)}…`;
  return `${command.id}  ${command.createdAt}  ${command.kind}${params}  by ${command.issuer}  ${command.state}${reason}${file}  expires ${command.expiresAt}`;
}

/** `KEY=VALUE` pairs into parameters (values stay strings: each kind's schema coerces what it needs). */
function paramsFrom(pairs: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--param takes KEY=VALUE (got ${pair.slice(0, 40)})`);
    params[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return params;
}

/** Runs `command <subcommand> …`; throws an Error with a clear message when it cannot. */
export async function runCommandCommand(args: readonly string[], context: CommandCliContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { ttl: { type: 'string' }, param: { type: 'string', multiple: true } },
  });
  const [subcommand, kioskId, kind] = positionals;
  const service = new CommandService({
    store: context.store,
    kioskExists: kioskKnownTo(context.repository),
    logger: context.logger,
    now: context.now,
  });
  switch (subcommand) {
    case 'issue': {
      if (kioskId === undefined || kind === undefined) throw new Error('command issue needs KIOSK_ID and KIND');
      const ttlSeconds = values.ttl === undefined ? undefined : parseTtl(values.ttl);
      if (values.ttl !== undefined && ttlSeconds === undefined) throw new Error('--ttl takes 90s, 10m, 2h or 1d');
      const outcome = await service.issueCommand({
        kioskId,
        kind,
        params: paramsFrom(values.param ?? []),
        issuer: context.actor,
        ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
      });
      if (!outcome.ok) throw new Error(outcome.reason);
      await notifyHubs(context.signals, 'commands', context.logger);
      context.out(formatCommandLine(outcome.command));
      context.out(
        'the kiosk is nudged within seconds if connected; else it receives it when it returns, until it expires',
      );
      return;
    }
    case 'list':
      if (kioskId === undefined) throw new Error('command list needs KIOSK_ID');
      for (const command of await service.store.listForKiosk(kioskId)) context.out(formatCommandLine(command));
      return;
    case 'audit':
      if (kioskId === undefined) throw new Error('command audit needs KIOSK_ID');
      for (const entry of await service.store.listAudit(kioskId)) {
        context.out(
          `${entry.at}  ${entry.commandId}  ${entry.event}  by ${entry.actor}${entry.detail ? `  ${entry.detail}` : ''}`,
        );
      }
      return;
    default:
      throw new Error(`unknown command subcommand ${subcommand ?? ''}\n${COMMAND_USAGE}`);
  }
}
