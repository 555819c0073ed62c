import { spawn } from 'node:child_process';
import { fail, type OfficePrinterConfig, ok, type Result } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';

/** Why a job did not reach the office printer's queue. */
export type OfficePrintFailure = 'not_configured' | 'command_failed' | 'timeout';

/** A job in the office's print queue: CUPS's request id, when `lp` printed one. */
export interface OfficePrintJobQueued {
  jobId: string | null;
}

/** What became of a job: queued, or why not (`code`, with a message for the log). */
export type OfficePrintResult = Result<OfficePrintJobQueued, OfficePrintFailure>;

/** A PDF for the office printer; the title is what the office's print queue lists. */
export interface OfficePrintJob {
  pdf: Uint8Array;
  title: string;
}

/** What the office printer needs: its settings (absent: none configured) and the logger. */
export interface OfficePrinterDeps {
  /** `officePrinter` of the kiosk config; `command` is `lp`, or a fake in tests. */
  settings: OfficePrinterConfig | undefined;
  log: Logger;
}

/** After a timeout, how long `lp` has to stop on SIGTERM before it is killed outright. */
const KILL_GRACE_MS = 1000;
/** How much of `lp`'s output is kept: enough for its request id or its error line. */
const OUTPUT_LIMIT = 16 * 1024;

/**
 * The office's A4 printer, through CUPS: `lp -d <destination> -t <title> -o media=A4 -` with the
 * PDF on stdin. No shell: the arguments go to the program as they are. The job counts as sent
 * once `lp` has queued it (exit 0); CUPS prints it on its own time, and a jam is the office's
 * business, not the visitor's. Faults are results, never exceptions.
 */
export class OfficePrinter {
  constructor(private readonly deps: OfficePrinterDeps) {}

  /** Whether an office printer is configured (the UI offers the printout only then). */
  get configured(): boolean {
    return this.deps.settings !== undefined;
  }

  /** Queues a PDF on the office printer; the detail of a failure is for the log, not the visitor. */
  async print(job: OfficePrintJob): Promise<OfficePrintResult> {
    const { settings, log } = this.deps;
    if (!settings) return fail('not_configured', 'no officePrinter in the config');
    const started = Date.now();
    const result = await runLp(settings, job);
    const fields = { destination: settings.destination, bytes: job.pdf.length, ms: Date.now() - started };
    if (result.ok) log.info({ ...fields, jobId: result.value.jobId }, 'sent to the office printer');
    else
      log.warn(
        { ...fields, reason: result.error.code, detail: result.error.message },
        'not sent to the office printer',
      );
    return result;
  }
}

/** `lp`'s answer on stdout: `request id is office_a4-12 (0 file(s))` (0 files when read from stdin). */
export function parseLpJobId(stdout: string): string | null {
  return /request id is (\S+)/.exec(stdout)?.[1] ?? null;
}

/** Runs `lp` once with the PDF on stdin, within the timeout; settles only once the child is gone. */
function runLp(settings: OfficePrinterConfig, job: OfficePrintJob): Promise<OfficePrintResult> {
  const args = ['-d', settings.destination, '-t', jobTitle(job.title), '-o', 'media=A4', '-'];
  return new Promise((resolve) => {
    let settled = false;
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const finish = (result: OfficePrintResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      resolve(result);
    };
    // C.UTF-8: lp's messages in English (we parse «request id is»), text still UTF-8.
    const child = spawn(settings.command, args, {
      shell: false,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C.UTF-8' },
    });
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);

    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    }, settings.timeoutMs);

    child.on('error', (error: NodeJS.ErrnoException) => {
      // Spawning failed (ENOENT: CUPS's client is not installed); no process to wait for.
      finish(fail('command_failed', `cannot run ${settings.command}: ${error.code ?? error.message}`));
    });
    // After a timeout, 'exit' is enough: a grandchild may still hold the pipes open.
    child.on('exit', (code, signal) => {
      if (timedOut) {
        finish(fail('timeout', `no answer in ${settings.timeoutMs} ms; stopped (${signal ?? code})`));
      }
    });
    child.on('close', (code, signal) => {
      if (code === 0) {
        finish(ok({ jobId: parseLpJobId(stdout()) }));
        return;
      }
      const message = firstLine(stderr()) || firstLine(stdout()) || 'no message';
      finish(fail('command_failed', `exit ${signal ?? code}: ${message}`));
    });
    // lp may exit before reading everything (a bad destination): that is its error, not ours.
    child.stdin.on('error', () => undefined);
    child.stdin.end(job.pdf);
  });
}

/** Keeps the first bytes a stream writes, as text. */
function collect(stream: NodeJS.ReadableStream): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    if (size >= OUTPUT_LIMIT) return;
    chunks.push(chunk);
    size += chunk.length;
  });
  return () => Buffer.concat(chunks).toString('utf8').slice(0, OUTPUT_LIMIT);
}

function firstLine(text: string): string {
  return (text.trim().split('\n')[0] ?? '').trim().slice(0, 300);
}

/** A title the print queue can list: one line, printable, short. */
function jobTitle(title: string): string {
  return (
    title
      .replace(/\p{Cc}+/gu, ' ')
      .trim()
      .slice(0, 120) || 'Okno'
  );
}
