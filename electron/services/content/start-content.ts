import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_STATE_OUTBOX_KIND, type ContentStateReport } from '../../../kiosk-config/src/content/content-state';
import type { ReleaseManifest } from '../../../kiosk-config/src/content/release-manifest';
import type { CatalogueFile, ContentConfig, ContentHealthReport, ContentView } from '../../../kiosk-config/src/index';
import type { HubServices } from '../hub/hub-services';
import { kioskAuthHeaders } from '../hub/kiosk-auth-headers';
import type { Logger } from '../logging/logger';
import type { VisitorSession } from '../session/visitor-session';
import type { StartupStack } from '../startup-stack';
import { BlobDownloader } from './blob-downloader';
import { ContentStore } from './content-store';
import { type CheckOutcome, ContentUpdater, type IdleGate } from './content-updater';
import {
  currentContentFile,
  EMPTY_CONTENT_VIEW,
  readContentView,
  readReleaseCatalogue,
  type ServedContentFile,
} from './content-view';
import { NudgeListener, nudgeVersion } from './nudge-listener';
import { TufReleaseSource } from './tuf-release-source';

/** The content channel as the rest of the kiosk sees it: absent parts mean «no content». */
export interface KioskContent {
  /** The store, when the channel runs (the content view and the host's `/content/<sha256>` read it). */
  store: ContentStore | undefined;
  /** The updater, when the channel runs (the renderer's health reports go to it). */
  updater: ContentUpdater | undefined;
  /** One poll now (the timer's, a test's); `disabled` when the channel does not run. */
  check(): Promise<CheckOutcome | 'disabled'>;
  /**
   * `content.current`: what the current release shows now (empty without one). Screens only: a
   * release on trial starts its trial's clock at the first call.
   */
  view(): Promise<ContentView>;
  /** The current release's version, for reports (does not count as a screen asking). */
  currentVersion(): Promise<number | undefined>;
  /** `content.healthy`: the renderer's verdict on the release on trial; false when it is not on trial. */
  reportHealth(report: ContentHealthReport): Promise<boolean>;
  /** The current release's file `sha256` for the host's `/content/<sha256>`, or undefined. */
  file(sha256: string): Promise<ServedContentFile | undefined>;
  /**
   * The current release's catalogue (read at start and at each switch, before `onCurrentChanged`),
   * or undefined: no content, or a release without one. The ticket service shows it over the hub's.
   */
  catalogue(): CatalogueFile | undefined;
  /** Whether a release is switching or on trial now (the health report's `updating`). */
  updating(): boolean;
  /** Calls `listener` after each state the channel reports (`content.state`); returns the unsubscribe. */
  onStateReported(listener: () => void): () => void;
  /** The last state reported and the last check, for the technician's page (undefined: none yet, or no channel). */
  activity(): ContentActivity;
}

/** What the content channel did last: its last reported state and its last check, with when. */
export interface ContentActivity {
  lastState?: { report: ContentStateReport; at: string };
  lastCheck?: { outcome: CheckOutcome; at: string };
}

/** Options of `startContent`. */
export interface StartContentOptions {
  config: ContentConfig;
  /** The pinned root's absolute path (the config's, or the demo hub's); none: no content. */
  trustedRootFile: string | undefined;
  kioskId: string;
  dataDir: string;
  hub: Pick<HubServices, 'link' | 'outbox'>;
  session: VisitorSession;
  /**
   * In service or not (the centre's command): a release is not switched while the kiosk is out of
   * service, since no home screen is drawn to report it healthy and its trial would roll it back.
   */
  service?: ServiceGate;
  /** The release the screens must show changed (a switch or a rollback); its catalogue is already read. */
  onCurrentChanged(releaseId: string | undefined): void;
  log: Logger;
  /** How long a release on trial has to be reported healthy (ms; the updater's 60 s when absent; tests shorten it). */
  trialMs?: number;
  /**
   * The kiosk's one event stream from the hub, started and stopped by its owner (the composition
   * root, which shares it with the remote commands); without it the channel opens its own.
   */
  hubEvents?: NudgeListener;
}

