import { CLEAR_BUFFERS_KEY, DC4, DLE, EOT, type StatusRequestKind } from './escpos-commands';

/** A real-time command found in the incoming bytes. */
export type RealtimeCommand = { type: 'status_request'; n: StatusRequestKind } | { type: 'clear_buffers' };

/** A real-time command and where in the chunk it ended (the offset after its last byte). */
export interface RealtimeHit {
  command: RealtimeCommand;
  end: number;
}

/**
 * Finds real-time commands (`DLE EOT n`, `DLE DC4 8 …`) in bytes as they arrive, for the
 * printer SIMULATOR.
 *
 * A printer acts on these the moment they arrive, even when it has stopped processing the
 * rest (paper out, cover open): that is what makes them real-time. Like a real printer it looks
 * for the byte pattern and nothing else, so the pattern inside image or QR data is a hit too
 * (Epson's manual warns of the same). Commands split across chunks are found.
 */
export class RealtimeCommandScanner {
  /** The bytes of a command being matched. */
  private partial: number[] = [];

  /** Scans the next chunk; returns the commands completed in it, in order. */
  push(chunk: ArrayLike<number>): RealtimeHit[] {
    const hits: RealtimeHit[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const command = this.byte(chunk[i] ?? 0);
      if (command) hits.push({ command, end: i + 1 });
    }
    return hits;
  }

  private byte(byte: number): RealtimeCommand | null {
    const p = this.partial;
    if (p.length === 0) {
      if (byte === DLE) p.push(byte);
      return null;
    }
    if (p.length === 1) {
      if (byte === EOT || byte === DC4) p.push(byte);
      else this.restart(byte);
      return null;
    }
    if (p[1] === EOT) {
      this.partial = [];
      if (byte >= 1 && byte <= 4) return { type: 'status_request', n: byte as StatusRequestKind };
      this.restart(byte);
      return null;
    }
    // DLE DC4 fn …: only fn 8 with its fixed key is a buffer clear.
    if (p.length === 2 && byte !== 8) {
      this.restart(byte);
      return null;
    }
    const keyIndex = p.length - 3;
    if (keyIndex >= 0 && CLEAR_BUFFERS_KEY[keyIndex] !== byte) {
      this.restart(byte);
      return null;
    }
    p.push(byte);
    if (p.length === 3 + CLEAR_BUFFERS_KEY.length) {
      this.partial = [];
      return { type: 'clear_buffers' };
    }
    return null;
  }

  /** A mismatch: the byte may itself start a command. */
  private restart(byte: number): void {
    this.partial = byte === DLE ? [byte] : [];
  }
}
