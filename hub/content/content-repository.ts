import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Metadata,
  MetadataKind,
  type Root,
  type Snapshot,
  TargetFile,
  type Targets,
  type Timestamp,
} from '@tufjs/models';
import { blobTargetName, releaseTargetName, Sha256Hex } from '../../kiosk-config/src/content/release-manifest';
import { writeFileAtomic } from './atomic-file';

/** The metadata file names the hub serves: `N.root.json`, `V.snapshot.json`, `V.targets.json`, `timestamp.json`. */
export const METADATA_FILE_NAME = /^(?:[1-9]\d{0,8}\.(?:root|snapshot|targets)\.json|timestamp\.json)$/;

/** A release's id, as `ReleaseManifest.releaseId`. */
const RELEASE_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

/**
 * The TUF repository on the hub's disk (consistent snapshots):
 *
 *   metadata/N.root.json, V.targets.json, V.snapshot.json, timestamp.json
 *   targets/releases/<releaseId>.json   release manifests (TUF targets)
 *   blobs/<sha256>                      every file of every release, once (signed by its manifest's
 *                                       length and sha256; not a TUF target of its own)
 *
 * Every file is written atomically (temp, fsync, rename, fsync the folder), and the timestamp
 * last: a kiosk polling in the middle of a publish sees the previous release, whole.
 */
export class ContentRepository {
  readonly metadataDir: string;
  readonly blobsDir: string;
  readonly releasesDir: string;

  constructor(readonly dir: string) {
    this.metadataDir = join(dir, 'metadata');
    this.blobsDir = join(dir, 'blobs');
    this.releasesDir = join(dir, 'targets', 'releases');
  }

  /** Creates the folders (mode 0755: everything here is public, signed data). */
  ensureFolders(): void {
    for (const dir of [this.metadataDir, this.blobsDir, this.releasesDir]) mkdirSync(dir, { recursive: true });
  }

  /** True once a root has been written. */
  isInitialised(): boolean {
    return existsSync(join(this.metadataDir, '1.root.json'));
  }

  /** The path of a metadata file by its served name, or undefined for a name that is not one. */
  metadataPath(name: string): string | undefined {
    return METADATA_FILE_NAME.test(name) ? join(this.metadataDir, name) : undefined;
  }

  /** The path of a blob by its sha256, or undefined for a name that is not one. */
  blobPath(sha256: string): string | undefined {
    return Sha256Hex.safeParse(sha256).success ? join(this.blobsDir, sha256) : undefined;
  }

  /** The path of a release manifest by its target name (`releases/<id>.json`), or undefined. */
  releasePath(targetName: string): string | undefined {
    const id = /^releases\/([^/]+)\.json$/.exec(targetName)?.[1];
    return id !== undefined && RELEASE_ID.test(id) ? join(this.releasesDir, `${id}.json`) : undefined;
  }

  /** Writes a metadata file under its served name. */
  writeMetadata(name: string, metadata: Metadata<Root | Snapshot | Targets | Timestamp>): Buffer {
    const path = this.metadataPath(name);
    if (path === undefined) throw new Error(`not a metadata file name: ${name}`);
    const bytes = Buffer.from(JSON.stringify(metadata.toJSON()));
    writeFileAtomic(path, bytes);
    return bytes;
  }

  /** Stores a blob under its sha256 (once: the same file in many releases is one blob); its name, length and hash. */
  putBlob(bytes: Uint8Array): TargetFile {
    const sha256 = sha256Hex(bytes);
    const path = join(this.blobsDir, sha256);
    if (!existsSync(path)) writeFileAtomic(path, bytes);
    return new TargetFile({ path: blobTargetName(sha256), length: bytes.length, hashes: { sha256 } });
  }

  /** Stores a release manifest's bytes (the JSON the targets role signs by hash); its TUF target. */
  putRelease(releaseId: string, bytes: Uint8Array): TargetFile {
    const targetName = releaseTargetName(releaseId);
    const path = this.releasePath(targetName);
    if (path === undefined) throw new Error(`not a release id: ${releaseId}`);
    writeFileAtomic(path, bytes);
    return new TargetFile({ path: targetName, length: bytes.length, hashes: { sha256: sha256Hex(bytes) } });
  }

  /** A metadata file's bytes as served. */
  metadataBytes(name: string): Buffer {
    const path = this.metadataPath(name);
    if (path === undefined) throw new Error(`not a metadata file name: ${name}`);
    return readFileSync(path);
  }

  /** The newest root (`N.root.json` with the highest N). */
  latestRoot(): Metadata<Root> {
    const versions = readdirSync(this.metadataDir)
      .map((name) => /^(\d+)\.root\.json$/.exec(name)?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number);
    if (versions.length === 0) throw new Error(`no root in ${this.metadataDir}: run "content init" first`);
    return Metadata.fromJSON(MetadataKind.Root, this.readJson(`${Math.max(...versions)}.root.json`));
  }

  timestamp(): Metadata<Timestamp> {
    return Metadata.fromJSON(MetadataKind.Timestamp, this.readJson('timestamp.json'));
  }

  snapshot(version: number): Metadata<Snapshot> {
    return Metadata.fromJSON(MetadataKind.Snapshot, this.readJson(`${version}.snapshot.json`));
  }

  targets(version: number): Metadata<Targets> {
    return Metadata.fromJSON(MetadataKind.Targets, this.readJson(`${version}.targets.json`));
  }

  private readJson(name: string) {
    return JSON.parse(this.metadataBytes(name).toString('utf8'));
  }
}

/** The sha256 of bytes in lower-case hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
