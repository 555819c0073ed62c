import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Updater } from 'tuf-js';
import type { ContentChannel } from './content-publisher';
import { ContentRepository } from './content-repository';
import { type ContentWriteLock, repositoryFileLock } from './repository-lock';
import { generateSigningKey, type SigningKey } from './signing-keys';
import { initRepository, type OnlineKeys } from './tuf-roles';

/** A repository with fresh keys in a temp folder, for tests. */
export interface TestRepository {
  readonly repo: ContentRepository;
  readonly rootKeys: SigningKey[];
  readonly publisherKey: SigningKey;
  readonly online: OnlineKeys;
  /** The repository's lock file (a SQLite hub's write lock). */
  readonly writeLock: ContentWriteLock;
  readonly tempDir: string;
  remove(): void;
}

/** Creates a repository signed by two root keys (threshold 1 unless told), the publisher's and the online keys. */
export function createTestRepository(now: number, rootThreshold = 1): TestRepository {
  const tempDir = mkdtempSync(join(tmpdir(), 'okno-content-'));
  const repo = new ContentRepository(join(tempDir, 'repo'));
  const rootKeys = [generateSigningKey(), generateSigningKey()];
  const publisherKey = generateSigningKey();
  const online = { snapshot: generateSigningKey(), timestamp: generateSigningKey() };
  initRepository(repo, { rootKeys, rootThreshold, publisherKey, online, now });
  return {
    repo,
    rootKeys,
    publisherKey,
    online,
    writeLock: repositoryFileLock(repo.dir),
    tempDir,
    remove: () => rmSync(tempDir, { recursive: true, force: true }),
  };
}

/**
 * Initialises a hub's content channel (`content init`) with a fresh root key (threshold 1) and
 * publisher key, the hub's own online keys; returns the publisher's key to publish with.
 */
export function initChannelRepository(channel: ContentChannel, now = Date.now()): SigningKey {
  const publisherKey = generateSigningKey();
  initRepository(channel.repo, {
    rootKeys: [generateSigningKey()],
    rootThreshold: 1,
    publisherKey,
    online: channel.online,
    now,
  });
  return publisherKey;
}

/**
 * Serves a repository folder over HTTP on 127.0.0.1 as a dumb file server:
 * `/metadata/<name>` and `/targets/<path>`. `override` answers chosen paths with other bytes
 * (a replayed or tampered file).
 */
export async function serveRepositoryFolder(
  repo: ContentRepository,
): Promise<{ url: string; override: Map<string, Buffer>; close(): Promise<void> }> {
  const override = new Map<string, Buffer>();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const forced = override.get(path);
    const file = forced ?? readRepositoryFile(repo, path);
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-length': file.length }).end(file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    override,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function readRepositoryFile(repo: ContentRepository, urlPath: string): Buffer | undefined {
  const metadata = /^\/metadata\/([^/]+)$/.exec(urlPath)?.[1];
  const target = /^\/targets\/(.+)$/.exec(urlPath)?.[1];
  const path =
    metadata !== undefined
      ? repo.metadataPath(metadata)
      : target?.startsWith('blobs/')
        ? repo.blobPath(target.slice('blobs/'.length))
        : target !== undefined
          ? repo.releasePath(target)
          : undefined;
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** A tuf-js client whose trusted root is the repository's `1.root.json` (as a kiosk ships it pinned). */
export function pinnedClient(repo: ContentRepository, baseUrl: string, clientDir: string): Updater {
  writeFileSync(join(clientDir, 'root.json'), repo.metadataBytes('1.root.json'));
  return new Updater({
    metadataDir: clientDir,
    metadataBaseUrl: `${baseUrl}/metadata`,
    targetDir: clientDir,
    targetBaseUrl: `${baseUrl}/targets`,
    config: { prefixTargetsWithHash: false, fetchRetries: 0 },
  });
}
