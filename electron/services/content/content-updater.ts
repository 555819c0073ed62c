import type { ContentAssignment } from '../../../kiosk-config/src/content/content-assignment';
import type { ContentStateReport } from '../../../kiosk-config/src/content/content-state';
import type { ReleaseManifest } from '../../../kiosk-config/src/content/release-manifest';
import type { Result } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import type { SessionClock } from '../session/visitor-session';
import type { BlobDownloader } from './blob-downloader';
import type { ContentStore, StoreRecovery } from './content-store';
import { checkReleaseFiles } from './release-file-check';

// The report (outbox kind `content.state`) and the director's answer are the portable schemas' types.
export type { ContentAssignment, ContentStateReport };

/** The longest `reason` of a report. */
export const MAX_REASON_LENGTH = 200;

/**
 * Why the release source gave no answer.
 *
 * - `offline`: the hub could not be reached: nothing changes, the current release stays;
 * - `expired`: the signed metadata has expired (a hub that stopped re-signing, or a clock far
 *   off): no new content is accepted, the current release stays, the kiosk reports `stale`;
 * - `rejected`: the metadata or the release failed verification (bad signature, rollback of a
 *   version, wrong hash): refused, reported.
 */
export type ReleaseSourceFailure = 'offline' | 'expired' | 'rejected';

/**
 * Where verified releases come from: TUF behind this interface (tuf-js's `Updater`), so that what
 * reaches the updater is already checked against the pinned root, in length and hash.
 */
export interface ReleaseSource {
  /**
   * Brings the signed metadata up to date (cheap when nothing changed: a 304 on the timestamp), so
   * that a kiosk already on its assigned release still learns when its metadata went stale.
   */
  refresh(): Promise<Result<void, ReleaseSourceFailure>>;
  /** The release the director names for this kiosk. */
  assignment(): Promise<Result<ContentAssignment, ReleaseSourceFailure>>;
  /** The manifest of target `releases/<id>.json`, verified. */
  manifest(releaseTarget: string): Promise<Result<ReleaseManifest, ReleaseSourceFailure>>;
}

/** Whether a visitor is at the screen, and a way to hear when none is (the visitor session's reset). */
export interface IdleGate {
  isSessionIdle(): boolean;
  /** Calls `listener` at the next moment no visitor is in a session; returns how to stop listening. */
  onIdle(listener: () => void): () => void;
}

/** What fetches blobs into the store (the `BlobDownloader`). */
export type BlobFetcher = Pick<BlobDownloader, 'download'>;

/** Options of `ContentUpdater`. */
export interface ContentUpdaterOptions {
  store: ContentStore;
  source: ReleaseSource;
  fetcher: BlobFetcher;
  idle: IdleGate;
  /** Every state change, for the outbox (`content.state`). */
  onState(report: ContentStateReport): void;
  /**
   * The release the screens must show now changed (a switch or a rollback): the renderer reloads
   * its content. Awaited: what it prepares (the release's catalogue) is ready when the switch's
   * `check()` or the rollback settles.
   */
  onCurrentChanged?(manifest: ReleaseManifest | undefined): void | Promise<void>;
  /** How long a release on trial has to be reported healthy (ms; default 60 s). */
  trialMs?: number;
  /**
   * The trial's clock starts only when a screen first asks for the release on trial
   * (`screenAsked`), not at the switch: a kiosk whose page is not open yet (a browser host
   * started without its browser) must not blame, roll back and refuse a good release.
   */
  trialWaitsForScreen?: boolean;
  /** The shortest time between two `downloading` reports (ms; default 5 s). */
  progressIntervalMs?: number;
  clock?: SessionClock;
  now?: () => number;
  log?: Logger;
}

/** How one `check` ended. */
export type CheckOutcome =
  | 'up_to_date'
  | 'no_assignment'
  | 'offline'
  | 'stale'
  | 'refused'
  | 'download_incomplete'
  | 'trial_started'
  /** A release is on trial: nothing new until it is confirmed or rolled back. */
  | 'busy'
  | 'stopped';

