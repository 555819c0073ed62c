import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { startHub } from '../../../hub/server/start-hub';
import { type KioskConfigChoice, resolveKioskConfig } from '../config/resolve-kiosk-config';
import { createLogger, type Logger } from '../logging/logger';
import { writeFileDurably } from '../storage/durable-file';
import type { HubOverride } from './hub-services';

/** The local demo hub, running next to the kiosk. */
export interface EmbeddedHub {
  /** What the core needs to reach it: its URL and the provisioning token it accepts. */
  override: Required<HubOverride>;
  close(): Promise<void>;
}

/** Options of `startEmbeddedHub`. */
export interface EmbeddedHubOptions {
  dataDir: string;
  log: Logger;
  /** 0 (default) picks a free port; a test restarting the hub passes the previous one. */
  port?: number;
}

/**
 * Starts the embedded demo hub for `npm start`: SQLite at `<dataDir>/hub/demo.sqlite`, demo
 * offices and applications, listening on 127.0.0.1 only, and a provisioning token generated once
 * per data folder (`<dataDir>/hub/provisioning-token`, mode 0600) so the kiosk enrolls itself at
 * first start exactly as a fleet kiosk does with a real hub.
 */
export async function startEmbeddedHub(options: EmbeddedHubOptions): Promise<EmbeddedHub> {
  const dir = path.join(options.dataDir, 'hub');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const provisioningToken = await provisioningTokenOf(dir);
  const hub = await startHub({
    dbPath: path.join(dir, 'demo.sqlite'),
    host: '127.0.0.1',
    port: options.port ?? 0,
    seedDemo: true,
    provisioningTokens: [provisioningToken],
    logger: options.log,
  });
  return { override: { url: hub.url, provisioningToken }, close: () => hub.close() };
}

/**
 * For the launchers: starts the embedded hub when the config asks for one (`hub.kind:
 * 'embedded'`), before the core. A hub that fails to start (say, SQLite's native module is
 * missing) does not keep the kiosk from starting: it runs offline, status lookups answer
 * `hub_unreachable`, and the reason is in the log and in `problem`.
 */
export async function startConfiguredHub(
  choice: KioskConfigChoice,
): Promise<{ hub: EmbeddedHub | undefined; problem?: string }> {
  const { loaded, dataDir } = await resolveKioskConfig(choice);
  if (loaded.config.hub.kind !== 'embedded') return { hub: undefined };
  await mkdir(dataDir, { recursive: true });
  const log = createLogger({ dataDir });
  try {
    return { hub: await startEmbeddedHub({ dataDir, log }) };
  } catch (error) {
    log.error({ err: error }, 'the embedded hub did not start; the kiosk runs offline');
    return { hub: undefined, problem: error instanceof Error ? error.message : String(error) };
  }
}

async function provisioningTokenOf(dir: string): Promise<string> {
  const file = path.join(dir, 'provisioning-token');
  try {
    const token = (await readFile(file, 'utf8')).trim();
    if (token.length >= 16) return token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(24).toString('base64url');
  await writeFileDurably(file, `${token}\n`);
  return token;
}
