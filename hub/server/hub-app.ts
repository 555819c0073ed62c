import Fastify, { type FastifyError, LogController } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { ConsoleFleetSource } from '../console/console-fleet-source';
import { registerConsoleRoutes } from '../console/console-routes';
import type { ConsoleStore } from '../console/console-store';
import { HubFleetSource } from '../console/hub-fleet-source';
import type { ContentChannel } from '../content/content-publisher';
import type { FleetRepository } from '../db/fleet-repository';
import type { HubRepository } from '../db/hub-repository';
import type { PaymentsRepository } from '../db/payments-repository';
import { CommandService, kioskKnownTo } from '../fleet/commands/command-service';
import type { CommandStore } from '../fleet/commands/command-store';
import { FleetService } from '../fleet/fleet-service';
import { registerHelpRoutes } from '../help/help-routes';
import { HelpService } from '../help/help-service';
import type { HelpStore } from '../help/help-store';
import { ratingOutboxRecorder, registerRatingRoutes } from '../rating/rating-routes';
import { RatingService } from '../rating/rating-service';
import type { RatingStore } from '../rating/rating-store';
import type { TechnicianTokens } from '../technician/technician-tokens';
import type { ChangeSignals } from './change-signals';
import { ContentEvents } from './content-events';
import { EnrollmentService } from './enrollment';
import type { HubConfig } from './hub-config';
import { sendHubError } from './hub-errors';
import { asFastifyLogger, type HubLogger } from './hub-logger';
import { createKioskAuth } from './kiosk-auth';
import { KioskLimits } from './kiosk-limits';
import { registerOpenApi } from './openapi';
import { createOperatorAuth } from './operator-auth';
import { FOLLOW_PAGE_CSP } from './queue/follow-page';
import { OfficeLoadReader } from './queue/office-load';
import { createMergePlanner } from './queue/offline-merge';
import type { QueueDeps } from './queue/queue-deps';
import { type KeyedLimiterFactory, memoryLimiters } from './rate-limiter';
import { commandAckRecorder, registerCommandRoutes } from './routes/command-routes';
import { contentStateRecorder, registerContentRoutes } from './routes/content-routes';
import { registerEnrollRoute } from './routes/enroll-route';
import { registerEventsRoute } from './routes/events-route';
import { registerFleetRoutes } from './routes/fleet-routes';
import { followPageOf, registerFollowRoutes } from './routes/follow-routes';
import { registerHealthRoutes } from './routes/health-routes';
import type { HubFastify } from './routes/hub-routes';
import { registerOfficeLoadRoutes } from './routes/office-load-routes';
import { registerOperatorRoutes } from './routes/operator-routes';
import { registerOutboxRoute } from './routes/outbox-route';
import { applyPaymentOutboxItems, type PaymentRoutesOptions, registerPaymentRoutes } from './routes/payment-routes';
import { registerQueueRoutes } from './routes/queue-routes';
import { registerStatusRoute } from './routes/status-route';
import { technicianAuditRecorder } from './routes/technician-audit-recorder';
import { StatusLookupService } from './status-lookup';

/** What `createHubApp` needs. */
export interface HubAppOptions {
  repository: HubRepository;
  config: HubConfig;
  logger: HubLogger;
  provisioningTokens?: readonly string[];
  /** Demo hub only: a token's request for a new kiosk id is approved at once (see `launchHub`). */
  autoApproveNewKiosks?: boolean;
  /** The version in the OpenAPI document. */
  version?: string;
  /** True once shutdown has begun (readiness answers 503). */
  draining?: () => boolean;
  /** The clock (tests move it). */
  now?: () => number;
  /** The payments ledger (same database); without it the payment routes are not served. */
  payments?: PaymentsRepository;
  /** The content channel (signed releases); without it the hub serves no content routes. */
  content?: ContentChannel;
  /** Fleet health and alerts (same database); without it the heartbeat is not served. */
  fleet?: FleetRepository;
  /** Told when alert notifications were queued (the webhook delivery wakes up). */
  onAlertNotificationsQueued?: () => void;
  /** Remote commands' rows (same database); without it the hub serves no command routes. */
  commandStore?: CommandStore;
  /**
   * The web console's users and sessions; without it `/console` is not served. Its fleet pages
   * read the fleet store and the commands (so it needs `fleet`).
   */
  console?: { store: ConsoleStore };
  /**
   * Technician QR tokens (the key and the store of issued tokens and kiosks' audit); without it
   * the kiosks get no technician key in their setup and their audit lines are kept in the outbox only.
   */
  technician?: TechnicianTokens;
  /** The ratings of the service (same database); without it no rating is offered or taken. */
  ratings?: RatingStore;
  /** «Позвать сотрудника»'s store (same database); without it the help routes and pages are not served. */
  help?: HelpStore;
  /**
   * Changes other hub instances make (a command issued, a release published) wake this one's
   * watchers at once, and this one's changes wake theirs; without it, only the owner's polling
   * (`checkReleases`, `checkIssuedCommands`) finds them.
   */
  signals?: ChangeSignals;
  /**
   * Makes the limits whose keys can reach several instances (per application number, client
   * address, office): the store's (`HubStores.limiters`, shared on PostgreSQL); in memory by default.
   */
  limiters?: KeyedLimiterFactory;
}

