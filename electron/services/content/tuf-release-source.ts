import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { BaseFetcher, Updater } from 'tuf-js';
import { DownloadHTTPError, ExpiredMetadataError, RuntimeError } from 'tuf-js/dist/error.js';
import type { ContentAssignment } from '../../../kiosk-config/src/content/content-assignment';
import { ReleaseManifest } from '../../../kiosk-config/src/content/release-manifest';
import { fail, ok, type Result } from '../../../kiosk-config/src/index';
import { kioskAuthHeaders } from '../hub/kiosk-auth-headers';
import { parseHubAnswer } from '../hub/newer-hub-answer';
import { parseJson } from '../parse-json';
import { writeFileDurably } from '../storage/durable-file';
import { AnswerTooLargeError, cappedBody, TUF_FILE_CAPS, tufFileCap } from './capped-body';
import {
  CONTENT_ASSIGNMENT_PATH,
  CONTENT_METADATA_BASE_PATH,
  CONTENT_TARGETS_BASE_PATH,
  ContentAssignmentAnswer,
} from './content-endpoints';
import type { ReleaseSource, ReleaseSourceFailure } from './content-updater';

/** The most bytes of a director's answer read. */
const MAX_ASSIGNMENT_BYTES = 4096;

/** Options of `TufReleaseSource`. */
export interface TufReleaseSourceOptions {
  /** The hub's base URL (`https://hub.example`). */
  hubUrl: string;
  /** The kiosk's id, sent as `X-Okno-Kiosk` with the credential (the hub's kiosk authentication). */
  kioskId: string;
  /** The kiosk's credential now (undefined before enrollment). */
  credential: () => string | undefined;
  /** Where the trusted metadata is kept between runs (`<dataDir>/content/tuf/`). */
  metadataDir: string;
  /** The root metadata shipped with the kiosk (pinned): trusted at first use, then only what it signs. */
  pinnedRoot: string | Uint8Array;
  /** The longest wait for one metadata or target request (ms; default 30 s). */
  requestTimeoutMs?: number;
}

/**
 * A link or hub fault while fetching metadata: nothing was verified, nothing changes. A 403/404
 * is thrown as tuf-js's own `DownloadHTTPError`, because its root rotation stops at a missing
 * `N+1.root.json` by that type.
 */
class HubUnavailableError extends Error {
  // tuf-js wraps snapshot and targets failures into a RuntimeError by their text: the name marks them.
  override name = 'HubUnavailableError';
}

/**
 * tuf-js's fetcher with the kiosk's credential (`Authorization: Bearer …`), a timeout and a cap
 * on the bytes read per file (`TUF_FILE_CAPS`). It does not retry: the updater's next poll is the
 * retry. Node's fetch asks for and decodes gzip, which the hub uses for metadata and manifests;
 * tuf-js checks lengths and hashes on the decoded bytes, as signed. `timestamp.json` is asked with the ETag
 * of the last one: a 304 (nothing published since) is answered from the trusted copy on disk, so
 * an idle poll costs one small request, and tuf-js still checks that copy's expiry.
 */
class CredentialFetcher extends BaseFetcher {
  #timestampEtag: string | undefined;

  constructor(
    private readonly kioskId: string,
    private readonly credential: () => string | undefined,
    private readonly timeoutMs: number,
    private readonly metadataDir: string,
  ) {
    super();
  }

