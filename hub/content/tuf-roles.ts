import { createHash } from 'node:crypto';
import { type Key, Metadata, MetaFile, Root, Snapshot, type TargetFile, Targets, Timestamp } from '@tufjs/models';
import type { ContentRepository } from './content-repository';
import type { SigningKey } from './signing-keys';

/**
 * The content channel's TUF roles, signed and written: a new repository, a publish (targets,
 * then snapshot and timestamp), the online roles re-signed before they expire, and a root
 * rotation. Each function writes the timestamp last, so a kiosk always sees a whole state.
 */

const DAY_MS = 86_400_000;
/** Targets of the earlier layout, which listed every blob (`blobs/<sha256>`). */
const BLOB_TARGETS = 'blobs/';

/** How long each role's signature is good for. */
export interface RoleLifetimes {
  readonly root: number;
  readonly targets: number;
  readonly snapshot: number;
  readonly timestamp: number;
}

/**
 * Root a year (rotated by hand with the offline keys); targets half a year (each publish
 * renews it); snapshot a month and timestamp a day, both re-signed by the hub on its timer,
 * so a kiosk cut off from the hub accepts no new content after a day (it keeps showing what it has).
 */
export const DEFAULT_LIFETIMES: RoleLifetimes = {
  root: 365 * DAY_MS,
  targets: 182 * DAY_MS,
  snapshot: 30 * DAY_MS,
  timestamp: DAY_MS,
};

/** The hub's online keys. */
export interface OnlineKeys {
  readonly snapshot: SigningKey;
  readonly timestamp: SigningKey;
}

/** Who may sign each role, as a root lists them (public keys only). */
export interface RootKeySet {
  readonly root: readonly Key[];
  readonly rootThreshold: number;
  readonly targets: Key;
  readonly snapshot: Key;
  readonly timestamp: Key;
}