/** A built, not yet listening hub and the parts its owner runs housekeeping on. */
export interface HubApp {
  app: HubFastify;
  lookups: StatusLookupService;
  enrollment: EnrollmentService;
  /**
   * The kiosks' event streams (content nudges, command nudges): with a content channel, call
   * `checkReleases()` every few seconds.
   */
  contentEvents: ContentEvents;
  /** Remote commands (`issueCommand`), with a command store. */
  commands?: CommandService;
  /** Nudges the kiosks of commands issued by another process (the admin CLI); call every few seconds. */
  checkIssuedCommands(): Promise<void>;
  /** Fleet health and alerts: call `flush()` and `checkAll()` every few seconds. */
  fleet?: FleetService;
  /** What the console's fleet pages render from, with a console. */
  consoleFleet?: ConsoleFleetSource;
  /** Technician QR tokens and the kiosks' technician audit, when the hub has a technician key. */
  technician?: TechnicianTokens;
  /** Help requests and call-backs, with a help store. */
  help?: HelpService;
  /**
   * Frees rate-limit memory, prunes the shared limits' expired rows (and erases call-backs past
   * their day); call every minute or so. Failures are logged.
   */
  sweep(): void;
}

/** Fastify's own error codes for bodies it cannot read, each with a message that quotes nothing. */
const BODY_ERRORS: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'the request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'the request body must be application/json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'the request body is empty',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'the request body does not match its Content-Length',
};

/**
 * Builds the hub's HTTP app: zod validation and serialization from the shared contract, the
 * OpenAPI document, kiosk authentication, and one error shape (HubError) for everything.
 *
 * Fastify's per-request log lines are off: at fleet scale they are noise, and the lines that
 * matter (refusals, rate limits, failures) are written where they happen. A debug line per
 * response remains for troubleshooting.
 */
