import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { findAppRoot } from '../../electron/services/app-root';

/**
 * Kiosk processes that crash tests kill on purpose: bundling the child's script, running it to
 * its end or its SIGKILL, and cleaning up what a killed process leaves behind.
 */

/**
 * Bundles `test/integration/<name>.ts` with esbuild into `dist/test/<name>-<pid>.mjs` and returns
 * that path: inside the repository, so the bundle finds node_modules for its external packages.
 * The caller removes the file when done.
 */
export async function bundleCrashChild(name: string): Promise<string> {
  const root = findAppRoot().dir;
  const entry = path.join(root, 'dist', 'test', `${name}-${process.pid}.mjs`);
  await mkdir(path.dirname(entry), { recursive: true });
  await build({
    entryPoints: [path.join(root, 'test', 'integration', `${name}.ts`)],
    outfile: entry,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return entry;
}

/** How a child run ended: all it wrote to stdout, and the signal that ended it (null: it exited with 0). */
export interface ChildExit {
  stdout: string;
  signal: NodeJS.Signals | null;
}

/** Options of `runCrashChild`. */
export interface RunCrashChildOptions {
  /** The child's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Called with the started child (to kill it at some moment); what it returns is called when the child ends. */
  watch?: (child: ChildProcess) => () => void;
}

/**
 * Runs `node <entry> ...args` to its end, whether it exits or is killed. Rejects when it fails on
 * its own (a non-zero exit code), with its stderr in the message.
 */
export function runCrashChild(entry: string, args: string[], options: RunCrashChildOptions = {}): Promise<ChildExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.env ? { env: options.env } : {}),
    });
    // Decoded as a stream: a chunk may end inside a UTF-8 character (a ticket's «Б-083»), which
    // turned into two U+FFFD when each chunk was decoded on its own.
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    let stdout = '';
    let stderr = '';
    const unwatch = options.watch?.(child);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      unwatch?.();
      if (signal === null && code !== 0) reject(new Error(`the child exited with ${code}: ${stderr}`));
      else resolve({ stdout, signal });
    });
  });
}

/**
 * Stops the socat a SIGKILLed child left running (a killed process cannot stop its own), found
 * by the PTY folder on its command line, and removes the folder.
 */
export async function stopOrphanedSocat(ptyDir: string): Promise<void> {
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (commandLine.startsWith('socat\0') && commandLine.includes(`${ptyDir}/`)) process.kill(Number(pid), 'SIGTERM');
  }
  await rm(ptyDir, { recursive: true, force: true });
}
