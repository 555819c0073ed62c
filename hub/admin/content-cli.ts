import { parseArgs } from 'node:util';
import { readHubConfigFile } from '../cli-support';
import { type BlobGcOutcome, collectUnusedBlobs } from '../content/blob-gc';
import { type ContentChannel, publishFolder, rollBack } from '../content/content-publisher';
import type { ContentStore, ReleaseAudience } from '../content/content-store';
import type { KeyEncryptionSecret } from '../content/encrypted-key-file';
import { openContentChannelOn } from '../content/hub-content-channel';
import { passphraseForNewKey, readPassphrases } from '../content/key-secrets';
import { encryptPlainKeyFile, readKeyFile, writeNewKeyFile } from '../content/signing-keys';
import { expiryWarnings, initRepository, rotateRoot } from '../content/tuf-roles';
import type { ChangeSignals } from '../server/change-signals';
import { type HubConfig, resolveHubConfig } from '../server/hub-config';
import type { HubLogger } from '../server/hub-logger';
import { notifyHubs } from './notify-hubs';

const DAY_MS = 24 * 3_600_000;

/** Usage of `admin.js content …`. */
export const CONTENT_USAGE = `usage: admin.js [--db FILE | --store postgres://… --data-dir DIR] content <command> [--passphrase-file FILE…] [--config HUB_CONFIG]
  keygen FILE                                                   a new Ed25519 key file (0600, encrypted with the
                                                                passphrase); prints its key id
  encrypt-key FILE                                              encrypts a key file written in the clear, in place
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
  gc [--keep N] [--grace-days D]                                deletes the files no kiosk may still need (after the
                                                                grace period; defaults from the hub config)
Offline keys (root, publisher) open with a --passphrase-file (one per key holder) or
OKNO_CONTENT_KEY_PASSPHRASE. The hub's online keys open with its key secret: the systemd
credential okno-content-keys, the config's contentKeySecretFile (--config, OKNO_HUB_CONFIG) or
OKNO_HUB_CONTENT_KEY_SECRET (docs/operations/content.md).
`;

