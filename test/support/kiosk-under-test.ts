import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserHost, startBrowserHost } from '../../electron/host/host-server';
import { findAppRoot } from '../../electron/services/app-root';
import { type StartedKioskCore, startKioskCore } from '../../electron/services/composition-root';
import { type Logger, openLogger } from '../../electron/services/logging/logger';
import type { PaymentPolicy } from '../../electron/services/payments/payment-steps';
import type { SessionClock } from '../../electron/services/session/visitor-session';
import type { SpeechDevices } from '../../electron/services/speech/speech-devices';
import { recordingSpeechDevices } from '../../electron/services/speech/speech-test-support';
import type { SystemCommands } from '../../electron/services/technician/link-and-service/system-commands';
import type { FleetRepository } from '../../hub/db/fleet-repository';
import type { HubRepository, StoredOutboxItem } from '../../hub/db/hub-repository';
import type { PaymentsRepository } from '../../hub/db/payments-repository';
import type { CommandService } from '../../hub/fleet/commands/command-service';
import type { FleetService } from '../../hub/fleet/fleet-service';
import type { HubConfig } from '../../hub/server/hub-config';
import { type LaunchedHub, launchHub } from '../../hub/server/start-hub';
import type { TechnicianTokens } from '../../hub/technician/technician-tokens';
import type { KioskConfigInput } from '../../kiosk-config/src/index';
import { writeDefaultConfig } from './core-under-test';

/** The hub a test kiosk talks to: the real hub on a temp SQLite file, which a test can stop and start. */
export interface HubUnderTest {
  /** Its URL (the same across restarts: it comes back on the same port). */
  readonly url: string;
  readonly provisioningToken: string;
  readonly dbPath: string;
  /** Whether it is listening now. */
  readonly running: boolean;
  /** Stops it (the kiosk is offline). */
  stop(): Promise<void>;
  /** Starts it again on the same port and database (the link is back). */
  start(): Promise<void>;
  /** What the hub has stored from a kiosk's outbox, in arrival order (throws while stopped). */
  outbox(kioskId: string): Promise<StoredOutboxItem[]>;
  /** The hub's storage, to read its tickets (throws while stopped). */
  repository(): HubRepository;
  /** The hub's payments ledger (throws while stopped). */
  payments(): PaymentsRepository;
  /** The hub's fleet health and alerts (throws while stopped). */
  fleet(): FleetService;
  /** The hub's stored fleet health, history and alerts (throws while stopped). */
  fleetStore(): FleetRepository;
  /** The hub's remote commands (`issueCommand`; throws while stopped). */
  commands(): CommandService;
  /** The web console's store and fleet source (throws while stopped). */
  console(): LaunchedHub['console'];
  /** Technician QR tokens and the kiosks' technician audit (throws while stopped). */
  technician(): TechnicianTokens;
}

/**
 * Starts the real hub the way the launchers start the embedded one (`startEmbeddedHub`): SQLite
 * at `<dataDir>/hub/demo.sqlite`, demo data, a provisioning token, 127.0.0.1. It goes through
 * `launchHub` only to keep the repository, so tests can read what the hub stored.
 */
export async function startHubUnderTest(
  dataDir: string,
  log: Logger,
  config: Partial<HubConfig> = {},
): Promise<HubUnderTest> {
  await mkdir(path.join(dataDir, 'hub'), { recursive: true });
  const dbPath = path.join(dataDir, 'hub', 'demo.sqlite');
  const provisioningToken = randomBytes(24).toString('base64url');
  const launch = (port: number) =>
    launchHub({
      dbPath,
      host: '127.0.0.1',
      port,
      seedDemo: true,
      provisioningTokens: [provisioningToken],
      // Demo only: the kiosk's first request is approved at once (no admin step).
      autoApproveNewKiosks: true,
      logger: log.child({ component: 'hub-under-test' }),
      // Tests stop the hub mid-request on purpose: no grace period to wait out.
      config: { shutdownGraceMs: 0, ...config },
    });
  let hub: LaunchedHub | undefined = await launch(0);
  const url = hub.url;
  const port = Number(new URL(url).port);
  return {
    url,
    provisioningToken,
    dbPath,
    get running() {
      return hub !== undefined;
    },
    stop: async () => {
      const stopping = hub;
      hub = undefined;
      await stopping?.close();
    },
    start: async () => {
      hub ??= await launch(port);
    },
    outbox: async (kioskId) => {
      if (!hub) throw new Error('the hub under test is stopped');
      return hub.repository.listOutbox(kioskId, { limit: 100_000 });
    },
    repository: () => {
      if (!hub) throw new Error('the hub under test is stopped');
      return hub.repository;
    },
    payments: () => {
      if (!hub) throw new Error('the hub under test is stopped');
      return hub.payments;
    },
    fleet: () => {
      const fleet = hub?.hub.fleet;
      if (!fleet) throw new Error('the hub under test is stopped');
      return fleet;
    },
    fleetStore: () => {
      if (!hub) throw new Error('the hub under test is stopped');
      return hub.fleet;
    },
    commands: () => {
      const commands = hub?.hub.commands;
      if (!commands) throw new Error('the hub under test is stopped');
      return commands;
    },
    console: () => {
      if (!hub) throw new Error('the hub under test is stopped');
      return hub.console;
    },
    technician: () => {
      const technician = hub?.hub.technician;
      if (!technician) throw new Error('the hub under test is stopped');
      return technician;
    },
  };
}