export async function createHubApp(options: HubAppOptions): Promise<HubApp> {
  const { repository, config, logger } = options;
  const nowMs = options.now ?? Date.now;
  const now = () => new Date(nowMs());
  const app = Fastify({
    loggerInstance: asFastifyLogger(logger),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    // Only the listed proxies may name the client; Fastify (proxy-addr) skips them right to left.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    // Requests already on a connection when shutdown starts are served, not answered with a
    // body outside the contract.
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      // Paths and zod's messages only: they name what is wrong, never echo the value.
      const where = error.validationContext ?? 'body';
      const issues = error.validation
        .slice(0, 5)
        .map((issue) => `${where}${issue.instancePath || ''}: ${issue.message}`)
        .join('; ');
      request.log.info(
        { route: request.routeOptions.url, issues: error.validation.length },
        'request rejected by schema',
      );
      return sendHubError(reply, { code: 'bad_request', message: issues.slice(0, 500) });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const message = BODY_ERRORS[error.code] ?? 'the request body is not valid JSON';
      request.log.info({ route: request.routeOptions.url, code: error.code }, 'unreadable request');
      return sendHubError(reply, { code: 'bad_request', message });
    }
    request.log.error({ err: error, route: request.routeOptions.url }, 'request failed');
    return sendHubError(reply, { code: 'internal', message: 'the hub failed to answer; try again later' });
  });
  app.setNotFoundHandler((request, reply) =>
    sendHubError(reply, { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );
  const draining = options.draining ?? (() => false);
  // While draining, answers close their connection, so keep-alive sockets do not hold shutdown.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (draining()) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, route: request.routeOptions.url, status: reply.statusCode, ms: reply.elapsedTime },
      'answered',
    );
  });

  await registerOpenApi(app, options.version ?? '0.0.0');

  const auth = createKioskAuth({ repository, logger, now });
  const limiters = options.limiters ?? memoryLimiters;
  const lookups = new StatusLookupService({ repository, config, now: nowMs, limiters });
  const enrollment = new EnrollmentService({
    repository,
    provisioningTokens: options.provisioningTokens ?? [],
    ...(config.provisioningOfficeId === undefined ? {} : { provisioningOfficeId: config.provisioningOfficeId }),
    autoApproveNewKiosks: options.autoApproveNewKiosks === true,
    now,
  });
  const enrollLimiter = limiters('enroll-per-address', [config.enrollLimitPerAddress], { personal: true, now: nowMs });
  const limits = new KioskLimits(config, nowMs, limiters);

  registerHealthRoutes(app, { repository, draining });
  registerEnrollRoute(app, { enrollment, perAddress: enrollLimiter, logger });
  registerStatusRoute(app, auth, lookups);
  const queue: QueueDeps = {
    repository,
    logger,
    now,
    followBaseUrl: () => config.publicUrl ?? listeningUrl(app),
    booking: config.booking,
    ...(options.technician ? { technicianKey: options.technician.publicKey } : {}),
  };
  const operatorAuth = createOperatorAuth({ repository, logger });
  const payments: PaymentRoutesOptions | undefined = options.payments && {
    payments: options.payments,
    kioskAuth: auth,
    operatorAuth,
    limits,
    timeZone: config.timeZone,
    officeFees: async (officeId) => {
      const catalogue = await repository.findOfficeCatalogue(officeId);
      const fees = new Map<string, number>();
      for (const service of catalogue?.services ?? []) {
        if (service.fee) fees.set(service.id, service.fee.amountMinor);
      }
      return fees;
    },
    now,
  };
  const fleet =
    options.fleet &&
    (await FleetService.load({
      repository: options.fleet,
      config: config.fleet,
      logger,
      now: nowMs,
      ...(options.onAlertNotificationsQueued ? { onNotificationsQueued: options.onAlertNotificationsQueued } : {}),
    }));
  if (payments && fleet) {
    payments.onReconciled = (kioskId, reconciliation) =>
      fleet.noteReconciliation(kioskId, { at: now().toISOString(), matched: reconciliation.matched });
  }
  const ratings = options.ratings && new RatingService({ repository, store: options.ratings, logger, now });
  const commands =
    options.commandStore && (await createCommands(options.commandStore, repository, logger, now, options.signals));
  registerOutboxRoute(app, auth, {
    repository,
    itemMaxBytes: config.outboxItemMaxBytes,
    backlog: config.outboxBacklogPerKiosk,
    planMerges: createMergePlanner(repository),
    ...(payments ? { applyPayments: (kiosk, items, log) => applyPaymentOutboxItems(payments, kiosk, items, log) } : {}),
    ...(options.content ? { recordContentStates: contentStateRecorder(options.content) } : {}),
    ...(fleet ? { recordFleetItems: (kiosk, items) => fleet.recordOutboxItems(kiosk.id, items) } : {}),
    ...(commands ? { recordCommandAcks: commandAckRecorder(commands.service) } : {}),
    ...(options.technician ? { recordTechnicianAudit: technicianAuditRecorder(options.technician.store) } : {}),
    ...(ratings ? { recordRatings: ratingOutboxRecorder(ratings) } : {}),
    now,
  });
  if (fleet) registerFleetRoutes(app, auth, fleet);
  if (payments) registerPaymentRoutes(app, payments);
  const contentEvents = new ContentEvents({
    ...(options.content ? { channel: options.content } : {}),
    logger,
    // The keep-alive is the fleet's liveness interval: an open stream is a kiosk's sign of life.
    pingMs: config.fleet.heartbeatSeconds * 1000,
    ...(fleet ? { liveness: fleet } : {}),
    ...(commands
      ? {
          onOpen: (kioskId: string) => {
            commands
              .nudgeIfWaiting(kioskId)
              .catch((error: unknown) => logger.error({ err: error, kioskId }, 'looking up waiting commands failed'));
          },
        }
      : {}),
  });
  commands?.attach(contentEvents);
  options.signals?.subscribe('content', () => {
    contentEvents
      .checkReleases()
      .catch((error: unknown) => logger.error({ err: error }, 'checking for new content releases failed'));
  });
  if (options.content) registerContentRoutes(app, auth, options.content);
  registerEventsRoute(app, auth, contentEvents);
  if (commands) registerCommandRoutes(app, auth, commands.service);
  registerQueueRoutes(app, auth, queue, limits);
  registerOperatorRoutes(app, operatorAuth, queue);
  registerFollowRoutes(app, queue, ratings);
  if (ratings) {
    registerRatingRoutes(app, {
      ratings,
      auth,
      formProblemPage: async (token, problem) => {
        const page = await followPageOf(queue, ratings, token, problem);
        return page.found ? page.html : undefined;
      },
      formPageCsp: FOLLOW_PAGE_CSP,
    });
  }
  const publicLoadLimiter = limiters('public-load-per-address', config.publicLoadLimitsPerAddress, {
    personal: true,
    now: nowMs,
  });
  registerOfficeLoadRoutes(app, { reader: new OfficeLoadReader(queue), perAddress: publicLoadLimiter });
  const help = options.help && new HelpService({ store: options.help, repository, now });
  if (help) registerHelpRoutes(app, auth, help, limits);
  if (options.console && !(fleet && options.fleet)) throw new Error('the web console needs the fleet store');
  const consoleFleet =
    options.console &&
    fleet &&
    options.fleet &&
    new HubFleetSource({
      repository,
      fleet,
      fleetStore: options.fleet,
      ...(commands ? { commands: commands.service } : {}),
      now: nowMs,
    });
  const consoleHousekeeping =
    options.console &&
    consoleFleet &&
    registerConsoleRoutes(app, {
      store: options.console.store,
      fleet: consoleFleet,
      repository,
      ...(options.payments ? { payments: options.payments } : {}),
      ...(options.content ? { content: options.content } : {}),
      queue,
      ...(options.technician ? { technician: options.technician } : {}),
      ...(options.ratings ? { ratings: options.ratings } : {}),
      ...(help ? { help } : {}),
      timeZone: config.timeZone,
      logger,
      now: nowMs,
    });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.ready();
  return {
    app,
    lookups,
    enrollment,
    contentEvents,
    ...(fleet ? { fleet } : {}),
    ...(consoleFleet ? { consoleFleet } : {}),
    ...(commands ? { commands: commands.service } : {}),
    ...(options.technician ? { technician: options.technician } : {}),
    ...(help ? { help } : {}),
    checkIssuedCommands: async () => commands?.checkIssued(),
    sweep: () => {
      Promise.all([lookups.sweep(), enrollLimiter.sweep(), limits.sweep(), publicLoadLimiter.sweep()]).catch(
        (error: unknown) => logger.error({ err: error }, 'pruning rate limits failed'),
      );
      consoleHousekeeping
        ?.prune()
        .catch((error: unknown) => logger.error({ err: error }, 'pruning console sessions failed'));
      help?.sweep().catch((error: unknown) => logger.error({ err: error }, 'erasing expired call-backs failed'));
    },
  };
}