  override async fetch(url: string): Promise<ReadableStream<Uint8Array<ArrayBuffer>>> {
    const credential = this.credential();
    if (credential === undefined) throw new HubUnavailableError('the kiosk has no hub credential yet');
    const isTimestamp = url.endsWith('/timestamp.json');
    const trustedTimestamp = path.join(this.metadataDir, 'timestamp.json');
    const headers = kioskAuthHeaders(this.kioskId, credential);
    if (isTimestamp && this.#timestampEtag !== undefined) headers['if-none-match'] = this.#timestampEtag;
    const cut = new AbortController();
    let response: Response;
    try {
      response = await fetch(url, {
        headers,
        signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), cut.signal]),
      });
    } catch (error) {
      throw new HubUnavailableError(`the hub could not be reached: ${(error as Error).message}`);
    }
    if (isTimestamp && response.status === 304) {
      const trusted = await readFile(trustedTimestamp).catch(() => undefined);
      if (trusted !== undefined) return new Blob([trusted]).stream() as ReadableStream<Uint8Array<ArrayBuffer>>;
      this.#timestampEtag = undefined;
      throw new HubUnavailableError('a 304 for a timestamp the kiosk no longer holds');
    }
    if (response.status === 403 || response.status === 404) {
      throw new DownloadHTTPError(`the hub answered ${response.status}`, response.status);
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      throw new HubUnavailableError(`the hub answered ${response.status}`);
    }
    // tuf-js stops reading past its own limit but leaves the answer open: the cap here closes it.
    const cap = tufFileCap(url);
    if (Number(response.headers.get('content-length') ?? 0) > cap) {
      cut.abort();
      throw new AnswerTooLargeError(`the hub announced more than ${cap} bytes`);
    }
    if (isTimestamp) this.#timestampEtag = response.headers.get('etag') ?? undefined;
    return cappedBody(response.body, cap, (reason) => cut.abort(reason)) as ReadableStream<Uint8Array<ArrayBuffer>>;
  }
}

/**
 * The content's trust, with tuf-js 5: every manifest the updater receives was reached from the
 * pinned root through the timestamp, snapshot and targets roles (spec 1.0, consistent
 * snapshots), and matches the length and sha256 the targets role signed. The publisher's targets
 * key is not on the hub, so a compromised hub can serve nothing new; its timestamp's expiry
 * freezes a kiosk cut off from fresh metadata (`expired`), which then keeps its current release.
 *
 * Blobs are not targets: the targets role lists release manifests only, and each manifest signs
 * its blobs' lengths and sha256 hashes, which `BlobDownloader` (`ContentStore.adoptBlob`) checks
 * before a blob enters the store; so every byte shown was reached from the pinned root.
 *
 * The director (`/v1/content/assignment`) is not signed: it only chooses among signed releases,
 * and the updater refuses a release whose version is not above the current one.
 */
export class TufReleaseSource implements ReleaseSource {
  readonly #fetcher: CredentialFetcher;
  readonly #timeoutMs: number;
  #assignmentEtag: { etag: string; answer: ContentAssignment } | undefined;

  constructor(private readonly options: TufReleaseSourceOptions) {
    this.#timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#fetcher = new CredentialFetcher(options.kioskId, options.credential, this.#timeoutMs, options.metadataDir);
  }