/** Settings of a kiosk under test. */
export interface KioskUnderTestOptions {
  session?: { idleResetSeconds: number; idleWarningSeconds: number };
  /** Hub link tuning over the defaults (a short timeout for offline tests). */
  hub?: { requestTimeoutMs?: number; circuitFailureThreshold?: number; circuitOpenSeconds?: number };
  /** Changes the config before the kiosk starts (e.g. the card terminal's simulator pace, the payments policy). */
  adjust?: (config: KioskConfigInput) => void;
  /** The payment service's timings, shorter than the config allows (a terminal timeout in seconds). */
  paymentPolicy?: Partial<PaymentPolicy>;
  /** The visitor session's timers (`ManualSessionClock` fires the idle warning on demand). */
  sessionClock?: SessionClock;
  /** The hub's settings over the test defaults (e.g. `fleet.webhook`). */
  hubConfig?: Partial<HubConfig>;
  /**
   * `none`: the kiosk gets no provisioning token and stays not enrolled until a technician enrolls
   * it with a one-time code (`technician.enroll.*`); the token by default, as `npm start` does.
   */
  enroll?: 'token' | 'none';
  /** The technician pages' OS commands (`timedatectl`, `lsblk`, `udisksctl`), answered by the test. */
  systemCommands?: SystemCommands;
  /** How long a saved device change waits for «Работает» before rolling back (ms; the kiosk's minute is long for a test). */
  configConfirmMs?: number;
  /** The speech's devices (`recordingSpeechDevices()`: what would be spoken, recorded); none: a recording nobody reads. */
  speechDevices?: SpeechDevices;
}

/** A kiosk core (no UI host) wired to a real hub, in a temp data folder. */
export interface KioskCoreUnderTest {
  core: StartedKioskCore;
  hub: HubUnderTest;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Starts the kiosk's core with the embedded default config, adjusted for tests (a temp data
 * folder, the given timings), wired to a real hub on a temp SQLite file that the test can stop
 * and start; the kiosk enrolls with the hub's provisioning token as `npm start` does.
 */
export async function startKioskCoreUnderTest(options: KioskUnderTestOptions = {}): Promise<KioskCoreUnderTest> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-e2e-'));
  const configPath = await writeDefaultConfig(dataDir, (config) => {
    config.session = options.session ?? { idleResetSeconds: 60, idleWarningSeconds: 15 };
    config.hub = { kind: 'embedded', ...options.hub };
    options.adjust?.(config);
  });
  const hub = await startHubUnderTest(dataDir, await openLogger({ dataDir }), options.hubConfig);
  const core = await startKioskCore({
    host: 'browser-host',
    configPath,
    hub: options.enroll === 'none' ? { url: hub.url } : { url: hub.url, provisioningToken: hub.provisioningToken },
    ...(options.systemCommands === undefined ? {} : { systemCommands: options.systemCommands }),
    ...(options.paymentPolicy === undefined ? {} : { paymentPolicy: options.paymentPolicy }),
    ...(options.sessionClock === undefined ? {} : { sessionClock: options.sessionClock }),
    ...(options.configConfirmMs === undefined ? {} : { configConfirmMs: options.configConfirmMs }),
    // Tests never play sound on the machine they run on.
    speechDevices: options.speechDevices ?? recordingSpeechDevices(),
  });
  return {
    core,
    hub,
    dataDir,
    close: async () => {
      await core.close();
      await hub.stop();
    },
  };
}

/** A kiosk running in this process: the real core, simulated devices on PTYs, the browser host, a real hub. */
export interface KioskUnderTest extends KioskCoreUnderTest {
  host: BrowserHost;
}

/**
 * Starts the kiosk as `startKioskCoreUnderTest` does, plus the browser host serving the UI. The
 * renderer must have been built (`npm test` builds it first).
 */
export async function startKioskUnderTest(
  session: { idleResetSeconds: number; idleWarningSeconds: number } = { idleResetSeconds: 60, idleWarningSeconds: 15 },
  options: Omit<KioskUnderTestOptions, 'session'> = {},
): Promise<KioskUnderTest> {
  const rendererDir = path.join(findAppRoot().dir, 'dist', 'renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error('the renderer is not built: run `npm run build` (npm test does it first)');
  }
  const kiosk = await startKioskCoreUnderTest({ ...options, session });
  const host = await startBrowserHost({ core: kiosk.core, rendererDir, port: 0, log: kiosk.core.log });
  return {
    ...kiosk,
    host,
    close: async () => {
      await host.close();
      await kiosk.close();
    },
  };
}
