import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';

/**
 * The suite's last check (vitest `globalSetup`): no process the test run started outlives it.
 *
 * Setup marks the run in the environment (`OKNO_TEST_RUN=<uuid>`), which every process the tests
 * start inherits: workers, socat, kiosk children, Chromium. Teardown, after the last test, looks
 * in /proc for processes still carrying the mark, gives them a moment to finish dying, kills
 * those left and fails the run naming them. Only processes with this run's mark are ever touched.
 */

/** The environment variable that marks the processes of one test run. */
export const TEST_RUN_MARKER = 'OKNO_TEST_RUN';

/** A process still carrying the run's mark. */
export interface MarkedProcess {
  pid: number;
  parentPid: number;
  commandLine: string;
}

/** The live processes (not zombies) whose environment holds `OKNO_TEST_RUN=<run>`, but `except`. */
export async function markedProcesses(run: string, except: ReadonlySet<number>): Promise<MarkedProcess[]> {
  const mark = `${TEST_RUN_MARKER}=${run}`;
  const found: MarkedProcess[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || except.has(Number(entry))) continue;
    // Gone meanwhile, or not ours to read: either way not a survivor of this run.
    const environment = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
    if (!environment.split('\0').includes(mark)) continue;
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    if (/^State:\s+Z/mu.test(status)) continue;
    const parentPid = Number(/^PPid:\s+(\d+)/mu.exec(status)?.[1] ?? 0);
    const commandLine = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ').trim();
    found.push({ pid: Number(entry), parentPid, commandLine });
  }
  return found;
}

/** vitest's own worker processes (children of this one, running vitest's code): not the tests'. */
function isVitestWorker(process: MarkedProcess, mainPid: number): boolean {
  return process.parentPid === mainPid && process.commandLine.includes('vitest');
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long survivors get to finish dying (socat's parent-death signal, a child's shutdown). */
const GRACE_MS = 3000;

export default function setup(): () => Promise<void> {
  const run = randomUUID();
  process.env[TEST_RUN_MARKER] = run;
  return async function teardown() {
    const except = new Set([process.pid]);
    const survivors = async () =>
      (await markedProcesses(run, except)).filter((marked) => !isVitestWorker(marked, process.pid));
    const deadline = Date.now() + GRACE_MS;
    let left = await survivors();
    while (left.length > 0 && Date.now() < deadline) {
      await delay(100);
      left = await survivors();
    }
    if (left.length === 0) return;
    for (const survivor of left) {
      try {
        process.kill(survivor.pid, 'SIGKILL');
      } catch {
        // Gone by itself in the meantime.
      }
    }
    // vitest reports a teardown's error but keeps its exit status: set it, so `npm test` fails.
    process.exitCode = 1;
    const list = left.map((s) => `  ${s.pid} (parent ${s.parentPid}): ${s.commandLine.slice(0, 200)}`).join('\n');
    throw new Error(`${left.length} process(es) started by the tests outlived them (now killed):\n${list}`);
  };
}
