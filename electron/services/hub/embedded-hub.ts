import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { contentPaths } from '../../../hub/content/content-publisher';
import { resolveHubKeySecret } from '../../../hub/content/key-secrets';
import { devSecretPath } from '../../../hub/content/online-keys';
import { seedDemoContent } from '../../../hub/db/demo-content-seed';
import { DEMO_OFFICE_ID } from '../../../hub/db/demo-seed';
import { launchHub } from '../../../hub/server/start-hub';
import { findAppRoot } from '../app-root';
import { type KioskConfigChoice, resolveKioskConfig } from '../config/resolve-kiosk-config';
import { type Logger, openLogger } from '../logging/logger';
import { parseJson } from '../parse-json';
import { writeFileDurably } from '../storage/durable-file';
import type { HubOverride } from './hub-services';

/** The local demo hub, running next to the kiosk. */
export interface EmbeddedHub {
  /** What the core needs to reach it: its URL and the provisioning token it accepts. */
  override: HubOverride & { provisioningToken: string };
  /** The hub's own process, when it runs beside us (`startEmbeddedHubProcess`). */
  pid?: number;
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
 * per data folder (`<dataDir>/hub/provisioning-token`, mode 0600) with which the kiosk files its
 * enrollment request at first start, as a fleet kiosk does with a real hub. DEMO ONLY: this hub
 * approves a request for a kiosk id it has never seen at once (`autoApproveNewKiosks`), so
 * `npm start` needs no admin step; a real hub's admin approves each one.
 */
export async function startEmbeddedHub(options: EmbeddedHubOptions): Promise<EmbeddedHub> {
  const dir = path.join(options.dataDir, 'hub');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const provisioningToken = await provisioningTokenOf(dir);
  const dbPath = path.join(dir, 'demo.sqlite');
  const hub = await launchHub({
    dbPath,
    host: '127.0.0.1',
    port: options.port ?? 0,
    seedDemo: true,
    provisioningTokens: [provisioningToken],
    // Demo only: the kiosk's first request is approved at once (no admin step).
    autoApproveNewKiosks: true,
    logger: options.log,
  });
  // Demo only: the hub's content channel runs for real, with a release for the demo office
  // (first start; keys in the data folder), and the demo kiosk trusts this hub's root (docs/content.md).
  const content = hub.content;
  if (content !== undefined) {
    try {
      await seedDemoContent({
        channel: content,
        keysDir: path.join(dir, 'content-demo-keys'),
        // The secret the hub's own online keys were opened with (the demo's dev secret).
        keySecret: resolveHubKeySecret({
          env: process.env,
          devSecretPath: devSecretPath(contentPaths(dbPath).keysDir),
          createDevSecret: true,
        }).secret,
        officeId: DEMO_OFFICE_ID,
        now: new Date(),
        log: options.log,
      });
    } catch (error) {
      options.log.error({ err: error }, 'demo content not set up; the kiosk runs without it');
    }
  }
  const root = content?.repo.isInitialised() === true ? content.repo.metadataPath('1.root.json') : undefined;
  return {
    override: { url: hub.url, provisioningToken, ...(root === undefined ? {} : { trustedContentRoot: root }) },
    close: () => hub.close(),
  };
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
  const log = await openLogger({ dataDir });
  try {
    // Inside Electron the hub's SQLite module (built for Node) cannot load: run it beside us.
    const hub = process.versions.electron
      ? await startEmbeddedHubProcess({ dataDir })
      : await startEmbeddedHub({ dataDir, log });
    return { hub };
  } catch (error) {
    log.error({ err: error }, 'the embedded hub did not start; the kiosk runs offline');
    return { hub: undefined, problem: error instanceof Error ? error.message : String(error) };
  }
}

/** Options of `startEmbeddedHubProcess`. */
export interface EmbeddedHubProcessOptions {
  dataDir: string;
  /** The Node binary to run it with (`OKNO_NODE`, else `node` on PATH). */
  nodeBinary?: string;
  /** How long to wait for it to listen (ms). */
  startTimeoutMs?: number;
}

const HubAnnouncement = z
  .object({ url: z.url(), provisioningToken: z.string().min(16), trustedContentRoot: z.string().min(1).optional() })
  .strict();

/**
 * Starts the embedded hub as a child Node process (`embedded-hub-child`) and waits for the line
 * with its URL. Used by the Electron shell; the browser host runs the hub in-process.
 */
export function startEmbeddedHubProcess(options: EmbeddedHubProcessOptions): Promise<EmbeddedHub> {
  const script = path.join(findAppRoot().dir, 'dist', 'hub', 'embedded-hub-child.js');
  const node = options.nodeBinary ?? process.env.OKNO_NODE ?? 'node';
  const child = spawn(node, [script, options.dataDir], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    const timer = setTimeout(
      () => fail(new Error('the embedded hub did not start in time')),
      options.startTimeoutMs ?? 20_000,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', (error) => fail(new Error(`cannot run ${node}: ${error.message}`)));
    const exitedEarly = (code: number | null) =>
      fail(new Error(`the embedded hub exited (${code}): ${errors.trim().slice(-500)}`));
    child.once('exit', exitedEarly);
    child.stderr.on('data', (chunk) => {
      errors += String(chunk);
    });
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
      const line = output.split('\n')[0];
      if (!output.includes('\n') || line === undefined) return;
      const announced = HubAnnouncement.safeParse(parseJson(line));
      if (!announced.success) {
        fail(new Error('the embedded hub announced itself in an unknown format'));
        return;
      }
      clearTimeout(timer);
      child.removeListener('exit', exitedEarly);
      const { trustedContentRoot, ...override } = announced.data;
      resolve({
        override: { ...override, ...(trustedContentRoot === undefined ? {} : { trustedContentRoot }) },
        ...(child.pid === undefined ? {} : { pid: child.pid }),
        close: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
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