const DEFAULT_TRIAL_MS = 60_000;
const DEFAULT_PROGRESS_INTERVAL_MS = 5000;
const RELEASE_TARGET = /^releases\/([a-z0-9][a-z0-9-]{0,99})\.json$/;

const realClock: SessionClock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Brings the kiosk's content to the release the director names, never showing half of one:
 * fetch the verified manifest, refuse a replay (a version not above the current one), fetch only
 * the blobs the store lacks, wait until no visitor is in a session, switch, and keep the release
 * on trial until the renderer reports it healthy; silence for `trialMs` (or a report of failure)
 * swaps the previous release back and refuses the new one for good. Offline, or with expired
 * metadata, the current verified release stays in use. States go to `onState` (docs/content.md
 * has the state machine).
 */
export class ContentUpdater {
  readonly #clock: SessionClock;
  readonly #now: () => number;
  readonly #trialMs: number;
  readonly #progressIntervalMs: number;
  #running: Promise<CheckOutcome> | undefined;
  #trial: { releaseId: string; version: number; timer: unknown | undefined } | undefined;
  #stopped = false;
  readonly #stop = new AbortController();

  constructor(private readonly options: ContentUpdaterOptions) {
    this.#clock = options.clock ?? realClock;
    this.#now = options.now ?? Date.now;
    this.#trialMs = options.trialMs ?? DEFAULT_TRIAL_MS;
    this.#progressIntervalMs = options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  }

  /** Reports what the store repaired at open (a trial cut short by a restart), then the current release. */
  async start(): Promise<void> {
    for (const recovery of this.options.store.recoveries) await this.#reportRecovery(recovery);
    const current = await this.options.store.current();
    if (current !== undefined) this.#report({ state: 'current', ...identify(current) });
  }

  /** One poll: fetches and activates the assigned release if it is new. Concurrent calls share one run. */
  check(): Promise<CheckOutcome> {
    if (this.#stopped) return Promise.resolve('stopped');
    this.#running ??= this.#check().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /**
   * The renderer drew the home screen of release `releaseId` with every file it needed: the trial
   * ends, the release stays. False when that release is not on trial (late, or rolled back).
   */
  async reportHealthy(releaseId: string): Promise<boolean> {
    const trial = this.#trial;
    if (trial?.releaseId !== releaseId) return false;
    this.#clock.clearTimeout(trial.timer);
    this.#trial = undefined;
    await this.options.store.confirmTrial(releaseId);
    this.#report({ state: 'current', releaseId, version: trial.version });
    await this.options.store.collectGarbage();
    return true;
  }

  /** The renderer could not show release `releaseId` (a file failed to load): it is rolled back now. */
  async reportUnhealthy(releaseId: string, reason: string): Promise<boolean> {
    const trial = this.#trial;
    if (trial?.releaseId !== releaseId) return false;
    await this.#rollBack(`the screens could not show it: ${reason}`);
    return true;
  }

  /** A screen asked for what to show while `releaseId` is on trial: its clock runs from now (once). */
  screenAsked(releaseId: string): void {
    if (this.#trial?.releaseId === releaseId) this.#startTrialClock();
  }

  #startTrialClock(): void {
    const trial = this.#trial;
    if (trial === undefined || trial.timer !== undefined) return;
    const { releaseId } = trial;
    trial.timer = this.#clock.setTimeout(() => {
      this.#rollBack(`not reported healthy within ${Math.round(this.#trialMs / 1000)} s`).catch((error: unknown) => {
        // The store could not switch back (a disk fault): the next start repairs it (trial.json).
        this.options.log?.error({ err: error, releaseId }, 'content rollback failed');
      });
    }, this.#trialMs);
  }

  /** Whether a release is on trial now (switched, not yet reported healthy): the kiosk is updating. */
  get onTrial(): boolean {
    return this.#trial !== undefined;
  }

