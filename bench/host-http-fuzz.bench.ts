/**
 * Fuzz benchmark of the browser host's HTTP and WebSocket entry points: a million requests by
 * default (`OKNO_HOST_FUZZ_CASES`). Most go in-process to the request-target parser, the HTTP
 * handler and the upgrade check with fake request/response objects (fast); a share
 * (`OKNO_HOST_FUZZ_SOCKET_CASES`, 2000) goes as raw bytes over TCP to a real host. Cases come from
 * the fast-check generators of the host's fuzz test (`test/support/host-fuzz-cases.ts`): a pool
 * is sampled once, seeded, and cases combine its targets, methods and headers at random. Fails
 * (exit 1) if any case threw, left a response unanswered, or the host stopped serving afterwards.
 *
 * Run: `node bench/run.mjs host-http` (or `npm run bench -- host-http`). Results: bench/results/host-http-fuzz.json.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import fc from 'fast-check';
import {
  type HostHandlerContext,
  handleHttpRequest,
  newHostSession,
  startBrowserHost,
  upgradeAllowed,
} from '../electron/host/host-server';
import { parseRequestTarget } from '../electron/host/request-target';
import { createLogger } from '../electron/services/logging/logger';
import { rawRequest, requestTarget } from '../test/support/host-fuzz-cases';
import { writeResults } from './bench-support';

const CASES = Number(process.env.OKNO_HOST_FUZZ_CASES ?? 1_000_000);
const SOCKET_CASES = Number(process.env.OKNO_HOST_FUZZ_SOCKET_CASES ?? 2000);
const SEED = Number(process.env.OKNO_HOST_FUZZ_SEED ?? 0x0c40);
const POOL = 20_000;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS', 'DELETE', ''];

/** xorshift32, seedable. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

/** A response that records whether it was ended. */
function fakeResponse(): ServerResponse & { ended: boolean } {
  const response = {
    ended: false,
    headersSent: false,
    setHeader: () => response,
    writeHead: () => {
      response.headersSent = true;
      return response;
    },
    end: () => {
      response.ended = true;
      return response;
    },
  };
  return response as unknown as ServerResponse & { ended: boolean };
}

/** A socket that records whether the upgrade was answered. */
function fakeSocket(): Duplex & { answered: boolean } {
  const socket = {
    answered: false,
    on: () => socket,
    end: () => {
      socket.answered = true;
      return socket;
    },
  };
  return socket as unknown as Duplex & { answered: boolean };
}

function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(5000, () => socket.destroy(new Error(`no answer within 5 s to ${JSON.stringify(bytes)}`)));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.end(bytes, 'latin1');
  });
}

async function main(): Promise<void> {
  const rendererDir = await mkdtemp(path.join(tmpdir(), 'okno-host-fuzz-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Окно</title>');
  await mkdir(path.join(rendererDir, 'assets'));
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'export {}');
  // Refusals are logged as warnings: silenced, a million of them would only measure the logger.
  const log = createLogger({ level: 'silent' });
  const context: HostHandlerContext = {
    rendererDir,
    log,
    origin: () => 'http://127.0.0.1:1',
    session: newHostSession(),
    onClaimed: () => {},
  };
  const targets = fc.sample(requestTarget, { numRuns: POOL, seed: SEED });
  const cookies = fc.sample(fc.string({ maxLength: 60 }), { numRuns: 1000, seed: SEED + 1 });
  const next = random(SEED);
  let failures = 0;
  let firstFailure: string | undefined;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < CASES; i++) {
    const target = targets[next() % targets.length] ?? '/';
    const headers = {
      cookie: cookies[next() % cookies.length],
      origin: (next() & 1) === 0 ? 'http://127.0.0.1:1' : 'x',
    };
    const request = { url: target, method: METHODS[next() % METHODS.length], headers } as unknown as IncomingMessage;
    try {
      parseRequestTarget(target);
      if ((next() & 3) === 0) {
        const socket = fakeSocket();
        if (!upgradeAllowed(context, request, socket) && !socket.answered) throw new Error('upgrade left unanswered');
      } else {
        const response = fakeResponse();
        await handleHttpRequest(context, request, response);
        if (!response.ended) throw new Error('response left open');
      }
    } catch (error) {
      failures += 1;
      firstFailure ??= `${JSON.stringify(target)}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;

  // The real-socket share: the same generators, as bytes over TCP to a listening host.
  const host = await startBrowserHost({
    core: {
      info: {} as never,
      dispatch: async () => ({ ok: true, value: {} }) as never,
      acceptScan: () => {},
      onEvent: () => () => {},
      close: async () => {},
    },
    rendererDir,
    port: 0,
    log,
  });
  const requests = fc.sample(rawRequest, { numRuns: SOCKET_CASES, seed: SEED + 2 });
  const socketStarted = performance.now();
  let socketFailures = 0;
  for (const bytes of requests) {
    try {
      const answer = await rawExchange(host.port, bytes);
      if (answer !== '' && !/^HTTP\/1\.1 \d{3} /.test(answer)) throw new Error(`odd answer ${answer.slice(0, 40)}`);
    } catch (error) {
      socketFailures += 1;
      firstFailure ??= error instanceof Error ? error.message : String(error);
    }
  }
  const socketSeconds = (performance.now() - socketStarted) / 1000;
  const stillServing = (await fetch(`${host.origin}/`)).status === 200;
  await host.close();

  const results = {
    seed: SEED,
    inProcess: {
      cases: CASES,
      seconds: Number(seconds.toFixed(3)),
      casesPerSecond: Math.round(CASES / seconds),
      cpuSeconds: Number(cpuSeconds.toFixed(3)),
      casesPerCpuSecond: Math.round(CASES / cpuSeconds),
      failures,
    },
    overSockets: {
      cases: SOCKET_CASES,
      seconds: Number(socketSeconds.toFixed(3)),
      casesPerSecond: Math.round(SOCKET_CASES / socketSeconds),
      failures: socketFailures,
    },
    totalCases: CASES + SOCKET_CASES,
    stillServing,
    firstFailure: firstFailure ?? null,
  };
  const file = writeResults('host-http-fuzz', results);
  console.log(JSON.stringify(results, null, 2));
  console.log(`results: ${file}`);
  if (failures > 0 || socketFailures > 0 || !stillServing) process.exit(1);
}

await main();
