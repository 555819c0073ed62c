import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { RateLimit } from '../hub/server/hub-config';
import { createHubLogger } from '../hub/server/hub-logger';
import { type LaunchedHub, launchHub, type StartHubOptions } from '../hub/server/start-hub';

/** The provisioning token of a bench's hub. */
export const BENCH_TOKEN = 'bench-provisioning-token-0123456789';

/**
 * A rate limit no bench reaches: a bench measures the hub's work, not its refusals, and the
 * limiter still runs on every request as in production. The window is one second so that each
 * key's log (one timestamp per hit inside the window) stays short, as real limits keep it: with a
 * minute's window, 5,000 lookups a second of a dozen numbers made the limiter drop expired hits
 * off arrays of tens of thousands, a cost no real hub pays.
 */
export const UNLIMITED_RATE: RateLimit = { limit: 1_000_000_000, windowSeconds: 1 };

/** The hub settings of load benches: status lookups and enrollment never refused. */
export const UNLIMITED_LOOKUPS: NonNullable<StartHubOptions['config']> = {
  lookupLimitPerKiosk: UNLIMITED_RATE,
  lookupLimitPerNumber: UNLIMITED_RATE,
  enrollLimitPerAddress: UNLIMITED_RATE,
};

/** What a bench's hub process runs with. */
export interface BenchHubOptions {
  config?: StartHubOptions['config'];
  /** `launchHub`'s option (off: the hub before issue 18's background writer). */
  backgroundWrites?: boolean;
  /** Tells the bench the hub listens at `url`; by default its first line on stdout (`spawnBenchHub`). */
  announce?: (url: string) => void;
  /** The PostgreSQL store (`StartHubOptions.postgres`) instead of the SQLite file OKNO_BENCH_HUB_DB. */
  postgres?: StartHubOptions['postgres'];
}

/**
 * The hub side of a bench (its bundle run again with OKNO_BENCH_HUB_ROLE=hub, so the hub and the
 * load each have a core of a 2-core machine): a demo hub on the database file OKNO_BENCH_HUB_DB
 * (or on `options.postgres`) that approves the token's kiosks at once, announcing its URL,
 * stopped by SIGTERM.
 */
export async function serveBenchHub(options: BenchHubOptions = {}): Promise<LaunchedHub> {
  const dbPath = process.env.OKNO_BENCH_HUB_DB;
  if (!dbPath && !options.postgres) throw new Error('OKNO_BENCH_HUB_DB is not set');
  const hub = await launchHub({
    dbPath: dbPath ?? 'unused',
    ...(options.postgres === undefined ? {} : { postgres: options.postgres }),
    seedDemo: true,
    provisioningTokens: [BENCH_TOKEN],
    // Demo only: each new kiosk's request is approved at once (no admin step).
    autoApproveNewKiosks: true,
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(options.backgroundWrites === undefined ? {} : { backgroundWrites: options.backgroundWrites }),
    logger: createHubLogger({ level: 'warn' }),
  });
  const announce = options.announce ?? ((url: string) => process.stdout.write(`${url}\n`));
  announce(hub.url);
  process.once('SIGTERM', () => {
    hub.close().then(() => process.exit(0));
  });
  return hub;
}

/** Starts `script` (a bench bundle) as the hub's process on `dbPath`: its URL once listening, and how to stop it. */
export function spawnBenchHub(
  script: string,
  dbPath: string,
): { url: Promise<string>; pid: number | undefined; stop: () => Promise<void> } {
  const child: ChildProcess = spawn(process.execPath, [script], {
    env: { ...process.env, OKNO_BENCH_HUB_ROLE: 'hub', OKNO_BENCH_HUB_DB: dbPath },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return {
    url: firstLine(child.stdout),
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** A simulated kiosk of a bench: its id, credential and the headers that authenticate it. */
export interface BenchKiosk {
  kioskId: string;
  credential: string;
  headers: Record<string, string>;
}

/**
 * Enrolls `count` simulated kiosks through the API, 50 at a time (the hub approves a token's
 * requests at once when started with `autoApproveNewKiosks`).
 */
export async function enrollFleet(
  url: string,
  count: number,
  token: string,
  prefix = 'bench-kiosk',
): Promise<BenchKiosk[]> {
  const kiosks: BenchKiosk[] = [];
  for (let start = 0; start < count; start += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, count - start) }, async (_, n) => {
        const kioskId = `${prefix}-${String(start + n).padStart(3, '0')}`;
        const response = await fetch(`${url}/v1/kiosks/enroll`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            kioskId,
            enrollmentCode: token,
            requestSecret: randomBytes(32).toString('base64url'),
          }),
        });
        if (!response.ok) throw new Error(`enrolling ${kioskId}: ${response.status}`);
        const { credential } = (await response.json()) as { credential: string };
        return { kioskId, credential, headers: { authorization: `Bearer ${credential}`, 'x-okno-kiosk': kioskId } };
      }),
    );
    kiosks.push(...batch);
  }
  return kiosks;
}

/** The first line a stream writes (a hub child process's URL). */
async function firstLine(stream: NodeJS.ReadableStream | null): Promise<string> {
  if (!stream) throw new Error('the hub process has no stdout');
  const lines = createInterface({ input: stream });
  for await (const line of lines) {
    lines.close();
    return line.trim();
  }
  throw new Error('the hub process ended before it printed its URL');
}
