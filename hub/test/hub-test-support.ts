import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import type { AdminAuditEntry } from '../db/hub-repository';
import { createHubLogger } from '../server/hub-logger';
import { type LaunchedHub, launchHub, type StartHubOptions } from '../server/start-hub';

/** The embedded kiosk's token in tests. */
export const TEST_TOKEN = 'test-provisioning-token-0123456789';

/** A logger keeping its JSON lines in memory, to check what the hub logged (and did not). */
export function memoryHubLogger(): { logger: Logger; text: () => string; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  const logger = createHubLogger({ stream, level: 'debug' });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, text, lines };
}

/** A hub on a fresh SQLite file in a temp folder, with the demo data and a memory logger. */
export interface TestHub extends LaunchedHub {
  dir: string;
  dbPath: string;
  log: ReturnType<typeof memoryHubLogger>;
  /** Closes the hub and removes its folder. */
  dispose(): Promise<void>;
}

/**
 * Starts a demo hub on 127.0.0.1 with a new database file. As `npm start`'s, it approves the
 * test token's request for a new kiosk id at once (`autoApproveNewKiosks`, demo only); the
 * enrollment tests turn that off.
 */
export async function startTestHub(options: Partial<StartHubOptions> = {}): Promise<TestHub> {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-hub-test-'));
  const dbPath = path.join(dir, 'hub.sqlite');
  const log = memoryHubLogger();
  const hub = await launchHub({
    dbPath,
    seedDemo: true,
    provisioningTokens: [TEST_TOKEN],
    autoApproveNewKiosks: true,
    logger: log.logger,
    ...options,
  });
  return {
    ...hub,
    dir,
    dbPath,
    log,
    dispose: async () => {
      await hub.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A demo hub as `startTestHub`'s, on a PostgreSQL database (`url`) with its files in `dataDir`;
 * the caller closes it.
 */
export function launchPostgresTestHub(
  url: string,
  dataDir: string,
  options: Partial<StartHubOptions> = {},
): Promise<LaunchedHub> {
  return launchHub({
    dbPath: 'unused',
    postgres: { url, dataDir },
    seedDemo: true,
    provisioningTokens: [TEST_TOKEN],
    autoApproveNewKiosks: true,
    logger: memoryHubLogger().logger,
    ...options,
  });
}

/** A JSON answer: status, headers, parsed body. */
export interface JsonAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Posts JSON (or a raw string) over real HTTP and parses the answer. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return jsonAnswer(response);
}

/** A response's status, headers and parsed body (undefined when empty). */
async function jsonAnswer(response: Response): Promise<JsonAnswer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** An enrolled kiosk's identity and the headers to send with it. */
export interface TestKiosk {
  kioskId: string;
  credential: string;
  officeId: string;
  headers: Record<string, string>;
}

/** A kiosk's secret naming its enrollment request, as the kiosk makes one. */
export function newRequestSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Enrolls a kiosk with the test token (approved at once by a test hub, for a new kiosk id) or
 * a given one-time code.
 */
export async function enrollKiosk(hubUrl: string, kioskId: string, enrollmentCode = TEST_TOKEN): Promise<TestKiosk> {
  const answer = await postJson(`${hubUrl}/v1/kiosks/enroll`, {
    kioskId,
    enrollmentCode,
    requestSecret: newRequestSecret(),
  });
  const body = answer.body as { status?: string; kioskId: string; credential: string; officeId: string };
  if (answer.status !== 200 || body.status !== 'enrolled')
    throw new Error(`enrollment of ${kioskId} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return {
    kioskId: body.kioskId,
    credential: body.credential,
    officeId: body.officeId,
    headers: kioskHeaders(body.kioskId, body.credential),
  };
}

/** The authentication headers of a kiosk. */
export function kioskHeaders(kioskId: string, credential: string): Record<string, string> {
  return { authorization: `Bearer ${credential}`, 'x-okno-kiosk': kioskId };
}

/** Gets JSON over real HTTP and parses the answer. */
export async function getJson(url: string, headers: Record<string, string> = {}): Promise<JsonAnswer> {
  return jsonAnswer(await fetch(url, { headers }));
}

/** A clock a test sets by hand (`StartHubOptions.now`). */
export interface TestClock {
  now: () => number;
  /** Sets it to an ISO instant. */
  set(iso: string): void;
  advance(ms: number): void;
}

/** A test clock starting at `iso`. */
export function testClock(iso: string): TestClock {
  let at = Date.parse(iso);
  return {
    now: () => at,
    set: (next) => {
      at = Date.parse(next);
    },
    advance: (ms) => {
      at += ms;
    },
  };
}

/** The operator token the queue tests configure as the demo's (`demoOperatorToken`). */
export const TEST_OPERATOR_TOKEN = 'test-operator-token-0123456789abcdef';

/** The authentication header of an operator. */
export function operatorHeaders(token = TEST_OPERATOR_TOKEN): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** An audit row for a repository call a test makes in an admin's place. */
export function testAudit(subject: string, action = 'test'): AdminAuditEntry {
  return { at: new Date().toISOString(), actor: 'test', action, subject, detail: {} };
}

/** What a run of the admin CLI printed, and its exit code. */
export interface AdminCliAnswer {
  code: number;
  stdout: string;
  stderr: string;
}

/** Builds the hub's bundles (`hub/run.mjs build`) and answers the admin CLI's path. */
export async function buildAdminCli(): Promise<string> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  await promisify(execFile)(process.execPath, [path.join(root, 'hub', 'run.mjs'), 'build']);
  return path.join(root, 'dist', 'hub', 'admin.js');
}

/**
 * Runs the admin CLI's bundle (`dist/hub/admin.js`, built by `buildAdminCli`) on a hub's
 * database as an admin runs it, acting as `admin-petrov`.
 */
export function runAdminCli(cli: string, dbPath: string, args: readonly string[]): Promise<AdminCliAnswer> {
  return runAdminCliWith(cli, ['--db', dbPath, ...args]);
}

/** Runs the admin CLI's bundle with these arguments (the database flags included) and extra variables. */
export async function runAdminCliWith(
  cli: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<AdminCliAnswer> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, ...args], {
      env: { ...process.env, OKNO_ADMIN_ACTOR: 'admin-petrov', ...env },
    });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** An open `GET` whose body is collected as it comes. */
export interface OpenStream {
  response: IncomingMessage;
  text: () => string;
  ended: Promise<void>;
}

export function openStream(url: string, headers: Record<string, string>): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      const ended = new Promise<void>((done) => response.on('close', done));
      resolve({ response, text: () => body, ended });
    });
    request.on('error', reject);
    request.end();
  });
}
