import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { findAppRoot } from '../../electron/services/app-root';
import { terminate } from './terminate';

/** The HAProxy configuration shipped with the hub (docs/operations/hub.md, "Two instances behind HAProxy"). */
export const HUB_HAPROXY_CONFIG = path.join(findAppRoot().dir, 'build', 'hub', 'haproxy.cfg');

/** Debian's haproxy (in /usr/sbin, not always on a user's PATH), or undefined. */
export const HAPROXY_BIN = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find((file) => existsSync(file));

const hasOpenssl = spawnSync('sh', ['-c', 'command -v openssl'], { stdio: 'ignore' }).status === 0;

/** True when the HAProxy tests must be skipped; then says so on the console, never silently. */
export function haproxyMissing(): boolean {
  if (HAPROXY_BIN !== undefined && hasOpenssl) return false;
  // biome-ignore lint/suspicious/noConsole: a skipped test must be seen in the test output.
  console.warn(
    'okno: haproxy or openssl not found: the load-balancer tests are SKIPPED (apt-get install haproxy openssl)',
  );
  return true;
}

/** A self-signed certificate for 127.0.0.1: the PEM holding it and its key (HAProxy's `crt`), and the certificate alone (a client's CA). */
export async function selfSignedCertificate(dir: string): Promise<{ bundle: string; certificate: string }> {
  const key = path.join(dir, 'lb-key.pem');
  const certificate = path.join(dir, 'lb-cert.pem');
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    key,
    '-out',
    certificate,
  ]);
  const bundle = path.join(dir, 'lb.pem');
  await writeFile(bundle, (await readFile(certificate, 'utf8')) + (await readFile(key, 'utf8')), { mode: 0o600 });
  return { bundle, certificate };
}

/** A running HAProxy: what it logged, and how to stop it. */
export interface RunningHaproxy {
  process: ChildProcess;
  /** Its log lines so far (stderr). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Runs `haproxy -f <config> -db` (in the foreground, a child of the test: never the system's
 * service) with `env` over this process's environment, and waits until `port` accepts connections.
 */
export async function startHaproxy(config: string, env: Record<string, string>, port: number): Promise<RunningHaproxy> {
  if (HAPROXY_BIN === undefined) throw new Error('haproxy is not installed');
  const child = spawn(HAPROXY_BIN, ['-f', config, '-db'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const running: RunningHaproxy = {
    process: child,
    log: () => output,
    stop: () => terminate(child),
  };
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await running.stop();
      throw new Error(`haproxy did not start listening on ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return running;
}

/** Whether 127.0.0.1:`port` accepts a TCP connection. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
