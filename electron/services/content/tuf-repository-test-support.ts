import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Key, Metadata, MetaFile, Root, Signature, Snapshot, TargetFile, Targets, Timestamp } from '@tufjs/models';
import { releaseTargetName } from '../../../kiosk-config/src/content/release-manifest';
import type { TestRelease } from './content-test-support';

/** An Ed25519 key of one role, with its TUF key id. */
interface RoleKey {
  key: Key;
  privateKey: KeyObject;
}

function ed25519Key(): RoleKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('hex');
  // Key ids per spec: sha256 of the key's canonical JSON (its keys in sorted order, no spaces).
  const canonical = `{"keytype":"ed25519","keyval":{"public":"${raw}"},"scheme":"ed25519"}`;
  const keyID = createHash('sha256').update(canonical).digest('hex');
  return { key: new Key({ keyID, keyType: 'ed25519', scheme: 'ed25519', keyVal: { public: raw } }), privateKey };
}

function signWith(metadata: Metadata<Root | Targets | Snapshot | Timestamp>, roleKey: RoleKey): void {
  metadata.sign(
    (data) => new Signature({ keyID: roleKey.key.keyID, sig: sign(null, data, roleKey.privateKey).toString('hex') }),
  );
}

const bytesOf = (metadata: Metadata<Root | Targets | Snapshot | Timestamp>) =>
  Buffer.from(JSON.stringify(metadata.toJSON()));

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Options of one `publish`. */
export interface PublishOptions {
  /** Days until the timestamp expires (negative: already expired). Default 1. */
  timestampDays?: number;
  /** Days until the snapshot expires (negative: already expired). Default 7. */
  snapshotDays?: number;
  /** Publish these bytes as the release's manifest instead of its JSON (a publisher's bad file, signed). */
  manifestBytes?: Buffer;
  /** Sign the targets role with this key instead of the publisher's (a compromised hub's own key). */
  targetsSignedBy?: 'publisher' | 'hub';
}

/**
 * A TUF repository built in a test as the spec describes (root with one key per role, the
 * publisher's key for targets, the hub's for snapshot and timestamp, consistent snapshots),
 * serving its metadata, release manifests and director over `node:http` like the hub's
 * `/v1/content/*` routes.
 */
export class TestTufRepository {
  readonly root = ed25519Key();
  readonly publisher = ed25519Key();
  readonly hub = ed25519Key();
  /** The files the hub serves: metadata by name, targets by path. */
  readonly metadata = new Map<string, Buffer>();
  readonly targets = new Map<string, Buffer>();
  #version = 0;
  #signedTargets: Record<string, TargetFile> = {};
  assignment: { releaseTarget: string; version: number } | { releaseTarget: null } = { releaseTarget: null };
  /** Paths answered with 503 (a hub in trouble half-way through a refresh). */
  readonly failing = new Set<string>();
  /**
   * Paths answered 200 with a body that never ends (a huge metadata file); `endlessAnswers` records
   * how many bytes each such answer wrote before its connection closed.
   */
  readonly endless = new Set<string>();
  readonly endlessAnswers: Promise<{ bytesWritten: number }>[] = [];
  /** Every request path the server answered, in order. */
  readonly requests: string[] = [];
  /** The status of each answer, in the order of `requests`. */
  readonly answers: number[] = [];

  /** The root metadata (version 1) that a kiosk pins. */
  readonly pinnedRoot: Buffer;

  constructor() {
    this.pinnedRoot = this.#signRoot(1, this.root, [this.root]);
  }

  /**
   * Rotates the root key: `N+1.root.json` names a new root key and is signed by the old one (which
   * the kiosk trusts) and the new one. Returns the new key.
   */
  rotateRoot(): RoleKey {
    const next = ed25519Key();
    this.#signRoot(this.#rootVersion + 1, next, [this.#rootKey, next]);
    this.#rootKey = next;
    return next;
  }

  #rootKey: RoleKey = this.root;
  #rootVersion = 0;

