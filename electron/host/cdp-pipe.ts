import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';

/** The browser's answer to one call: its result, or its error. */
const CdpAnswer = z.object({
  id: z.number().int(),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.object({ message: z.string() }).optional(),
});

/** An event the browser sends unasked (after the matching `*.enable` or `setDiscover*` call). */
const CdpEvent = z.object({ method: z.string(), params: z.record(z.string(), z.unknown()).optional() });

/** A listener for one event's parameters. */
export type CdpEventListener = (params: Record<string, unknown>) => void;

const Targets = z.object({
  targetInfos: z.array(z.object({ targetId: z.string(), type: z.string(), url: z.string() })),
});
const Attached = z.object({ sessionId: z.string() });
const Screenshot = z.object({ data: z.string() });

/** Longest wait for one answer (ms): a screenshot of a full-HD page takes well under a second. */
const CALL_TIMEOUT_MS = 10_000;

/**
 * The Chrome DevTools Protocol over the pipe Chromium opens with `--remote-debugging-pipe`
 * (it reads calls on its fd 3 and writes answers on its fd 4, each message ending in a NUL):
 * no port is opened, so nothing else on the machine can reach the browser's debugger.
 */
export class CdpPipe {
  readonly #input: Writable;
  readonly #pending = new Map<
    number,
    { resolve: (value: Record<string, unknown>) => void; reject: (error: Error) => void }
  >();
  readonly #listeners = new Map<string, Set<CdpEventListener>>();
  #nextId = 1;
  #buffer = '';
  #closed = false;

  constructor(input: Writable, output: Readable) {
    this.#input = input;
    const decoder = new StringDecoder('utf8');
    output.on('data', (chunk: Buffer) => {
      this.#buffer += decoder.write(chunk);
      for (let end = this.#buffer.indexOf('\0'); end >= 0; end = this.#buffer.indexOf('\0')) {
        this.#onMessage(this.#buffer.slice(0, end));
        this.#buffer = this.#buffer.slice(end + 1);
      }
    });
    const close = () => {
      this.#closed = true;
      for (const { reject } of this.#pending.values()) reject(new Error('the browser closed its debugging pipe'));
      this.#pending.clear();
    };
    output.on('close', close);
    output.on('error', close);
    input.on('error', close);
  }

  /** Calls `method`; rejects on the browser's error, a closed pipe or no answer in time. */
  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    if (this.#closed) return Promise.reject(new Error('the browser closed its debugging pipe'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`no answer to ${method} in ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      this.#pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  /** Calls `listener` with each `method` event until the returned function is called. */
  on(method: string, listener: CdpEventListener): () => void {
    const listeners = this.#listeners.get(method) ?? new Set<CdpEventListener>();
    listeners.add(listener);
    this.#listeners.set(method, listeners);
    return () => listeners.delete(listener);
  }

  #onMessage(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const answer = CdpAnswer.safeParse(json);
    if (!answer.success) {
      const event = CdpEvent.safeParse(json);
      // Events no one listens to are dropped.
      if (event.success)
        for (const listener of this.#listeners.get(event.data.method) ?? []) listener(event.data.params ?? {});
      return;
    }
    const waiting = this.#pending.get(answer.data.id);
    if (waiting === undefined) return;
    this.#pending.delete(answer.data.id);
    if (answer.data.error) waiting.reject(new Error(answer.data.error.message.slice(0, 200)));
    else waiting.resolve(answer.data.result ?? {});
  }
}

/** Runs `use` in a session attached to the browser's first page tab (the kiosk's only one). */
async function withKioskPage<T>(cdp: CdpPipe, use: (sessionId: string) => Promise<T>): Promise<T> {
  const { targetInfos } = Targets.parse(await cdp.send('Target.getTargets'));
  const page = targetInfos.find((target) => target.type === 'page');
  if (page === undefined) throw new Error('the browser shows no page');
  const { sessionId } = Attached.parse(
    await cdp.send('Target.attachToTarget', { targetId: page.targetId, flatten: true }),
  );
  try {
    return await use(sessionId);
  } finally {
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
  }
}

/** A JPEG of the browser's first page tab (the kiosk's only one), through its debugging pipe. */
export function captureKioskPage(cdp: CdpPipe): Promise<Buffer> {
  return withKioskPage(cdp, async (sessionId) => {
    const { data } = Screenshot.parse(
      await cdp.send('Page.captureScreenshot', { format: 'jpeg', quality: 70 }, sessionId),
    );
    return Buffer.from(data, 'base64');
  });
}

const HeapUsage = z.object({ usedSize: z.number().nonnegative() });

/** The kiosk page's JavaScript heap in use (bytes), through the debugging pipe. */
export function kioskPageHeapBytes(cdp: CdpPipe): Promise<number> {
  return withKioskPage(cdp, async (sessionId) => {
    const { usedSize } = HeapUsage.parse(await cdp.send('Runtime.getHeapUsage', {}, sessionId));
    return usedSize;
  });
}
