import type { ConsoleFleetSource } from '../console/console-fleet-source';
import type { ConsoleStore } from '../console/console-store';
import { createDailyBlobCollection } from '../content/blob-gc';
import type { ContentChannel } from '../content/content-publisher';
import { openContentChannelOn } from '../content/hub-content-channel';
import { createOnlineResigner } from '../content/online-resigner';
import { refreshDemoBooking } from '../db/demo-queue-seed';
import { DEMO_HUB_CONFIG, isoDateIn, seedDemo } from '../db/demo-seed';
import type { FleetRepository } from '../db/fleet-repository';
import type { HubRepository } from '../db/hub-repository';
import { seedDemoCharges } from '../db/payments-demo-seed';
import type { PaymentsRepository } from '../db/payments-repository';
import { PostgresLeaderLock } from '../db/postgres/postgres-leader-lock';
import { WebhookDelivery } from '../fleet/webhook-delivery';
import { loadOrCreateTechnicianKey } from '../technician/technician-key';
import { TechnicianTokens } from '../technician/technician-tokens';
import { createHubApp, type HubApp, listeningUrl } from './hub-app';
import { type HubConfig, resolveHubConfig } from './hub-config';
import { createHubLogger, type HubLogger } from './hub-logger';
import { type HubStores, openPostgresStores, openSqliteStores } from './hub-stores';

/** How to start a hub. */
export interface StartHubOptions {
  /** The SQLite file (created and migrated if needed); unused with `postgres`. */
  dbPath: string;
  /**
   * The PostgreSQL store instead of the SQLite file: its URL (`postgres://user@host/database`,
   * migrated if needed) and the folder of the hub's files (content, keys), which every instance
   * on the same database must share (docs/operations/hub.md).
   */
  postgres?: { url: string; dataDir: string };
  /** Address to listen on; 127.0.0.1 by default (behind nginx, or embedded next to a kiosk). */
  host?: string;
  /** Port; 0 (the default) picks a free one, see `RunningHub.url`. */
  port?: number;
  /** Writes the demo offices, services and applications (dated from today) at start. */
  seedDemo?: boolean;
  /**
   * Fleet tokens, ≥ 16 characters: each files a kiosk's enrollment request an admin approves
   * (`approve-kiosk`), e.g. the embedded kiosk's.
   */
  provisioningTokens?: string[];
  /**
   * DEMO ONLY (`npm start`'s embedded hub, tests): a token's request for a kiosk id the hub has
   * never seen is approved at once, so the demo kiosk enrolls with no admin step. Refused
   * without `seedDemo`: a real hub's admin approves every request.
   */
  autoApproveNewKiosks?: boolean;
  /** Settings over the defaults (and over the demo's, with `seedDemo`). */
  config?: Partial<HubConfig>;
  /** A pino-compatible logger; by default pino JSON lines on stderr. */
  logger?: HubLogger;
  /** The clock (ms since the epoch); tests move it to office-day edges and booking windows. */
  now?: () => number;
  /**
   * The lookup log, last contacts and WAL checkpoints on a connection of their own in a worker
   * thread, off the event loop (the default for a database file); on PostgreSQL the lookup log and
   * last contacts batched, a few ms at a time, in commits that do not wait for the WAL flush. `false`
   * keeps them as before issue 18 (SQLite: on the event loop; PostgreSQL: a synchronous commit each),
   * for the bench's comparison (docs/operations/hub.md, "Latency").
   */
  backgroundWrites?: boolean;
  /**
   * How often the hub looks in the database for a release published or a command issued by
   * another process (ms, 2 s by default). On PostgreSQL the change signals tell it at once; the
   * look is the safety net for a signal missed while its connection was down.
   */
  changePollMs?: number;
  /** How often the housekeeping runs (ms, a minute by default); tests shorten it. */
  housekeepingMs?: number;
  /**
   * On PostgreSQL, how often an instance that does not lead the content maintenance (the
   * re-signing, the blob collection) tries to take the lead (ms, 10 s by default).
   */
  leaderRetryMs?: number;
}

/** A listening hub. */
export interface RunningHub {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Graceful shutdown: stop accepting, finish requests in flight, close the database. */
  close(): Promise<void>;
}

/** A listening hub with its parts, for tests and tools in this folder. */
export interface LaunchedHub extends RunningHub {
  repository: HubRepository;
  payments: PaymentsRepository;
  /** Fleet health and alerts (`hub.fleet` is the service over it). */
  fleet: FleetRepository;
  hub: HubApp;
  config: HubConfig;
  /** The content channel, unless the database is in memory. */
  content?: ContentChannel;
  /** The web console's store and the fleet source its pages render from. */
  console: { store: ConsoleStore; fleet: ConsoleFleetSource };
}

