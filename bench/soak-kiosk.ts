/**
 * The soak's kiosk, in a process of its own run with `--expose-gc`: the core and the browser
 * host as `npm start` runs them (its devices the world's PTYs, its hub the world's), and nothing
 * else, so its heap, file descriptors and children are the kiosk's. The visitor session's timers
 * are the soak's to fire (`ManualSessionClock`): an idle reset comes when the soak says so.
 *
 * Talks over the Node IPC channel: sends `{ kind: 'ready', url }`, then answers each request
 * (`SoakKioskRequest`) with `{ kind: 'answer', id, … }`; stops on `{ kind: 'stop' }`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { z } from 'zod';
import { startBrowserHost } from '../electron/host/host-server';
import { findAppRoot } from '../electron/services/app-root';
import { startKioskCore } from '../electron/services/composition-root';
import { ManualSessionClock } from '../test/support/manual-session-clock';
import { BENCH_TOKEN } from './bench-hub-support';
import { childPids, commandName, openFds } from './soak-procfs';

/** The session's idle reset: long, so nothing but the soak ends a session. */
export const SOAK_IDLE_RESET_SECONDS = 600;

/** What the soak asks of the kiosk's process. */
export const SoakKioskRequest = z.discriminatedUnion('kind', [
  /** A forced GC, then the heap, descriptors and children. */
  z.object({ kind: z.literal('measure'), id: z.number() }),
  /** Whether a touch has armed the idle countdown (the warning's timer is pending). */
  z.object({ kind: z.literal('countdownArmed'), id: z.number() }),
  /** «Вы ещё здесь?» now. */
  z.object({ kind: z.literal('idleWarning'), id: z.number() }),
  /** The idle reset now. */
  z.object({ kind: z.literal('idleReset'), id: z.number() }),
  /** A heap snapshot into the data folder, for finding what grows (`OKNO_SOAK_SNAPSHOTS=1`). */
  z.object({ kind: z.literal('heapSnapshot'), id: z.number() }),
  z.object({ kind: z.literal('stop'), id: z.number() }),
]);
export type SoakKioskRequest = z.infer<typeof SoakKioskRequest>;

/** The kiosk process's state after a forced GC. */
export const KioskMeasure = z.object({
  heapUsed: z.number(),
  heapTotal: z.number(),
  external: z.number(),
  arrayBuffers: z.number(),
  rss: z.number(),
  fds: z.number(),
  children: z.array(z.string()),
  /** The session clock's pending timers (two while a visit is under way, none after a reset). */
  sessionTimers: z.number(),
});
export type KioskMeasure = z.infer<typeof KioskMeasure>;

const Ready = z.object({ kind: z.literal('ready'), url: z.url() });
const Answer = z.object({
  kind: z.literal('answer'),
  id: z.number(),
  value: z.unknown(),
  error: z.string().optional(),
});

/** Serves the kiosk on `configPath` against the world's hub at `hubUrl`, until asked to stop. */
export async function serveSoakKiosk(configPath: string, hubUrl: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the soak kiosk must run with --expose-gc');
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('the soak kiosk must be started with an IPC channel');
  const clock = new ManualSessionClock(SOAK_IDLE_RESET_SECONDS * 1000);
  const core = await startKioskCore({
    host: 'browser-host',
    configPath,
    hub: { url: hubUrl, provisioningToken: BENCH_TOKEN },
    sessionClock: clock,
    // A terminal that stops answering is given 3 s (the config's minimums are for visitors).
    paymentPolicy: { authoriseTimeoutMs: 3000, settleGraceMs: 0, unknownWaitMs: 5000, pollMs: 200 },
  });
  const rendererDir = path.join(findAppRoot().dir, 'dist', 'renderer');
  const host = await startBrowserHost({ core, rendererDir, port: 0, log: core.log });

  const answer = (request: SoakKioskRequest): unknown => {
    switch (request.kind) {
      case 'measure': {
        gc();
        const memory = process.memoryUsage();
        const measure: KioskMeasure = {
          heapUsed: memory.heapUsed,
          heapTotal: memory.heapTotal,
          external: memory.external,
          arrayBuffers: memory.arrayBuffers,
          rss: memory.rss,
          fds: openFds('self'),
          children: childPids(process.pid).map(commandName),
          sessionTimers: clock.pendingCount,
        };
        return measure;
      }
      case 'countdownArmed':
        return clock.warningPending;
      case 'idleWarning':
        clock.fireIdleWarning();
        return true;
      case 'idleReset':
        clock.fireIdleReset();
        return true;
      case 'heapSnapshot':
        gc();
        return writeHeapSnapshot(path.join(path.dirname(configPath), `kiosk-${Date.now()}.heapsnapshot`));
      case 'stop':
        return true;
    }
  };
  const stopped = new Promise<void>((resolve) => {
    process.on('message', (message) => {
      const request = SoakKioskRequest.parse(message);
      try {
        send({ kind: 'answer', id: request.id, value: answer(request) });
      } catch (error) {
        send({ kind: 'answer', id: request.id, value: null, error: String(error) });
      }
      if (request.kind === 'stop') resolve();
    });
  });
  send({ kind: 'ready', url: host.url });
  await stopped;
  await host.close();
  await core.close();
  process.disconnect();
}

/** The soak's kiosk process as the soak drives it. */
export interface SoakKiosk {
  pid: number;
  /** The browser host's one-time boot address. */
  url: string;
  measure(): Promise<KioskMeasure>;
  countdownArmed(): Promise<boolean>;
  idleWarning(): Promise<void>;
  idleReset(): Promise<void>;
  /** Writes a heap snapshot of the kiosk's process; its path. */
  heapSnapshot(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts `script` (the soak's bundle) as the kiosk's process (`OKNO_SOAK_ROLE=kiosk`) with
 * `--expose-gc`; its log goes to `logFile`.
 */
export async function spawnSoakKiosk(
  script: string,
  options: { configPath: string; hubUrl: string; logFile: string },
): Promise<SoakKiosk> {
  const log = openSync(options.logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', script], {
    env: {
      ...process.env,
      OKNO_SOAK_ROLE: 'kiosk',
      OKNO_SOAK_CONFIG: options.configPath,
      OKNO_SOAK_HUB: options.hubUrl,
    },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  const { pid } = child;
  if (pid === undefined) throw new Error('the soak kiosk did not start');
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const ready = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the soak kiosk exited (${code}); its log: ${options.logFile}`)));
    child.on('message', (message) => {
      const isReady = Ready.safeParse(message);
      if (isReady.success) {
        resolve(isReady.data.url);
        return;
      }
      const answer = Answer.parse(message);
      const waiter = waiting.get(answer.id);
      waiting.delete(answer.id);
      if (answer.error === undefined) waiter?.resolve(answer.value);
      else waiter?.reject(new Error(`soak kiosk: ${answer.error}`));
    });
  });
  const url = await ready;
  const ask = (kind: SoakKioskRequest['kind']) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      child.send({ kind, id } satisfies SoakKioskRequest);
    });
  return {
    pid,
    url,
    measure: async () => KioskMeasure.parse(await ask('measure')),
    countdownArmed: async () => (await ask('countdownArmed')) === true,
    idleWarning: async () => {
      await ask('idleWarning');
    },
    idleReset: async () => {
      await ask('idleReset');
    },
    heapSnapshot: async () => String(await ask('heapSnapshot')),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      await ask('stop');
      await exited;
    },
  };
}
