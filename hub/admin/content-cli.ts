import { parseArgs } from 'node:util';
import type Database from 'better-sqlite3';
import { type ContentChannel, openContentChannel, publishFolder, rollBack } from '../content/content-publisher';
import type { ReleaseAudience } from '../content/content-store';
import { withRepositoryLock } from '../content/repository-lock';
import { readKeyFile, writeNewKeyFile } from '../content/signing-keys';
import { expiryWarnings, initRepository, rotateRoot } from '../content/tuf-roles';

/** Usage of `admin.js content …`. */
export const CONTENT_USAGE = `usage: admin.js [--db FILE] content <command>
  keygen FILE                                                   a new Ed25519 key file (0600); prints its key id
  init --root-key FILE… [--threshold N] --key PUBLISHER.key     a new content repository (root, targets, snapshot, timestamp)
  group --group NAME --office OFFICE_ID                         puts an office into a content group
  publish DIR (--office ID | --group NAME | --all) [--stage PERCENT] --key PUBLISHER.key
                                                                checks every file of DIR, then signs and publishes it
  status                                                        releases, their roll-out, what each kiosk runs
  halt RELEASE_ID                                               no more kiosks get it; those running it keep it
  rollback (--office ID | --group NAME | --all) [--to RELEASE_ID] --key PUBLISHER.key
                                                                a new release with an earlier one's files
  rotate-root --root-key CURRENT… --new-root-key NEW… [--threshold N]
                                                                the next N.root.json, signed by the old and new keys
`;

/** What a content command works with. */
export interface ContentCommandContext {
  readonly db: Database.Database;
  readonly dbPath: string;
  readonly actor: string;
  readonly now: () => Date;
  readonly out: (line: string) => void;
}

function audienceFrom(values: { office?: string; group?: string; all?: boolean }): ReleaseAudience {
  const given = [values.office, values.group, values.all === true ? 'all' : undefined].filter((v) => v !== undefined);
  if (given.length !== 1) throw new Error('name exactly one audience: --office ID, --group NAME or --all');
  if (values.office !== undefined) return { kind: 'office', officeId: values.office };
  if (values.group !== undefined) return { kind: 'group', group: values.group };
  return { kind: 'all' };
}

function requireKey(path: string | undefined, what: string) {
  if (path === undefined)
    throw new Error(`${what} needs --key PUBLISHER.key (the publisher's key file, kept off the hub)`);
  return readKeyFile(path);
}

function parseStage(text: string | undefined): number {
  if (text === undefined) return 100;
  const match = /^(\d{1,3})%?$/.exec(text);
  const percent = match ? Number(match[1]) : Number.NaN;
  if (!(percent >= 1 && percent <= 100)) throw new Error('--stage must be a percentage from 1 to 100 (e.g. 10%)');
  return percent;
}

function describeAudience(audience: ReleaseAudience): string {
  if (audience.kind === 'office') return `office ${audience.officeId}`;
  if (audience.kind === 'group') return `group ${audience.group}`;
  return 'all kiosks';
}

