import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pngBytes, webmBytes } from '../../../kiosk-config/src/content/media-test-support';
import type { ContentKind, ReleaseManifest } from '../../../kiosk-config/src/content/release-manifest';
import type { ContentStore } from './content-store';

/** A release built in a test: its manifest and the bytes of each of its blobs. */
export interface TestRelease {
  manifest: ReleaseManifest;
  blobs: Map<string, Buffer>;
}

/** One file of a test release. */
export interface TestFile {
  path: string;
  bytes: Buffer | string;
  kind?: ContentKind;
}

/** The lower-case hex sha256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A release for everyone with these files (kind `texts` unless named). */
export function testRelease(releaseId: string, version: number, files: readonly TestFile[]): TestRelease {
  const blobs = new Map<string, Buffer>();
  const manifestFiles = files.map((file) => {
    const bytes = Buffer.isBuffer(file.bytes) ? file.bytes : Buffer.from(file.bytes);
    const sha256 = sha256Hex(bytes);
    blobs.set(sha256, bytes);
    return { path: file.path, kind: file.kind ?? 'texts', sha256, length: bytes.length };
  });
  return {
    manifest: {
      schema: 'okno.content-release/1',
      version,
      releaseId,
      createdAt: '2026-12-06T10:00:00+03:00',
      audience: { kind: 'all' },
      files: manifestFiles,
    },
    blobs,
  };
}

/** A fresh data folder under the system's temp folder. */
export function tempDataDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'okno-content-'));
}

/** Deterministic bytes (a seeded xorshift), so a failing test can be rerun on the same data. */
export function seededBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** A PNG that passes the content checks (a 64×64 header), padded with seeded bytes to `length`. */
export function pngOfLength(length: number, seed: number): Buffer {
  const header = Buffer.from(pngBytes(64, 64));
  return Buffer.concat([header, seededBytes(Math.max(0, length - header.length), seed)]);
}

/** A valid texts file (`{ ru: { … } }`) of about `length` bytes, its strings from `seed`. */
export function textsOfLength(length: number, seed: number): Buffer {
  const texts: Record<string, string> = {};
  let size = 10;
  for (let i = 0; size < length; i += 1) {
    const text = seededBytes(Math.min(1500, length - size), seed + i)
      .toString('base64url')
      .slice(0, 1500);
    texts[`screen.text${i}`] = text;
    size += text.length + 20;
  }
  return Buffer.from(JSON.stringify({ ru: texts }));
}

/** Stores `release` whole and makes it the current one (as a confirmed trial would). */
export async function showRelease(store: ContentStore, release: TestRelease): Promise<void> {
  for (const bytes of release.blobs.values()) await store.putBlob(bytes);
  await store.saveRelease(release.manifest);
  const began = await store.beginTrial(release.manifest.releaseId);
  if (!began.ok) throw new Error(began.error.message);
  await store.confirmTrial(release.manifest.releaseId);
}

/** An office's release with every kind the screens read: texts, announcements, office, attract loop (a PNG, a WebM). */
export function screensRelease(releaseId: string, version: number): TestRelease {
  const json = (value: unknown) => JSON.stringify(value);
  return testRelease(releaseId, version, [
    {
      path: 'texts.json',
      kind: 'texts',
      bytes: json({ ru: { 'home.title': 'Добро пожаловать' }, en: { 'home.title': 'Welcome' } }),
    },
    {
      path: 'announcements.json',
      kind: 'announcements',
      bytes: json([
        { id: 'always', title: 'Всегда', body: 'Без сроков' },
        { id: 'now', title: 'Сейчас', body: '', from: '2026-12-01T00:00:00+03:00', until: '2026-12-31T00:00:00+03:00' },
        { id: 'past', title: 'Прошло', body: '', until: '2026-12-01T00:00:00+03:00' },
        { id: 'future', title: 'Будет', body: '', from: '2027-01-01T00:00:00+03:00' },
      ]),
    },
    {
      path: 'office.json',
      kind: 'office',
      bytes: json({
        address: 'ул. Ленина, 1',
        phone: '+7 800 100-00-00',
        hours: { mon: [{ from: '09:00', to: '18:00' }] },
      }),
    },
    {
      path: 'attract-playlist.json',
      kind: 'attract-playlist',
      bytes: json({
        items: [
          { path: 'attract/1.png', seconds: 8 },
          { path: 'attract/2.webm', seconds: 20 },
        ],
      }),
    },
    { path: 'attract/1.png', kind: 'image', bytes: pngOfLength(2000, 7) },
    { path: 'attract/2.webm', kind: 'video', bytes: Buffer.from(webmBytes()) },
  ]);
}
