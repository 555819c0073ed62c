/** One server-sent event: its type (`message` when the stream named none) and its data lines joined by `\n`. */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
}

/** The longest line kept (characters): a longer one is garbage (or an attack) and is dropped whole. */
export const SSE_MAX_LINE = 64 * 1024;

/**
 * An incremental parser of `text/event-stream` (the WHATWG HTML rules, the fields the kiosk
 * needs: `event` and `data`; `id` and `retry` are ignored, comments too). Text may arrive split
 * at any point, a line ending `\r\n` even between its two characters. It never throws: garbage
 * yields no event, and a line longer than `SSE_MAX_LINE` is dropped rather than buffered.
 */
export class SseParser {
  readonly #onEvent: (event: ServerSentEvent) => void;
  #line = '';
  #overlong = false;
  #afterCr = false;
  #eventType = '';
  #data: string[] = [];

  constructor(onEvent: (event: ServerSentEvent) => void) {
    this.#onEvent = onEvent;
  }

  /** Feeds the next piece of the stream (already decoded from UTF-8). */
  push(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const char = text.charCodeAt(i);
      if (char !== 10 && char !== 13) continue;
      // The `\n` of a `\r\n` whose `\r` ended the previous piece (or this one's previous line).
      const lfAfterCr = char === 10 && this.#afterCr && i === start;
      this.#afterCr = char === 13;
      if (!lfAfterCr) this.#endLine(text.slice(start, i));
      start = i + 1;
    }
    if (start < text.length) {
      this.#afterCr = false;
      this.#append(text.slice(start));
    }
  }

  /** Forgets a half-received event (the connection dropped: its rest will never come). */
  reset(): void {
    this.#line = '';
    this.#overlong = false;
    this.#afterCr = false;
    this.#eventType = '';
    this.#data = [];
  }

  #append(piece: string): void {
    if (this.#overlong) return;
    if (this.#line.length + piece.length > SSE_MAX_LINE) {
      this.#overlong = true;
      this.#line = '';
      return;
    }
    this.#line += piece;
  }

  #endLine(tail: string): void {
    this.#append(tail);
    const line = this.#line;
    const dropped = this.#overlong;
    this.#line = '';
    this.#overlong = false;
    if (dropped) return;
    if (line === '') {
      this.#dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#eventType = value;
    else if (field === 'data') this.#data.push(value);
  }

  #dispatch(): void {
    const event = this.#eventType === '' ? 'message' : this.#eventType;
    const data = this.#data;
    this.#eventType = '';
    this.#data = [];
    // An event with no data line is not dispatched (the spec's rule).
    if (data.length === 0) return;
    this.#onEvent({ event, data: data.join('\n') });
  }
}