  /** The director's answer, asked with the last ETag (a 304 answers the same as before). */
  async assignment(): Promise<Result<ContentAssignment, ReleaseSourceFailure>> {
    const credential = this.options.credential();
    if (credential === undefined) return fail('offline', 'the kiosk has no hub credential yet');
    const headers = kioskAuthHeaders(this.options.kioskId, credential);
    if (this.#assignmentEtag !== undefined) headers['if-none-match'] = this.#assignmentEtag.etag;
    let response: Response;
    try {
      response = await fetch(new URL(CONTENT_ASSIGNMENT_PATH, this.options.hubUrl), {
        headers,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      return fail('offline', `the hub could not be reached: ${(error as Error).message}`);
    }
    if (response.status === 304 && this.#assignmentEtag !== undefined) return ok(this.#assignmentEtag.answer);
    if (!response.ok) {
      await response.body?.cancel();
      return fail('offline', `the hub answered ${response.status}`);
    }
    const text = await response.text();
    const parsed = parseHubAnswer(
      ContentAssignmentAnswer,
      text.length > MAX_ASSIGNMENT_BYTES ? undefined : parseJson(text),
    );
    if (!parsed.success) return fail('rejected', 'the director answered something other than an assignment');
    const etag = response.headers.get('etag');
    this.#assignmentEtag = etag === null ? undefined : { etag, answer: parsed.data };
    return ok(parsed.data);
  }

  /** Brings the trusted metadata up to date (a 304 when nothing was published): `expired` when it is stale. */
  async refresh(): Promise<Result<void, ReleaseSourceFailure>> {
    try {
      await this.#refreshedUpdater();
      return ok(undefined);
    } catch (error) {
      return fail(classify(error), describe(error));
    }
  }

  /** Refreshes the metadata from the pinned root and fetches `releaseTarget`, verified. */
  async manifest(releaseTarget: string): Promise<Result<ReleaseManifest, ReleaseSourceFailure>> {
    const { metadataDir } = this.options;
    const download = path.join(metadataDir, 'download', `${randomBytes(6).toString('hex')}.json`);
    try {
      const updater = await this.#refreshedUpdater();
      await mkdir(path.dirname(download), { recursive: true });
      const info = await updater.getTargetInfo(releaseTarget);
      if (info === undefined) return fail('rejected', `${releaseTarget} is not a signed target`);
      await updater.downloadTarget(info, download);
      const parsed = ReleaseManifest.safeParse(parseJson(await readFile(download, 'utf8')));
      if (!parsed.success) return fail('rejected', `${releaseTarget} is signed but not a valid release manifest`);
      return ok(parsed.data);
    } catch (error) {
      return fail(classify(error), `${releaseTarget}: ${describe(error)}`);
    } finally {
      await rm(download, { force: true });
    }
  }

  /** A tuf-js updater (one per refresh, as tuf-js intends) whose metadata has just been refreshed. */
  async #refreshedUpdater(): Promise<Updater> {
    await this.#ensureRoot();
    const updater = new Updater({
      metadataDir: this.options.metadataDir,
      metadataBaseUrl: new URL(CONTENT_METADATA_BASE_PATH, this.options.hubUrl).toString(),
      targetBaseUrl: new URL(CONTENT_TARGETS_BASE_PATH, this.options.hubUrl).toString(),
      fetcher: this.#fetcher,
      config: {
        prefixTargetsWithHash: false,
        fetchTimeout: this.#timeoutMs,
        rootMaxLength: TUF_FILE_CAPS.root,
        timestampMaxLength: TUF_FILE_CAPS.timestamp,
        snapshotMaxLength: TUF_FILE_CAPS.snapshot,
        targetsMaxLength: TUF_FILE_CAPS.targets,
      },
    });
    await updater.refresh();
    return updater;
  }

  /** Puts the pinned root where tuf-js looks for its trusted root, unless a (possibly rotated) one is there. */
  async #ensureRoot(): Promise<void> {
    const root = path.join(this.options.metadataDir, 'root.json');
    if (
      await stat(root).then(
        () => true,
        () => false,
      )
    )
      return;
    await mkdir(this.options.metadataDir, { recursive: true });
    await writeFileDurably(root, this.options.pinnedRoot, { mode: 0o644 });
  }
}

/** What a tuf-js failure means for the kiosk. */
function classify(error: unknown): ReleaseSourceFailure {
  if (error instanceof HubUnavailableError) return 'offline';
  // A 403/404 for anything but the next root (which tuf-js handles itself): the hub lacks a file it named.
  if (error instanceof DownloadHTTPError) return error.statusCode === 403 ? 'offline' : 'rejected';
  if (error instanceof ExpiredMetadataError) return 'expired';
  // tuf-js 5 rethrows a snapshot or targets failure as a RuntimeError holding only the cause's text.
  if (error instanceof RuntimeError) {
    if (error.message.includes('HubUnavailableError')) return 'offline';
    if (/ is expired/.test(error.message)) return 'expired';
  }
  // Bad signatures, versions going back, lengths or hashes that do not match, malformed metadata.
  return 'rejected';
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
  return text.slice(0, 160);
}