const NO_CONTENT: KioskContent = {
  store: undefined,
  updater: undefined,
  check: async () => 'disabled',
  view: async () => EMPTY_CONTENT_VIEW,
  currentVersion: async () => undefined,
  reportHealth: async () => false,
  file: async () => undefined,
  catalogue: () => undefined,
  updating: () => false,
  onStateReported: () => () => {},
  activity: () => ({}),
};

/**
 * Starts the kiosk's side of the content channel (docs/content.md): the store under
 * `<dataDir>/content/`, the TUF source trusting the pinned root, the blob downloader and the
 * updater, with the kiosk's hub credential; a poll at start, every `pollSeconds` and at each
 * nudge of the hub (`GET /v1/events`); the switch
 * waits for the visitor session to end; state reports go to the outbox as `content.state`.
 * Disabled, without a root file or without a hub, the kiosk runs without content (logged once).
 * Its stop (timer, download, trial timer) is pushed onto the start-up stack.
 */
export async function startContent(stack: StartupStack, options: StartContentOptions): Promise<KioskContent> {
  const log = options.log.child({ component: 'content' });
  const hubUrl = options.hub.link.baseUrl;
  const missing = !options.config.enabled
    ? 'disabled in the config'
    : options.trustedRootFile === undefined
      ? 'no trusted root file (content.trustedRootFile)'
      : hubUrl === undefined
        ? 'no hub address'
        : undefined;
  if (missing !== undefined || options.trustedRootFile === undefined || hubUrl === undefined) {
    log.info({ reason: missing }, 'content channel off: the kiosk runs without content');
    return NO_CONTENT;
  }
  const pinnedRoot = await readFile(options.trustedRootFile).catch((error: unknown) => {
    log.warn({ err: error, file: options.trustedRootFile }, 'content channel off: the trusted root cannot be read');
    return undefined;
  });
  if (pinnedRoot === undefined) return NO_CONTENT;

  const credential = () => options.hub.link.credential();
  const store = await ContentStore.open({ dataDir: options.dataDir });
  const catalogue = new ReleaseCatalogue(store, log);
  await catalogue.load(await store.current());
  const fetcher = new BlobDownloader({ hubUrl, kioskId: options.kioskId, credential, store, log });
  const source = new TufReleaseSource({
    hubUrl,
    kioskId: options.kioskId,
    credential,
    metadataDir: path.join(store.root, 'tuf'),
    pinnedRoot,
  });
  const stateListeners = new Set<() => void>();
  const activity: ContentActivity = {};
  const updater = new ContentUpdater({
    store,
    source,
    fetcher,
    idle: sessionIdleGate(options.session, options.service),
    // The trial's 60 s run from the first screen that asks for it (`view` below), not from the switch.
    trialWaitsForScreen: true,
    onState: (report) => {
      activity.lastState = { report, at: new Date().toISOString() };
      options.hub.outbox.enqueue(CONTENT_STATE_OUTBOX_KIND, { ...report }).catch((error: unknown) => {
        log.error({ err: error, state: report.state }, 'content state not recorded in the outbox');
      });
      for (const listener of stateListeners) listener();
    },
    // The catalogue is read before the screens hear of the switch, so their next tickets.catalogue shows it.
    onCurrentChanged: async (manifest) => {
      await catalogue.load(manifest);
      options.onCurrentChanged(manifest?.releaseId);
    },
    ...(options.trialMs === undefined ? {} : { trialMs: options.trialMs }),
    log,
  });
  await updater.start();

  const check = async (): Promise<CheckOutcome> => {
    try {
      const outcome = await updater.check();
      log.debug({ outcome }, 'content checked');
      activity.lastCheck = { outcome, at: new Date().toISOString() };
      return outcome;
    } catch (error) {
      // A disk fault or a bug: logged; the next poll tries again, the current release stays.
      log.error({ err: error }, 'content check failed');
      return 'offline';
    }
  };
  const timer = setInterval(() => void check(), options.config.pollSeconds * 1000);
  timer.unref();
  // The hub's nudge (server-sent events) only makes the next poll come sooner; a check already
  // under way answers the nudge too (the updater runs one check at a time).
  const onNudge = (version: number) => {
    log.debug({ version }, 'content nudge from the hub');
    void check();
  };
  const nudges =
    options.hubEvents === undefined
      ? new NudgeListener({
          hubUrl,
          headers: () => {
            const token = credential();
            return token === undefined ? undefined : kioskAuthHeaders(options.kioskId, token);
          },
          onNudge,
          log,
        })
      : undefined;
  nudges?.start();
  const stopShared = options.hubEvents?.on('content', (data) => {
    const version = nudgeVersion(data);
    if (version !== undefined) onNudge(version);
  });
  stack.push('content', () => {
    nudges?.stop();
    stopShared?.();
    clearInterval(timer);
    updater.dispose();
    fetcher.close();
  });
  void check();
  log.info({ pollSeconds: options.config.pollSeconds }, 'content channel started');
  return runningContent(store, updater, check, catalogue, log, stateListeners, activity);
}

