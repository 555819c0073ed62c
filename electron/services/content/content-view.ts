import { open, readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { CONTENT_JSON_SCHEMAS, type ContentJsonKind } from '../../../kiosk-config/src/content/content-schemas';
import { sniffImage } from '../../../kiosk-config/src/content/media-sniff';
import type { ReleaseFile, ReleaseManifest } from '../../../kiosk-config/src/content/release-manifest';
import type { AttractItemView, CatalogueFile, ContentView } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import { parseJson } from '../parse-json';
import type { ContentStore } from './content-store';

/** What the screens show without a content release: the renderer's built-in Russian. */
export const EMPTY_CONTENT_VIEW: ContentView = { announcements: [], texts: {}, attract: [] };

/**
 * Builds `content.current` from the current release in the store: its JSON files read again and
 * validated again with their schemas (the store's bytes are hash-checked; the schema check keeps
 * a view from ever carrying what the contract does not allow), announcements filtered to those
 * current at `now`, the attract playlist's paths turned into `/content/<sha256>` addresses. A
 * part that fails its schema is left out and logged; the rest is still shown.
 */
export async function readContentView(store: ContentStore | undefined, now: Date, log?: Logger): Promise<ContentView> {
  const manifest = await store?.current();
  if (store === undefined || manifest === undefined) return EMPTY_CONTENT_VIEW;
  const read = <K extends ContentJsonKind>(kind: K) => readJsonFile(store, manifest, kind, log);
  const [texts, announcements, office, playlist] = await Promise.all([
    read('texts'),
    read('announcements'),
    read('office'),
    read('attract-playlist'),
  ]);
  const at = now.getTime();
  return {
    releaseId: manifest.releaseId,
    version: manifest.version,
    announcements: (announcements ?? []).filter(
      (a) => (a.from === undefined || Date.parse(a.from) <= at) && (a.until === undefined || at < Date.parse(a.until)),
    ),
    texts: texts ?? {},
    ...(office === undefined ? {} : { office }),
    attract: (playlist?.items ?? []).flatMap((item): AttractItemView[] => {
      const file = manifest.files.find((f) => f.path === item.path);
      if (file === undefined || (file.kind !== 'image' && file.kind !== 'video')) return [];
      return [{ url: `/content/${file.sha256}`, kind: file.kind, seconds: item.seconds }];
    }),
  };
}

/**
 * The catalogue of `manifest` (a release in the store), validated again, or undefined: the
 * release has none, or it fails its schema (logged). The ticket service lays it over the hub's.
 */
export async function readReleaseCatalogue(
  store: ContentStore,
  manifest: ReleaseManifest | undefined,
  log?: Logger,
): Promise<CatalogueFile | undefined> {
  return manifest === undefined ? undefined : readJsonFile(store, manifest, 'catalogue', log);
}

/** The release's file of `kind` (the first one), parsed and validated, or undefined. */
async function readJsonFile<K extends ContentJsonKind>(
  store: ContentStore,
  manifest: ReleaseManifest,
  kind: K,
  log: Logger | undefined,
): Promise<z.output<(typeof CONTENT_JSON_SCHEMAS)[K]> | undefined> {
  const file = manifest.files.find((f) => f.kind === kind);
  if (file === undefined) return undefined;
  const parsed = CONTENT_JSON_SCHEMAS[kind].safeParse(parseJson(await readFile(store.blobPath(file.sha256), 'utf8')));
  if (parsed.success) return parsed.data as z.output<(typeof CONTENT_JSON_SCHEMAS)[K]>;
  log?.warn({ releaseId: manifest.releaseId, path: file.path }, 'content file fails its schema: left out');
  return undefined;
}

/** A file the host may serve at `/content/<sha256>`. */
export interface ServedContentFile {
  /** The blob's path in the store (read-only, verified). */
  file: string;
  length: number;
  contentType: string;
}

const HEADER_BYTES = 64 * 1024;

/**
 * The file of the current release whose hash is `sha256`, with its content type sniffed from its
 * first bytes; undefined for any other hash (another release's file, a partial, a made-up name).
 */
export async function currentContentFile(
  store: ContentStore | undefined,
  sha256: string,
): Promise<ServedContentFile | undefined> {
  if (store === undefined || !/^[0-9a-f]{64}$/.test(sha256)) return undefined;
  const file = (await store.current())?.files.find((f) => f.sha256 === sha256);
  if (file === undefined) return undefined;
  const blob = store.blobPath(sha256);
  return { file: blob, length: file.length, contentType: await sniffContentType(blob, file) };
}

async function sniffContentType(blob: string, file: ReleaseFile): Promise<string> {
  const handle = await open(blob, 'r');
  const header = Buffer.alloc(Math.min(HEADER_BYTES, file.length));
  try {
    await handle.read(header, 0, header.length, 0);
  } finally {
    await handle.close();
  }
  const image = sniffImage(header);
  if (image.ok) return `image/${image.value.format}`;
  // The container's magic is enough here: the whole file passed `checkContentFile` before its trial.
  if (header.toString('latin1', 4, 8) === 'ftyp') return 'video/mp4';
  if (header.length >= 4 && header.readUInt32BE(0) === 0x1a45dfa3) return 'video/webm';
  if (file.kind !== 'image' && file.kind !== 'video') return 'application/json; charset=utf-8';
  return 'application/octet-stream';
}