  /** Stops: a download under way is abandoned (its partial kept), a trial's timer cleared (the store rolls it back at the next start). */
  dispose(): void {
    this.#stopped = true;
    this.#stop.abort();
    if (this.#trial?.timer !== undefined) this.#clock.clearTimeout(this.#trial.timer);
  }

  async #check(): Promise<CheckOutcome> {
    const { store, source } = this.options;
    if (this.#trial !== undefined || (await store.trialReleaseId()) !== undefined) return 'busy';
    const refreshed = await source.refresh();
    if (!refreshed.ok) return this.#sourceFailed(refreshed.error.code, refreshed.error.message);
    const assignment = await source.assignment();
    if (!assignment.ok) return this.#sourceFailed(assignment.error.code, assignment.error.message);
    if (assignment.value.releaseTarget === null) return 'no_assignment';
    const releaseId = RELEASE_TARGET.exec(assignment.value.releaseTarget)?.[1];
    if (releaseId === undefined) {
      return this.#refuse({}, `the director named ${JSON.stringify(assignment.value.releaseTarget.slice(0, 80))}`);
    }
    const current = await store.current();
    if (current?.releaseId === releaseId) return 'up_to_date';
    if ((await store.refusedReleases()).includes(releaseId)) return 'refused';

    const fetched = await source.manifest(assignment.value.releaseTarget);
    if (!fetched.ok) return this.#sourceFailed(fetched.error.code, fetched.error.message, { releaseId });
    const manifest = fetched.value;
    if (manifest.releaseId !== releaseId) {
      return this.#refuse({ releaseId }, `the manifest names release ${manifest.releaseId}`, true);
    }
    if (current !== undefined && manifest.version <= current.version) {
      return this.#refuse(
        identify(manifest),
        `replay: version ${manifest.version} is not above the current ${current.version}`,
        true,
      );
    }

    await store.saveRelease(manifest);
    const downloaded = await this.#fetchMissing(manifest);
    if (downloaded !== 'done') return downloaded;
    // Signed is not the same as showable: each file passes the hub's own checks again, or the release is refused.
    const checked = await checkReleaseFiles(store, manifest);
    if (!checked.ok)
      return this.#refuse(identify(manifest), `a file is not valid content: ${checked.error.message}`, true);

    if (!(await this.#idle())) return 'stopped';
    const began = await store.beginTrial(releaseId);
    if (!began.ok) return this.#refuse(identify(manifest), began.error.message);
    this.#trial = { releaseId, version: manifest.version, timer: undefined };
    if (this.options.trialWaitsForScreen !== true) this.#startTrialClock();
    this.#report({ state: 'trial', ...identify(manifest) });
    await this.options.onCurrentChanged?.(manifest);
    return 'trial_started';
  }

  /** Fetches the blobs the store lacks, one by one, reporting progress now and then. */
  async #fetchMissing(manifest: ReleaseManifest): Promise<'done' | CheckOutcome> {
    const missing = await this.options.store.missingBlobs(manifest);
    if (missing.length === 0) return 'done';
    const unique = new Map(manifest.files.map((file) => [file.sha256, file.length]));
    const bytesTotal = [...unique.values()].reduce((sum, length) => sum + length, 0);
    let bytesBefore = bytesTotal - missing.reduce((sum, blob) => sum + blob.length, 0);
    let lastReport = this.#now();
    const progress = (bytesDone: number) =>
      this.#report({ state: 'downloading', ...identify(manifest), bytesDone, bytesTotal });
    progress(bytesBefore);
    for (const blob of missing) {
      const result = await this.options.fetcher.download(blob, {
        signal: this.#stop.signal,
        onProgress: (done) => {
          if (this.#now() - lastReport < this.#progressIntervalMs) return;
          lastReport = this.#now();
          progress(bytesBefore + done);
        },
      });
      if (!result.ok) {
        if (result.error.code === 'aborted') return 'stopped';
        // The hub serves something other than the signed release names: this release cannot be had.
        if (result.error.code === 'content_mismatch' || result.error.code === 'not_found') {
          return this.#refuse(identify(manifest), `a file could not be fetched intact: ${result.error.message}`, true);
        }
        this.options.log?.warn({ releaseId: manifest.releaseId, code: result.error.code }, 'content download paused');
        return 'download_incomplete';
      }
      bytesBefore += blob.length;
    }
    progress(bytesTotal);
    return 'done';
  }

  /** Resolves true when no visitor is in a session (at once if none is), false if the updater stops first. */
  #idle(): Promise<boolean> {
    // Stopped already: the abort event has fired, and a listener added now would never be called.
    if (this.#stopped) return Promise.resolve(false);
    if (this.options.idle.isSessionIdle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      let settled = false;
      let unsubscribe: (() => void) | undefined;
      const settle = (idle: boolean) => {
        if (settled) return;
        settled = true;
        this.#stop.signal.removeEventListener('abort', onStop);
        unsubscribe?.();
        resolve(idle && !this.#stopped);
      };
      const onStop = () => settle(false);
      this.#stop.signal.addEventListener('abort', onStop, { once: true });
      // A gate may call back at once (the session ended meanwhile): `settled` covers that.
      unsubscribe = this.options.idle.onIdle(() => settle(true));
      if (settled) unsubscribe();
    });
  }

  async #rollBack(reason: string): Promise<void> {
    const trial = this.#trial;
    if (trial === undefined) return;
    this.#clock.clearTimeout(trial.timer);
    this.#trial = undefined;
    const rolled = await this.options.store.rollBackTrial();
    this.options.log?.warn({ releaseId: trial.releaseId, reason }, 'content release rolled back');
    this.#report({ state: 'rolled_back', releaseId: trial.releaseId, version: trial.version, reason });
    const fallback = await this.options.store.current();
    if (fallback !== undefined) this.#report({ state: 'current', ...identify(fallback) });
    await this.options.onCurrentChanged?.(fallback);
    if (rolled !== undefined) await this.options.store.collectGarbage();
  }

  async #sourceFailed(
    code: ReleaseSourceFailure,
    message: string,
    release: { releaseId?: string } = {},
  ): Promise<CheckOutcome> {
    if (code === 'offline') return 'offline';
    if (code === 'expired') {
      const current = await this.options.store.current();
      this.#report({ state: 'stale', ...(current ? identify(current) : {}), reason: message });
      return 'stale';
    }
    return this.#refuse(release, message);
  }