/** Starts a hub: opens and migrates the database, optionally seeds the demo, listens. */
export async function startHub(options: StartHubOptions): Promise<RunningHub> {
  const { url, close } = await launchHub(options);
  return { url, close };
}

const HOUSEKEEPING_MS = 60_000;
/** How often the hub looks for a release published or a command issued by the admin CLI (another process), to nudge kiosks. */
const CONTENT_WATCH_MS = 2_000;
const DAY_MS = 24 * 3_600_000;
/** How often the alert rules run for every kiosk (silence, offline durations) and last-seen times are written. */
const FLEET_CHECK_MS = 5_000;

/** `startHub`, returning the repository and app too. */
export async function launchHub(options: StartHubOptions): Promise<LaunchedHub> {
  const logger = (options.logger ?? createHubLogger()).child({ component: 'hub' });
  const config = resolveHubConfig(
    options.seedDemo
      ? {
          ...DEMO_HUB_CONFIG,
          ...options.config,
          regions: { ...DEMO_HUB_CONFIG.regions, ...options.config?.regions },
        }
      : (options.config ?? {}),
  );
  const tokens = options.provisioningTokens ?? [];
  if (options.autoApproveNewKiosks === true && options.seedDemo !== true) {
    throw new Error('autoApproveNewKiosks is for the demo hub only (seedDemo)');
  }
  const nowMs = options.now ?? Date.now;
  if (tokens.some((token) => token.length < 16 || token.length > 128)) {
    throw new Error('provisioning tokens must be 16 to 128 characters long');
  }

  const backgroundWrites = options.backgroundWrites === undefined ? {} : { backgroundWrites: options.backgroundWrites };
  const stores: HubStores = options.postgres
    ? await openPostgresStores(options.postgres.url, { dataDir: options.postgres.dataDir, logger, ...backgroundWrites })
    : await openSqliteStores(options.dbPath, { logger, ...backgroundWrites });
  const { repository, payments, fleet } = stores;
  let content: ContentChannel | undefined;
  const consoleStore = stores.console;
  const webhook =
    config.fleet.webhook &&
    new WebhookDelivery({
      repository: fleet,
      webhook: config.fleet.webhook,
      logger: logger.child({ component: 'webhook' }),
      now: nowMs,
    });
  let hub: HubApp;
  let draining = false;
  try {
    if (options.seedDemo) {
      const seededAt = new Date(nowMs());
      await seedDemo(repository, isoDateIn(seededAt, config.timeZone), {
        now: seededAt,
        ...(config.demoOperatorToken === undefined ? {} : { operatorToken: config.demoOperatorToken }),
      });
      await seedDemoCharges(payments, new Date(nowMs()));
    }
    if (tokens.length > 0) {
      const officeId = config.provisioningOfficeId;
      if (officeId === undefined || !(await repository.findOffice(officeId))) {
        throw new Error(`provisioning tokens need an existing provisioningOfficeId (got ${officeId ?? 'none'})`);
      }
    }
    // The content channel's files live beside the database file (or in the data folder); an in-memory hub (tests) has none.
    const { filesAnchor } = stores;
    content =
      filesAnchor === undefined
        ? undefined
        : openContentChannelOn(stores.content, filesAnchor, {
            secretFile: config.contentKeySecretFile,
            createDevSecret: options.seedDemo === true,
            log: logger,
          });
    // The technician QR tokens' key, beside the database and under the same secret as the content keys.
    const technician =
      filesAnchor === undefined
        ? undefined
        : new TechnicianTokens({
            key: loadOrCreateTechnicianKey(filesAnchor, {
              secretFile: config.contentKeySecretFile,
              createDevSecret: options.seedDemo === true,
            }),
            store: stores.technician,
            repository,
            now: nowMs,
          });
    hub = await createHubApp({
      repository,
      config,
      logger,
      provisioningTokens: tokens,
      autoApproveNewKiosks: options.autoApproveNewKiosks === true,
      draining: () => draining,
      now: nowMs,
      payments,
      fleet,
      ...(webhook ? { onAlertNotificationsQueued: () => webhook.kick() } : {}),
      ...(content ? { content } : {}),
      commandStore: stores.commands,
      console: { store: consoleStore },
      ...(technician ? { technician } : {}),
      ratings: stores.ratings,
      help: stores.help,
      signals: stores.signals,
      limiters: stores.limiters,
    });
    await hub.app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  } catch (error) {
    await stores.close();
    throw error;
  }

  const url = listeningUrl(hub.app);
  // On PostgreSQL every instance shares the content files: one at a time (the leader) maintains
  // them. A lead lost mid-run does no harm: the content write lock still keeps writers apart.
  const contentLeader =
    content && stores.postgresConnection
      ? await PostgresLeaderLock.start({
          connection: stores.postgresConnection,
          name: 'content maintenance',
          logger,
          ...(options.leaderRetryMs === undefined ? {} : { retryMs: options.leaderRetryMs }),
        })
      : undefined;
  const resignContent = content && createOnlineResigner(content, logger);
  const collectContentBlobs =
    content &&
    createDailyBlobCollection(
      content,
      { keepReleases: config.contentGc.keepReleases, graceMs: config.contentGc.graceDays * DAY_MS },
      logger,
    );

  // Housekeeping: free rate-limit memory and prune the shared limits' rows every minute (on PostgreSQL
  // each instance prunes: a DELETE of nothing is cheap); keep the lookup log and the stored outbox to their retention.
  let lastPrune = 0;
  const maintainContent = async () => {
    if (contentLeader !== undefined && !(await contentLeader.confirm())) return;
    try {
      await resignContent?.(nowMs());
    } catch (error) {
      // Logged every minute until fixed; kiosks keep their verified content meanwhile.
      logger.error({ err: error }, 're-signing the content metadata failed');
    }
    await collectContentBlobs?.(nowMs());
  };
  const housekeeping = async () => {
    hub.sweep();
    await maintainContent();
    if (options.seedDemo) await refreshDemoBooking(repository, new Date(nowMs()));
    if (Date.now() - lastPrune >= DAY_MS) {
      lastPrune = Date.now();
      const before = new Date(Date.now() - config.lookupLogRetentionDays * DAY_MS).toISOString();
      const pruned = await repository.pruneLookupLog(before);
      if (pruned > 0) logger.info({ pruned }, 'lookup log pruned');
      const outboxBefore = new Date(Date.now() - config.outboxRetentionDays * DAY_MS).toISOString();
      const prunedItems = await repository.pruneOutbox(outboxBefore);
      if (prunedItems > 0) logger.info({ pruned: prunedItems }, 'stored outbox items pruned');
      const fleetBefore = new Date(Date.now() - config.fleet.historyDays * DAY_MS).toISOString();
      const prunedFleet = await fleet.pruneFleet(fleetBefore);
      if (prunedFleet > 0) logger.info({ pruned: prunedFleet }, 'fleet history and closed alerts pruned');
    }
  };
  await housekeeping();
  const timer = setInterval(() => {
    housekeeping().catch((error: unknown) => logger.error({ err: error }, 'housekeeping failed'));
  }, options.housekeepingMs ?? HOUSEKEEPING_MS);
  timer.unref();
  const contentWatch = setInterval(() => {
    hub.contentEvents
      .checkReleases()
      .catch((error: unknown) => logger.error({ err: error }, 'checking for new content releases failed'));
    hub
      .checkIssuedCommands()
      .catch((error: unknown) => logger.error({ err: error }, 'checking for newly issued remote commands failed'));
  }, options.changePollMs ?? CONTENT_WATCH_MS);
  contentWatch.unref();
  const fleetCheck = async () => {
    await hub.fleet?.flush();
    await hub.fleet?.checkAll();
  };
  let fleetChecking = false;
  const fleetTimer = setInterval(() => {
    if (fleetChecking) return;
    fleetChecking = true;
    fleetCheck()
      .catch((error: unknown) => logger.error({ err: error }, 'fleet health check failed'))
      .finally(() => {
        fleetChecking = false;
      });
  }, FLEET_CHECK_MS);
  fleetTimer.unref();
  // Notifications queued before a restart are delivered now.
  webhook?.kick();
  logger.info({ url, seedDemo: options.seedDemo === true }, 'hub listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      draining = true;
      clearInterval(timer);
      clearInterval(contentWatch);
      clearInterval(fleetTimer);
      // Past the grace period, connections still busy are dropped so shutdown always ends.
      const grace = setTimeout(() => hub.app.server.closeAllConnections(), config.shutdownGraceMs);
      grace.unref();
      try {
        await hub.app.close();
      } finally {
        clearTimeout(grace);
        await webhook?.stop();
        await hub.fleet?.flush().catch((error: unknown) => logger.error({ err: error }, 'fleet health not written'));
        await contentLeader?.close();
        await stores.close();
      }
      logger.info('hub stopped');
    })();
    return closing;
  };
  return {
    url,
    close,
    repository,
    payments,
    fleet,
    hub,
    config,
    console: { store: consoleStore, fleet: consoleFleetOf(hub) },
    ...(content ? { content } : {}),
  };
}

/** The console's fleet source `createHubApp` built (this hub always gives it the fleet store). */
function consoleFleetOf(hub: HubApp): ConsoleFleetSource {
  if (!hub.consoleFleet) throw new Error('the hub was built without its console');
  return hub.consoleFleet;
}