/** TUF's expiry format: ISO 8601 to the second, in UTC. */
function expiresAt(now: number, lifetime: number): string {
  return new Date(now + lifetime).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function signWith<T extends Root | Snapshot | Targets | Timestamp>(
  signed: T,
  keys: readonly SigningKey[],
): Metadata<T> {
  const metadata = new Metadata(signed);
  for (const key of keys) metadata.sign((data) => key.sign(data));
  return metadata;
}

function buildRoot(version: number, expires: string, keys: RootKeySet): Root {
  const all = [...keys.root, keys.targets, keys.snapshot, keys.timestamp];
  const role = (keyids: readonly Key[], threshold = 1) => ({ keyids: keyids.map((k) => k.keyID), threshold });
  return Root.fromJSON({
    _type: 'root',
    spec_version: '1.0.31',
    version,
    expires,
    consistent_snapshot: true,
    keys: Object.fromEntries(all.map((k) => [k.keyID, k.toJSON()])),
    roles: {
      root: role(keys.root, keys.rootThreshold),
      targets: role([keys.targets]),
      snapshot: role([keys.snapshot]),
      timestamp: role([keys.timestamp]),
    },
  });
}

/** Writes a snapshot naming `targetsVersion`, then the timestamp naming it, each one version up. */
function writeSnapshotAndTimestamp(
  repo: ContentRepository,
  online: OnlineKeys,
  targetsVersion: number,
  versions: { snapshot: number; timestamp: number },
  now: number,
  lifetimes: RoleLifetimes,
): void {
  const snapshot = new Snapshot({
    version: versions.snapshot,
    specVersion: '1.0.31',
    expires: expiresAt(now, lifetimes.snapshot),
    meta: { 'targets.json': new MetaFile({ version: targetsVersion }) },
  });
  const snapshotBytes = repo.writeMetadata(`${versions.snapshot}.snapshot.json`, signWith(snapshot, [online.snapshot]));
  writeTimestamp(repo, online, versions, snapshotBytes, now, lifetimes);
}

function writeTimestamp(
  repo: ContentRepository,
  online: OnlineKeys,
  versions: { snapshot: number; timestamp: number },
  snapshotBytes: Buffer,
  now: number,
  lifetimes: RoleLifetimes,
): void {
  const timestamp = new Timestamp({
    version: versions.timestamp,
    specVersion: '1.0.31',
    expires: expiresAt(now, lifetimes.timestamp),
    snapshotMeta: new MetaFile({
      version: versions.snapshot,
      length: snapshotBytes.length,
      hashes: { sha256: createHash('sha256').update(snapshotBytes).digest('hex') },
    }),
  });
  repo.writeMetadata('timestamp.json', signWith(timestamp, [online.timestamp]));
}

/** What a new repository needs: the root keys that sign it, and every role's key. */
export interface InitRepositoryOptions {
  readonly rootKeys: readonly SigningKey[];
  readonly rootThreshold: number;
  readonly publisherKey: SigningKey;
  readonly online: OnlineKeys;
  readonly now: number;
  readonly lifetimes?: RoleLifetimes;
}

/** Creates a repository: `1.root.json`, an empty `1.targets.json`, snapshot and timestamp 1. */
export function initRepository(repo: ContentRepository, options: InitRepositoryOptions): void {
  const lifetimes = options.lifetimes ?? DEFAULT_LIFETIMES;
  if (options.rootThreshold < 1 || options.rootThreshold > options.rootKeys.length) {
    throw new Error(`a root threshold of ${options.rootThreshold} with ${options.rootKeys.length} root keys`);
  }
  if (repo.isInitialised()) throw new Error(`${repo.dir} holds a repository already`);
  repo.ensureFolders();
  const root = buildRoot(1, expiresAt(options.now, lifetimes.root), {
    root: options.rootKeys.map((k) => k.publicKey),
    rootThreshold: options.rootThreshold,
    targets: options.publisherKey.publicKey,
    snapshot: options.online.snapshot.publicKey,
    timestamp: options.online.timestamp.publicKey,
  });
  repo.writeMetadata('1.root.json', signWith(root, options.rootKeys));
  const targets = new Targets({
    version: 1,
    specVersion: '1.0.31',
    expires: expiresAt(options.now, lifetimes.targets),
  });
  repo.writeMetadata('1.targets.json', signWith(targets, [options.publisherKey]));
  writeSnapshotAndTimestamp(repo, options.online, 1, { snapshot: 1, timestamp: 1 }, options.now, lifetimes);
}

/** The versions the repository's timestamp names now. */
export function currentVersions(repo: ContentRepository): { timestamp: number; snapshot: number; targets: number } {
  const timestamp = repo.timestamp().signed;
  const snapshot = repo.snapshot(timestamp.snapshotMeta.version).signed;
  const targets = snapshot.meta['targets.json'];
  if (targets === undefined) throw new Error('the snapshot names no targets.json');
  return { timestamp: timestamp.version, snapshot: snapshot.version, targets: targets.version };
}

/** Throws unless `key` is the one the root names for `role`: a wrong key file is caught before anything is written. */
function assertRoleKey(repo: ContentRepository, role: 'targets' | 'snapshot' | 'timestamp', key: SigningKey): void {
  const keyIds = repo.latestRoot().signed.roles[role]?.keyIDs ?? [];
  if (!keyIds.includes(key.keyId))
    throw new Error(`the ${role} key given is not the one the root names (${key.keyId.slice(0, 12)}…)`);
}

/** What a publish adds. */
export interface PublishTargetsOptions {
  readonly publisherKey: SigningKey;
  readonly online: OnlineKeys;
  /** New targets (a release manifest); release manifests already listed are kept. */
  readonly add: readonly TargetFile[];
  readonly now: number;
  readonly lifetimes?: RoleLifetimes;
}

/**
 * Signs a new targets version with the publisher's key, then a snapshot and a timestamp with the hub's.
 *
 * The targets role lists release manifests only (`releases/<id>.json`), not their blobs: each blob
 * is named by length and sha256 in its release's manifest, which is itself a signed target, so the
 * chain of trust reaches every byte while a publish re-signs (and every kiosk re-fetches) one entry
 * per release instead of one per file. Blob entries of an earlier layout (`blobs/<sha256>`) are dropped.
 */
export function publishTargets(repo: ContentRepository, options: PublishTargetsOptions): { targetsVersion: number } {
  const lifetimes = options.lifetimes ?? DEFAULT_LIFETIMES;
  assertRoleKey(repo, 'targets', options.publisherKey);
  assertRoleKey(repo, 'snapshot', options.online.snapshot);
  assertRoleKey(repo, 'timestamp', options.online.timestamp);
  const versions = currentVersions(repo);
  const previous = repo.targets(versions.targets).signed;
  const targets = new Targets({
    version: versions.targets + 1,
    specVersion: '1.0.31',
    expires: expiresAt(options.now, lifetimes.targets),
    targets: Object.fromEntries(Object.entries(previous.targets).filter(([name]) => !name.startsWith(BLOB_TARGETS))),
  });
  for (const target of options.add) targets.addTarget(target);
  repo.writeMetadata(`${targets.version}.targets.json`, signWith(targets, [options.publisherKey]));
  writeSnapshotAndTimestamp(
    repo,
    options.online,
    targets.version,
    { snapshot: versions.snapshot + 1, timestamp: versions.timestamp + 1 },
    options.now,
    lifetimes,
  );
  return { targetsVersion: targets.version };
}

/** What `resignOnlineRoles` did. */
export interface OnlineResignOutcome {
  readonly snapshot: boolean;
  readonly timestamp: boolean;
}

/**
 * Re-signs the timestamp (and the snapshot) when its expiry is within `renewWithinMs`: the
 * hub calls it on a timer. A new snapshot version always brings a new timestamp.
 */
export function resignOnlineRoles(
  repo: ContentRepository,
  online: OnlineKeys,
  now: number,
  renewWithinMs: { snapshot: number; timestamp: number },
  lifetimes: RoleLifetimes = DEFAULT_LIFETIMES,
): OnlineResignOutcome {
  const versions = currentVersions(repo);
  const snapshotDue = Date.parse(repo.snapshot(versions.snapshot).signed.expires) - now < renewWithinMs.snapshot;
  const timestampDue = Date.parse(repo.timestamp().signed.expires) - now < renewWithinMs.timestamp;
  if (snapshotDue) {
    const next = { snapshot: versions.snapshot + 1, timestamp: versions.timestamp + 1 };
    writeSnapshotAndTimestamp(repo, online, versions.targets, next, now, lifetimes);
    return { snapshot: true, timestamp: true };
  }
  if (timestampDue) {
    // The timestamp signs the snapshot file's exact bytes (length and hash), as served.
    const snapshotBytes = repo.metadataBytes(`${versions.snapshot}.snapshot.json`);
    writeTimestamp(
      repo,
      online,
      { snapshot: versions.snapshot, timestamp: versions.timestamp + 1 },
      snapshotBytes,
      now,
      lifetimes,
    );
    return { snapshot: false, timestamp: true };
  }
  return { snapshot: false, timestamp: false };
}

/** A role whose signature runs out within the warning window. */
export interface ExpiryWarning {
  readonly role: 'root' | 'targets' | 'snapshot' | 'timestamp';
  readonly expires: string;
  readonly version: number;
}

/**
 * The roles expiring within each window (by default: root and targets within 30 days, which
 * need the offline keys; the online ones within a day of their renewal, which means the timer
 * is not running).
 */
export function expiryWarnings(
  repo: ContentRepository,
  now: number,
  within: RoleLifetimes = { root: 30 * DAY_MS, targets: 30 * DAY_MS, snapshot: 7 * DAY_MS, timestamp: DAY_MS / 2 },
): ExpiryWarning[] {
  const versions = currentVersions(repo);
  const signed: Record<ExpiryWarning['role'], { expires: string; version: number }> = {
    root: repo.latestRoot().signed,
    targets: repo.targets(versions.targets).signed,
    snapshot: repo.snapshot(versions.snapshot).signed,
    timestamp: repo.timestamp().signed,
  };
  return (Object.keys(signed) as ExpiryWarning['role'][])
    .filter((role) => Date.parse(signed[role].expires) - now < within[role])
    .map((role) => ({ role, expires: signed[role].expires, version: signed[role].version }));
}

/** What a root rotation changes. */
export interface RotateRootOptions {
  /** Enough of the current root's keys to meet its threshold. */
  readonly currentRootKeys: readonly SigningKey[];
  /** The new root keys: each signs the new root too (so the new threshold is proven met). */
  readonly newRootKeys: readonly SigningKey[];
  readonly newRootThreshold: number;
  readonly now: number;
  readonly lifetimes?: RoleLifetimes;
}

/**
 * Writes `N+1.root.json`, signed by the old root keys and the new, naming the new root keys and
 * keeping the other roles' keys. A kiosk holding root N walks to N+1 on its next refresh.
 */
export function rotateRoot(repo: ContentRepository, options: RotateRootOptions): number {
  const lifetimes = options.lifetimes ?? DEFAULT_LIFETIMES;
  const current = repo.latestRoot().signed;
  const rootRole = current.roles.root;
  const signerIds = new Set(options.currentRootKeys.map((k) => k.keyId));
  const met = rootRole?.keyIDs.filter((id) => signerIds.has(id)).length ?? 0;
  if (rootRole === undefined || met < rootRole.threshold) {
    throw new Error(`the current root needs ${rootRole?.threshold ?? '?'} of its keys; ${met} given`);
  }
  if (options.newRootThreshold < 1 || options.newRootThreshold > options.newRootKeys.length) {
    throw new Error(`a root threshold of ${options.newRootThreshold} with ${options.newRootKeys.length} root keys`);
  }
  const keyOf = (role: 'targets' | 'snapshot' | 'timestamp'): Key => {
    const id = current.roles[role]?.keyIDs[0];
    const key = id === undefined ? undefined : current.keys[id];
    if (key === undefined) throw new Error(`the current root has no ${role} key`);
    return key;
  };
  const version = current.version + 1;
  const root = buildRoot(version, expiresAt(options.now, lifetimes.root), {
    root: options.newRootKeys.map((k) => k.publicKey),
    rootThreshold: options.newRootThreshold,
    targets: keyOf('targets'),
    snapshot: keyOf('snapshot'),
    timestamp: keyOf('timestamp'),
  });
  const signers = [...options.currentRootKeys, ...options.newRootKeys.filter((k) => !signerIds.has(k.keyId))];
  repo.writeMetadata(`${version}.root.json`, signWith(root, signers));
  return version;
}