  /** Reports a refusal; `remember`: the release itself is bad, so it is never fetched again. */
  async #refuse(
    release: { releaseId?: string; version?: number },
    reason: string,
    remember = false,
  ): Promise<CheckOutcome> {
    if (remember && release.releaseId !== undefined) await this.options.store.refuse(release.releaseId);
    this.options.log?.warn({ ...release, reason }, 'content refused');
    this.#report({ state: 'refused', ...release, reason });
    return 'refused';
  }

  async #reportRecovery(recovery: StoreRecovery): Promise<void> {
    if (recovery.kind === 'switch_undone') return;
    const release = await this.options.store.release(recovery.releaseId);
    const reason =
      recovery.kind === 'trial_interrupted'
        ? 'the kiosk restarted before the release was reported healthy'
        : 'the release was incomplete on disk at start';
    this.#report({
      state: 'rolled_back',
      releaseId: recovery.releaseId,
      ...(release ? { version: release.version } : {}),
      reason,
    });
  }

  #report(report: ContentStateReport): void {
    const reason = report.reason === undefined ? {} : { reason: report.reason.slice(0, MAX_REASON_LENGTH) };
    this.options.onState({ ...report, ...reason });
  }
}

function identify(manifest: ReleaseManifest): { releaseId: string; version: number } {
  return { releaseId: manifest.releaseId, version: manifest.version };
}