/**
 * The command service and its nudges: a command issued here nudges its kiosk at once; one issued
 * by the admin CLI (another process) is noticed by `checkIssued`, called every few seconds; a
 * kiosk opening its stream is told at once when commands wait for it.
 */
async function createCommands(
  store: CommandStore,
  repository: HubRepository,
  logger: HubLogger,
  now: () => Date,
  signals: ChangeSignals | undefined,
) {
  const service = new CommandService({
    store,
    kioskExists: kioskKnownTo(repository),
    logger,
    now,
  });
  let events: ContentEvents | undefined;
  let newestSeen = (await store.pendingKiosks()).newestRowId;
  const nudge = (kioskId: string) => events?.send(kioskId, 'command', {});
  service.onIssued((kioskId) => {
    nudge(kioskId);
    // The kiosk may stream from another instance: tell them all (they look in the database).
    signals
      ?.notify('commands')
      .catch((error: unknown) => logger.warn({ err: error }, 'notifying other hub instances failed'));
  });
  const checkIssued = async () => {
    const pending = await store.pendingKiosks();
    if (pending.newestRowId === newestSeen) return;
    newestSeen = pending.newestRowId;
    for (const kioskId of pending.kioskIds) nudge(kioskId);
  };
  signals?.subscribe('commands', () => {
    checkIssued().catch((error: unknown) =>
      logger.error({ err: error }, 'checking for newly issued remote commands failed'),
    );
  });
  return {
    service,
    attach: (stream: ContentEvents) => {
      events = stream;
    },
    nudgeIfWaiting: async (kioskId: string) => {
      if ((await store.pendingKiosks()).kioskIds.includes(kioskId)) nudge(kioskId);
    },
    checkIssued,
  };
}

/**
 * `http://host:port` the app listens on: the URL `startHub` reports, and the default base of
 * follow links (fine for the embedded demo).
 */
export function listeningUrl(app: HubFastify): string {
  const address = app.server.address();
  if (address === null || typeof address === 'string') return 'http://127.0.0.1';
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