/** What a content command works with. */
export interface ContentCommandContext {
  readonly store: ContentStore;
  /** The path the content folder sits beside (`HubStores.filesAnchor`). */
  readonly filesAnchor: string;
  /** Tells the running hubs of a release published or halted (at once on PostgreSQL; on SQLite their watch finds it). */
  readonly signals: ChangeSignals;
  readonly logger: HubLogger;
  readonly actor: string;
  readonly now: () => Date;
  readonly out: (line: string) => void;
  /** Where passphrases, the hub's key secret and its config are looked up; process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
}

function audienceFrom(values: { office?: string; group?: string; all?: boolean }): ReleaseAudience {
  const given = [values.office, values.group, values.all === true ? 'all' : undefined].filter((v) => v !== undefined);
  if (given.length !== 1) throw new Error('name exactly one audience: --office ID, --group NAME or --all');
  if (values.office !== undefined) return { kind: 'office', officeId: values.office };
  if (values.group !== undefined) return { kind: 'group', group: values.group };
  return { kind: 'all' };
}

function requireKey(path: string | undefined, what: string, passphrases: readonly KeyEncryptionSecret[]) {
  if (path === undefined)
    throw new Error(`${what} needs --key PUBLISHER.key (the publisher's key file, kept off the hub)`);
  return readKeyFile(path, passphrases);
}

function parseWhole(text: string | undefined, name: string, min: number, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}`);
  return value;
}

function describeGc(outcome: BlobGcOutcome): string {
  const mb = (outcome.deletedBytes / 1_000_000).toFixed(1);
  const lost =
    outcome.collectedReleases.length === 0 ? '' : `; no longer restorable: ${outcome.collectedReleases.join(', ')}`;
  return (
    `kept the files of ${outcome.keptReleases} releases; deleted ${outcome.deletedBlobs} unused files (${mb} MB); ` +
    `${outcome.newlyUnreferenced} newly unused and ${outcome.waiting} more wait out the grace period${lost}`
  );
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
export async function runContentCommand(args: readonly string[], context: ContentCommandContext): Promise<void> {
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
      'passphrase-file': { type: 'string', multiple: true },
      config: { type: 'string' },
      keep: { type: 'string' },
      'grace-days': { type: 'string' },
    },
  });
  const [command, argument] = positionals;
  const env = context.env ?? process.env;
  const configFile = values.config ?? env.OKNO_HUB_CONFIG;
  const hubConfig = (): HubConfig => {
    if (configFile === undefined) return resolveHubConfig();
    const { provisioningTokens: _, ...config } = readHubConfigFile(configFile);
    return config;
  };
  const channel = (): ContentChannel =>
    openContentChannelOn(context.store, context.filesAnchor, { env, secretFile: hubConfig().contentKeySecretFile });
  const releasesChanged = () => notifyHubs(context.signals, 'content', context.logger);
  const passphrases = () => readPassphrases(values['passphrase-file'] ?? [], env);
  const readKeys = (paths: readonly string[] | undefined) => {
    const given = passphrases();
    return (paths ?? []).map((path) => readKeyFile(path, given));
  };
  const now = context.now();
  switch (command) {
    case 'keygen': {
      if (argument === undefined) throw new Error('keygen needs the new key file');
      context.out(`${writeNewKeyFile(argument, passphraseForNewKey(passphrases())).keyId}\t${argument}`);
      return;
    }
    case 'encrypt-key': {
      if (argument === undefined) throw new Error('encrypt-key needs the key file');
      const key = encryptPlainKeyFile(argument, passphraseForNewKey(passphrases()));
      context.out(`${key.keyId}\t${argument}\tencrypted`);
      return;
    }
    case 'init': {
      const rootKeys = readKeys(values['root-key']);
      if (rootKeys.length === 0) throw new Error('init needs at least one --root-key FILE');
      const publisherKey = requireKey(values.key, 'init', passphrases());
      const { repo, online, writeLock } = channel();
      await writeLock.run(async () =>
        initRepository(repo, {
          rootKeys,
          rootThreshold: Number(values.threshold ?? '1'),
          publisherKey,
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
      await channel().store.addGroupOffice(values.group, values.office);
      context.out(`office ${values.office} is in content group ${values.group}`);
      return;
    }
    case 'publish': {
      if (argument === undefined) throw new Error('publish needs the content folder');
      const outcome = await publishFolder(channel(), argument, {
        audience: audienceFrom(values),
        stagePercent: parseStage(values.stage),
        publisherKey: requireKey(values.key, 'publish', passphrases()),
        now,
        actor: context.actor,
      });
      if (!outcome.ok) throw new Error(`release refused, nothing was published:\n  ${outcome.problems.join('\n  ')}`);
      await releasesChanged();
      const { release } = outcome;
      context.out(
        `published ${release.releaseId} (version ${release.version}, ${release.fileCount} files, ${release.totalBytes} bytes) ` +
          `for ${describeAudience(release.audience)}, stage ${release.stagePercent}%`,
      );
      return;
    }
    case 'halt': {
      if (argument === undefined) throw new Error('halt needs a release id (see content status)');
      if (!(await channel().store.halt(argument, now.toISOString())))
        throw new Error(`no running roll-out ${argument} (unknown, or halted already)`);
      await releasesChanged();
      context.out(`halted ${argument}: no more kiosks get it; to move kiosks off it, roll back`);
      return;
    }
    case 'rollback': {
      const open = channel();
      const target = values.to === undefined ? undefined : await open.store.findRelease(values.to);
      if (target?.filesCollectedAt !== undefined) throw collectedError(target.releaseId);
      const outcome = await rollBackOrExplain(open, {
        audience: audienceFrom(values),
        publisherKey: requireKey(values.key, 'rollback', passphrases()),
        now,
        actor: context.actor,
        ...(values.to === undefined ? {} : { toReleaseId: values.to }),
      });
      if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
      await releasesChanged();
      context.out(
        `published ${outcome.release.releaseId} (version ${outcome.release.version}) with the files of ${outcome.release.restoresRelease ?? '?'}`,
      );
      return;
    }
    case 'rotate-root': {
      const { repo, writeLock } = channel();
      const version = await writeLock.run(async () =>
        rotateRoot(repo, {
          currentRootKeys: readKeys(values['root-key']),
          newRootKeys: readKeys(values['new-root-key']),
          newRootThreshold: Number(values.threshold ?? '1'),
          now: now.getTime(),
        }),
      );
      context.out(`wrote ${version}.root.json; kiosks move to it on their next refresh`);
      return;
    }
    case 'status':
      await printStatus(channel(), now, context.out);
      return;
    case 'gc': {
      const { contentGc } = hubConfig();
      const outcome = await collectUnusedBlobs(channel(), {
        keepReleases: parseWhole(values.keep, '--keep', 2, contentGc.keepReleases),
        graceMs: parseWhole(values['grace-days'], '--grace-days', 0, contentGc.graceDays) * DAY_MS,
        now,
      });
      context.out(describeGc(outcome));
      return;
    }
    default:
      throw new Error(`unknown content command ${command ?? ''}\n${CONTENT_USAGE}`);
  }
}

function collectedError(releaseId: string): Error {
  return new Error(
    `the files of ${releaseId} were deleted by "content gc" (it was no longer kept): roll back to a newer release, ` +
      'or publish its folder again',
  );
}

/** `rollBack`, telling a release whose files the collection deleted as such (it reads them from the blobs). */
async function rollBackOrExplain(
  channel: ContentChannel,
  options: Parameters<typeof rollBack>[1],
): ReturnType<typeof rollBack> {
  try {
    return await rollBack(channel, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new Error(
      'the release to roll back to misses files deleted by "content gc": name a newer one with --to (content status)',
    );
  }
}

/** Releases (newest first) with how many kiosks report each state, then warnings of roles about to expire. */
async function printStatus(channel: ContentChannel, now: Date, out: (line: string) => void): Promise<void> {
  const [states, releases] = await Promise.all([channel.store.kioskStates(), channel.store.listReleases()]);
  for (const release of releases) {
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
        ...(release.filesCollectedAt === undefined ? [] : [`files collected ${release.filesCollectedAt}`]),
      ].join('\t'),
    );
  }
  if (channel.repo.isInitialised()) {
    for (const warning of expiryWarnings(channel.repo, now.getTime())) {
      out(`warning: the ${warning.role} role (version ${warning.version}) expires ${warning.expires}`);
    }
  }
}