/** The current release's catalogue, kept in memory: the ticket service asks for it synchronously. */
export class ReleaseCatalogue {
  #current: CatalogueFile | undefined;

  constructor(
    private readonly store: ContentStore,
    private readonly log?: Logger,
  ) {}

  /** Reads the catalogue of `manifest` (the release now current); a read that fails leaves none. */
  async load(manifest: ReleaseManifest | undefined): Promise<void> {
    try {
      this.#current = await readReleaseCatalogue(this.store, manifest, this.log);
    } catch (error) {
      this.log?.error(
        { err: error, releaseId: manifest?.releaseId },
        "content catalogue unreadable: the hub's is shown",
      );
      this.#current = undefined;
    }
  }

  get current(): CatalogueFile | undefined {
    return this.#current;
  }
}

/** The running channel's face to the calls and the host: views of the store, verdicts to the updater. */
export function runningContent(
  store: ContentStore,
  updater: ContentUpdater,
  check: () => Promise<CheckOutcome>,
  catalogue: ReleaseCatalogue,
  log?: Logger,
  stateListeners = new Set<() => void>(),
  activity: ContentActivity = {},
): KioskContent {
  return {
    store,
    updater,
    check,
    view: async () => {
      const view = await readContentView(store, new Date(), log);
      if (view.releaseId !== undefined) updater.screenAsked(view.releaseId);
      return view;
    },
    currentVersion: async () => (await store.current())?.version,
    reportHealth: (report) =>
      report.ok
        ? updater.reportHealthy(report.releaseId)
        : updater.reportUnhealthy(report.releaseId, report.problem ?? 'the screens reported it unhealthy'),
    file: (sha256) => currentContentFile(store, sha256),
    catalogue: () => catalogue.current,
    updating: () => updater.onTrial,
    onStateReported: (listener) => {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    activity: () => ({ ...activity }),
  };
}

/** Whether the kiosk is in service, and a way to hear when it is again. */
export interface ServiceGate {
  inService(): boolean;
  /** Calls `listener` each time the kiosk is put back in service; returns how to stop listening. */
  onBackInService(listener: () => void): () => void;
}

/**
 * The visitor session (and the service mode, when given) as the updater's idle gate: idle when
 * the kiosk is in service and no visitor touched since the last reset.
 */
export function sessionIdleGate(session: VisitorSession, service?: ServiceGate): IdleGate {
  const inService = () => service === undefined || service.inService();
  return {
    isSessionIdle: () => !session.active && inService(),
    onIdle: (listener) => {
      if (service === undefined || inService()) return session.onNextEnd(listener);
      // Out of service: first back in service, then no visitor (at once when none is there).
      let stopSession: (() => void) | undefined;
      const stopService = service.onBackInService(() => {
        stopService();
        if (session.active) stopSession = session.onNextEnd(listener);
        else listener();
      });
      return () => {
        stopService();
        stopSession?.();
      };
    },
  };
}
