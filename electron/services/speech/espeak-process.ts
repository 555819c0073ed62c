import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/** How a player program ended: `missing` when it is not installed. */
export type PlayerEnd =
  | { kind: 'missing' }
  | { kind: 'failed'; problem: string }
  | { kind: 'ended'; code: number | null; complaint: string };

/**
 * One run of a player program (espeak-ng, aplay) with an argument array, never a shell. Its
 * complaint (stderr) and its end are collected from the start, so a process spawned ahead of its
 * text (a warm espeak-ng) loses nothing of what it said while it waited.
 */
export class PlayerProcess {
  readonly ended: Promise<PlayerEnd>;
  readonly #child: ChildProcess;
  #done = false;

  /** `options.stdout`: its output is read (espeak-ng's WAV on `--stdout`), else ignored. */
  constructor(program: string, args: readonly string[], options: { stdout?: boolean } = {}) {
    this.#child = spawn(program, [...args], { stdio: ['pipe', options.stdout === true ? 'pipe' : 'ignore', 'pipe'] });
    let complaint = '';
    this.#child.stderr?.setEncoding('utf8');
    this.#child.stderr?.on('data', (chunk: string) => {
      if (complaint.length < 400) complaint += chunk;
    });
    // A player killed mid-sentence closes its stdin under us: not a fault.
    this.#child.stdin?.on('error', () => {});
    this.ended = new Promise((resolve) => {
      this.#child.once('error', (error: NodeJS.ErrnoException) => {
        this.#done = true;
        resolve(error.code === 'ENOENT' ? { kind: 'missing' } : { kind: 'failed', problem: error.message });
      });
      this.#child.once('close', (code) => {
        this.#done = true;
        resolve({ kind: 'ended', code, complaint });
      });
    });
  }

  /** Its output, when asked for (`options.stdout`). */
  get stdout(): Readable | null {
    return this.#child.stdout;
  }

  /** Whether it is still running (a warm espeak-ng still waiting for its text). */
  get running(): boolean {
    return !this.#done && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Gives it its text on stdin and closes stdin: it speaks it, then ends. */
  say(text: string): void {
    this.#child.stdin?.end(text);
  }

  kill(): void {
    if (this.running) this.#child.kill('SIGKILL');
  }
}
