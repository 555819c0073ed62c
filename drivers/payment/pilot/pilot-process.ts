import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** One run of the pilot program: what to start, where, for how long, and what to clean first. */
export interface PilotRunRequest {
  /** The program, absolute. */
  command: string;
  args: readonly string[];
  /** Its working directory, absolute: it leaves its files there. */
  cwd: string;
  /** The whole environment the program sees. */
  env: Readonly<Record<string, string>>;
  /** Start to exit; then the process group gets SIGTERM, and SIGKILL after `killGraceMs`. */
  timeoutMs: number;
  killGraceMs: number;
  /** Files in `cwd` removed before the start, so that an old result is never read as new. */
  staleFiles: readonly string[];
  /** Kills the program when aborted, if `abortKills`; otherwise the abort is only noted. */
  signal?: AbortSignal | undefined;
  abortKills: boolean;
  /** Called once the program has started. */
  onStarted?: (() => void) | undefined;
  /** A file in `cwd` polled while the program runs; `onChange` gets its bytes when they change. */
  progress?: { file: string; pollMs: number; onChange: (bytes: Uint8Array) => void } | undefined;
}

/** How a run ended. Only `not_started` means the operation certainly did not begin. */
export type PilotRun =
  | { state: 'not_started'; reason: string }
  | {
      state: 'exited';
      exitCode: number | null;
      signal: NodeJS.Signals | null;
      durationMs: number;
      /** An abort came while it ran and was not acted on (the profile says killing is unsafe). */
      abortIgnored: boolean;
    }
  | { state: 'timed_out'; durationMs: number }
  | { state: 'aborted'; durationMs: number };

/**
 * Runs the pilot program once, in its own process group, so that a timeout kills it and every
 * process it started (SIGTERM to the group, then SIGKILL). Resolves when the program has exited;
 * never rejects.
 */
export async function runPilotProgram(request: PilotRunRequest): Promise<PilotRun> {
  const prepared = await prepare(request);
  if (prepared) return { state: 'not_started', reason: prepared };
  if (request.signal?.aborted && request.abortKills)
    return { state: 'not_started', reason: 'aborted before the start' };

  const startedAt = Date.now();
  let child: ChildProcess;
  try {
    child = spawn(request.command, [...request.args], {
      cwd: request.cwd,
      env: { ...request.env },
      // Its own process group: killing -pid reaches whatever the program started.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    return { state: 'not_started', reason: `cannot start ${request.command}: ${describe(error)}` };
  }
  // The program's output is not used (the result file is): drained so that it never blocks.
  child.stdout?.resume();
  child.stderr?.resume();

  const started = await new Promise<string | null>((resolve) => {
    child.once('spawn', () => resolve(null));
    child.once('error', (error) => resolve(`cannot start ${request.command}: ${describe(error)}`));
  });
  if (started !== null) return { state: 'not_started', reason: started };
  // Later errors (a failed kill) are not fatal; the exit is what is awaited.
  child.on('error', () => undefined);
  request.onStarted?.();

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  let ending: 'timed_out' | 'aborted' | null = null;
  let abortIgnored = false;
  let killing: Promise<void> | null = null;
  const killGroup = (why: 'timed_out' | 'aborted') => {
    ending ??= why;
    killing ??= killProcessGroup(child, exited, request.killGraceMs);
  };
  const timer = setTimeout(() => killGroup('timed_out'), request.timeoutMs);
  const onAbort = () => {
    if (request.abortKills) killGroup('aborted');
    else abortIgnored = true;
  };
  if (request.signal?.aborted) onAbort();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  const stopPolling = request.progress ? pollProgress(request.cwd, request.progress) : () => undefined;

  const { code, signal } = await exited;
  clearTimeout(timer);
  request.signal?.removeEventListener('abort', onAbort);
  stopPolling();
  if (killing) await killing;
  // Not waiting for the pipes to close: a daemon the program left behind may hold them open.
  child.stdout?.destroy();
  child.stderr?.destroy();
  const durationMs = Date.now() - startedAt;
  if (ending === 'timed_out') return { state: 'timed_out', durationMs };
  if (ending === 'aborted') return { state: 'aborted', durationMs };
  return { state: 'exited', exitCode: code, signal, durationMs, abortIgnored };
}

/** Reads a file the program left in its working directory; null when there is none. */
export async function readPilotFile(cwd: string, name: string, maxBytes: number): Promise<Uint8Array | null> {
  try {
    const bytes = await readFile(path.join(cwd, name));
    // Oversized files are handed on cut at maxBytes + 1, so the parser still sees they are too big.
    return bytes.length > maxBytes ? new Uint8Array(bytes.subarray(0, maxBytes + 1)) : new Uint8Array(bytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Checks the working directory and removes stale files; a reason when the run must not start. */
async function prepare(request: PilotRunRequest): Promise<string | null> {
  try {
    if (!(await stat(request.cwd)).isDirectory()) return `the working directory ${request.cwd} is not a directory`;
  } catch (error) {
    return `the working directory ${request.cwd} cannot be used: ${describe(error)}`;
  }
  for (const name of request.staleFiles) {
    try {
      await rm(path.join(request.cwd, name), { force: true });
    } catch (error) {
      return `cannot remove the old ${name} in ${request.cwd} (${describe(error)}): it could be read as this run's`;
    }
  }
  return null;
}

/** SIGTERM to the group, SIGKILL after the grace period (to the group too: stragglers die). */
async function killProcessGroup(child: ChildProcess, exited: Promise<unknown>, graceMs: number): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  signalGroup(child, pid, 'SIGTERM');
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
  clearTimeout(timer);
  // Even when the program itself has gone, a child of it that ignores SIGTERM may not have.
  signalGroup(child, pid, 'SIGKILL');
  await exited;
}

function signalGroup(child: ChildProcess, pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the whole group is gone already. Anything else: at least the program itself.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') child.kill(signal);
  }
}

/** Polls the progress file; returns the stop function. */
function pollProgress(cwd: string, progress: NonNullable<PilotRunRequest['progress']>): () => void {
  let last = '';
  let stopped = false;
  let reading = false;
  const poll = async () => {
    if (reading) return;
    reading = true;
    try {
      const bytes = await readPilotFile(cwd, progress.file, 4096);
      const key = bytes ? Buffer.from(bytes).toString('base64') : '';
      if (!stopped && bytes && key !== last) {
        last = key;
        progress.onChange(bytes);
      }
    } catch {
      // A progress file being rewritten may be unreadable for a moment; the next poll reads it.
    } finally {
      reading = false;
    }
  };
  const timer = setInterval(() => void poll(), progress.pollMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
