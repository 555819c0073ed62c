/**
 * A cap on the bytes read from one HTTP answer: a hub (or something in its place) that serves a
 * huge metadata file is cut off at the cap, its connection closed, instead of the kiosk reading,
 * buffering or waiting on what remains. The cap counts decoded bytes, so a gzip bomb stops there too.
 */

/** The answer ran past its cap: what was read so far is dropped. */
export class AnswerTooLargeError extends Error {
  override name = 'AnswerTooLargeError';
}

/** The most bytes each file of the TUF path may have (decoded), by the name the kiosk asks. */
export const TUF_FILE_CAPS = {
  /** One snapshot reference: a few hundred bytes. */
  timestamp: 16 * 1024,
  /** One `targets.json` reference (no delegations). */
  snapshot: 64 * 1024,
  /** One entry per release manifest (about 150 bytes each). */
  targets: 5 * 1024 * 1024,
  root: 512 * 1024,
  /** A release manifest: at most 2000 files of about 200 bytes. */
  releaseManifest: 1024 * 1024,
} as const;

/** The cap for a TUF request by its URL's last part (`timestamp.json`, `3.snapshot.json`, `releases/x.json`). */
export function tufFileCap(url: string): number {
  const name = url.slice(url.lastIndexOf('/') + 1);
  if (name === 'timestamp.json') return TUF_FILE_CAPS.timestamp;
  if (name.endsWith('.snapshot.json')) return TUF_FILE_CAPS.snapshot;
  if (name.endsWith('.targets.json')) return TUF_FILE_CAPS.targets;
  if (name.endsWith('.root.json')) return TUF_FILE_CAPS.root;
  return TUF_FILE_CAPS.releaseManifest;
}

/**
 * `body`, passed on chunk by chunk until it exceeds `maxBytes`: then the stream errors with
 * `AnswerTooLargeError` and `abort` is called (the request is dropped, its connection closed).
 */
export function cappedBody(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  abort: (reason: Error) => void,
): ReadableStream<Uint8Array> {
  let received = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > maxBytes) {
          const error = new AnswerTooLargeError(`the hub served more than ${maxBytes} bytes`);
          abort(error);
          controller.error(error);
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
}