/** Runs `content <command> …`; throws an Error with a clear message when it cannot. */
export function runContentCommand(args: readonly string[], context: ContentCommandContext): void {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      office: { type: 'string' },
      group: { type: 'string' },
      all: { type: 'boolean' },
      stage: { type: 'string' },
      key: { type: 'string' },
      to: { type: 'string' },
      'root-key': { type: 'string', multiple: true },
      'new-root-key': { type: 'string', multiple: true },
      threshold: { type: 'string' },
    },
  });
  const [command, argument] = positionals;
  const channel = (): ContentChannel => openContentChannel(context.db, context.dbPath);
  const now = context.now();
  switch (command) {
    case 'keygen': {
      if (argument === undefined) throw new Error('keygen needs the new key file');
      context.out(`${writeNewKeyFile(argument).keyId}\t${argument}`);
      return;
    }
    case 'init': {
      const rootKeys = (values['root-key'] ?? []).map(readKeyFile);
      if (rootKeys.length === 0) throw new Error('init needs at least one --root-key FILE');
      const { repo, online } = channel();
      withRepositoryLock(repo.dir, () =>
        initRepository(repo, {
          rootKeys,
          rootThreshold: Number(values.threshold ?? '1'),
          publisherKey: requireKey(values.key, 'init'),
          online,
          now: now.getTime(),
        }),
      );
      context.out(
        `content repository created in ${repo.dir}; ship ${repo.metadataPath('1.root.json')} with the kiosks`,
      );
      return;
    }
    case 'group': {
      if (values.group === undefined || values.office === undefined)
        throw new Error('group needs --group NAME and --office ID');
      channel().store.addGroupOffice(values.group, values.office);
      context.out(`office ${values.office} is in content group ${values.group}`);
      return;
    }
    case 'publish': {
      if (argument === undefined) throw new Error('publish needs the content folder');
      const outcome = publishFolder(channel(), argument, {
        audience: audienceFrom(values),
        stagePercent: parseStage(values.stage),
        publisherKey: requireKey(values.key, 'publish'),
        now,
        actor: context.actor,
      });
      if (!outcome.ok) throw new Error(`release refused, nothing was published:\n  ${outcome.problems.join('\n  ')}`);
      const { release } = outcome;
      context.out(
        `published ${release.releaseId} (version ${release.version}, ${release.fileCount} files, ${release.totalBytes} bytes) ` +
          `for ${describeAudience(release.audience)}, stage ${release.stagePercent}%`,
      );
      return;
    }
    case 'halt': {
      if (argument === undefined) throw new Error('halt needs a release id (see content status)');
      if (!channel().store.halt(argument, now.toISOString()))
        throw new Error(`no running roll-out ${argument} (unknown, or halted already)`);
      context.out(`halted ${argument}: no more kiosks get it; to move kiosks off it, roll back`);
      return;
    }
    case 'rollback': {
      const outcome = rollBack(channel(), {
        audience: audienceFrom(values),
        publisherKey: requireKey(values.key, 'rollback'),
        now,
        actor: context.actor,
        ...(values.to === undefined ? {} : { toReleaseId: values.to }),
      });
      if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
      context.out(
        `published ${outcome.release.releaseId} (version ${outcome.release.version}) with the files of ${outcome.release.restoresRelease ?? '?'}`,
      );
      return;
    }
    case 'rotate-root': {
      const { repo } = channel();
      const version = withRepositoryLock(repo.dir, () =>
        rotateRoot(repo, {
          currentRootKeys: (values['root-key'] ?? []).map(readKeyFile),
          newRootKeys: (values['new-root-key'] ?? []).map(readKeyFile),
          newRootThreshold: Number(values.threshold ?? '1'),
          now: now.getTime(),
        }),
      );
      context.out(`wrote ${version}.root.json; kiosks move to it on their next refresh`);
      return;
    }
    case 'status':
      printStatus(channel(), now, context.out);
      return;
    default:
      throw new Error(`unknown content command ${command ?? ''}\n${CONTENT_USAGE}`);
  }
}

/** Releases (newest first) with how many kiosks report each state, then warnings of roles about to expire. */
function printStatus(channel: ContentChannel, now: Date, out: (line: string) => void): void {
  const states = channel.store.kioskStates();
  for (const release of channel.store.listReleases()) {
    const reports = states.filter((state) => state.releaseId === release.releaseId);
    const count = (name: string) => reports.filter((state) => state.state === name).length;
    out(
      [
        release.releaseId,
        `v${release.version}`,
        describeAudience(release.audience),
        `stage ${release.stagePercent}%`,
        release.haltedAt === undefined ? 'rolling out' : `halted ${release.haltedAt}`,
        `current ${count('current')}, trial ${count('trial')}, downloading ${count('downloading')}, ` +
          `refused ${count('refused')}, rolled back ${count('rolled_back')}`,
        ...(release.restoresRelease === undefined ? [] : [`restores ${release.restoresRelease}`]),
      ].join('\t'),
    );
  }
  if (channel.repo.isInitialised()) {
    for (const warning of expiryWarnings(channel.repo, now.getTime())) {
      out(`warning: the ${warning.role} role (version ${warning.version}) expires ${warning.expires}`);
    }
  }
}