  #signRoot(version: number, rootKey: RoleKey, signers: RoleKey[]): Buffer {
    const root = new Root({ version, specVersion: '1.0.31', expires: inDays(365), consistentSnapshot: true });
    root.addKey(rootKey.key, 'root');
    root.addKey(this.publisher.key, 'targets');
    root.addKey(this.hub.key, 'snapshot');
    root.addKey(this.hub.key, 'timestamp');
    // Each role has a threshold of 1 by default: one key each is enough for a test.
    const metadata = new Metadata(root);
    for (const signer of signers) signWith(metadata, signer);
    const bytes = bytesOf(metadata);
    this.metadata.set(`${version}.root.json`, bytes);
    this.#rootVersion = version;
    return bytes;
  }

  /**
   * Signs `release` into a new version of the repository: its manifest is the new target (the
   * blobs are signed by the manifest's lengths and hashes, as the hub's publisher does).
   */
  publish(release: TestRelease, options: PublishOptions = {}): void {
    const manifest = options.manifestBytes ?? Buffer.from(JSON.stringify(release.manifest));
    const releaseTarget = releaseTargetName(release.manifest.releaseId);
    this.targets.set(releaseTarget, manifest);
    this.#signedTargets[releaseTarget] = targetFile(releaseTarget, manifest);
    this.#version += 1;
    const version = this.#version;
    const targets = new Metadata(
      new Targets({ version, specVersion: '1.0.31', expires: inDays(30), targets: { ...this.#signedTargets } }),
    );
    signWith(targets, options.targetsSignedBy === 'hub' ? this.hub : this.publisher);
    this.metadata.set(`${version}.targets.json`, bytesOf(targets));
    const snapshot = new Metadata(
      new Snapshot({
        version,
        specVersion: '1.0.31',
        expires: inDays(options.snapshotDays ?? 7),
        meta: { 'targets.json': new MetaFile({ version }) },
      }),
    );
    signWith(snapshot, this.hub);
    this.metadata.set(`${version}.snapshot.json`, bytesOf(snapshot));
    this.#snapshotVersion = version;
    this.resignTimestamp(options.timestampDays ?? 1);
    this.assignment = { releaseTarget, version: release.manifest.version };
  }

  #snapshotVersion = 0;
  #timestampVersion = 0;

  /** A new timestamp for the same snapshot, as the hub re-signs on its timer (negative days: already expired). */
  resignTimestamp(days: number): void {
    this.#timestampVersion += 1;
    const timestamp = new Metadata(
      new Timestamp({
        version: this.#timestampVersion,
        specVersion: '1.0.31',
        expires: inDays(days),
        snapshotMeta: new MetaFile({ version: this.#snapshotVersion }),
      }),
    );
    signWith(timestamp, this.hub);
    this.metadata.set('timestamp.json', bytesOf(timestamp));
  }

  /** Serves the repository on 127.0.0.1 for `credential`; `other` answers any other path (blobs). */
  async serve(
    credential: string,
    other?: (request: IncomingMessage, response: ServerResponse) => void,
  ): Promise<{ url: string; close(): Promise<void> }> {
    const server = createServer((request, response) => {
      const url = request.url ?? '';
      this.requests.push(url);
      const index = this.answers.push(0) - 1;
      response.on('finish', () => {
        this.answers[index] = response.statusCode;
      });
      if (request.headers.authorization !== `Bearer ${credential}`) {
        response.writeHead(401).end();
        return;
      }
      if (this.failing.has(url)) {
        response.writeHead(503).end();
        return;
      }
      if (this.endless.has(url)) {
        this.endlessAnswers.push(endlessAnswer(response));
        return;
      }
      const send = (body: Buffer | undefined) => {
        if (body === undefined) response.writeHead(404).end();
        else response.writeHead(200, { 'content-length': body.length }).end(body);
      };
      if (url === '/v1/content/assignment') return send(Buffer.from(JSON.stringify(this.assignment)));
      const metadata = /^\/v1\/content\/metadata\/([\w.]+)$/.exec(url)?.[1];
      if (metadata === 'timestamp.json') {
        const bytes = this.metadata.get(metadata) ?? Buffer.alloc(0);
        const etag = `"${createHash('sha256').update(bytes).digest('hex')}"`;
        if (request.headers['if-none-match'] === etag) {
          response.writeHead(304, { etag }).end();
          return;
        }
        response.writeHead(200, { etag, 'content-length': bytes.length }).end(bytes);
        return;
      }
      if (metadata !== undefined) return send(this.metadata.get(metadata));
      const target = /^\/v1\/content\/targets\/(.+)$/.exec(url)?.[1];
      if (target !== undefined) return send(this.targets.get(target));
      if (other !== undefined) return other(request, response);
      send(undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }
}

function targetFile(targetPath: string, bytes: Buffer): TargetFile {
  return new TargetFile({
    path: targetPath,
    length: bytes.length,
    hashes: { sha256: createHash('sha256').update(bytes).digest('hex') },
  });
}

/** Writes `{"signed":{"padding":"xxxx…` for as long as the client reads; resolves when the connection closes. */
function endlessAnswer(response: ServerResponse): Promise<{ bytesWritten: number }> {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let bytesWritten = 0;
  return new Promise((resolve) => {
    response.on('close', () => resolve({ bytesWritten }));
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"signed":{"padding":"');
    const pump = () => {
      while (!response.destroyed) {
        bytesWritten += chunk.length;
        if (!response.write(chunk)) {
          response.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}
