/**
 * The ZVT serial transport protocol (RS-232): each APDU travels as
 * `DLE STX <APDU, every DLE doubled> DLE ETX <CRC low> <CRC high>`, and the receiver answers each
 * frame with one byte, `ACK` (06) or `NAK` (15).
 *
 * The CRC is CRC-CCITT, polynomial 0x1021 in its bit-reversed form 0x8408, initial value 0x0000,
 * no final XOR (the catalogue calls this CRC-16/KERMIT), over the APDU bytes as they are (not
 * stuffed) followed by the ETX byte, and sent low byte first. Verified against frames captured
 * from terminals and published with the python-ecrterm tests (e.g. `10 02 80 00 00 10 03 F5 1F`,
 * `10 02 06 00 06 12 34 56 BA 09 78 10 03 24 C3`) and against the CRC of Portalum.Zvt.
 *
 * Portable: no Node imports.
 */
import { decodeApdu, type ZvtApdu } from './zvt-apdu';

export const STX = 0x02;
export const ETX = 0x03;
export const ACK = 0x06;
export const DLE = 0x10;
export const NAK = 0x15;

/** CRC-16/KERMIT (reflected CCITT, 0x8408, init 0) of `bytes`, as sent by ZVT: over APDU + ETX. */
export function crcCcittKermit(bytes: Iterable<number>, initial = 0x0000): number {
  let crc = initial;
  for (const byte of bytes) {
    crc ^= byte & 0xff;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return crc;
}

/** The CRC of a frame carrying `apdu`: over the unstuffed APDU and the closing ETX. */
export function frameCrc(apdu: Uint8Array): number {
  return crcCcittKermit([ETX], crcCcittKermit(apdu));
}

/** Frames an encoded APDU for the serial line. */
export function encodeSerialFrame(apdu: Uint8Array): Uint8Array {
  const stuffed: number[] = [DLE, STX];
  for (const byte of apdu) {
    stuffed.push(byte);
    if (byte === DLE) stuffed.push(DLE);
  }
  const crc = frameCrc(apdu);
  stuffed.push(DLE, ETX, crc & 0xff, crc >> 8);
  return Uint8Array.from(stuffed);
}

/** What the serial parser found on the line. */
export type SerialEvent =
  /** A frame whose CRC matched and whose content is one well-formed APDU: answer ACK. */
  | { type: 'frame'; apdu: ZvtApdu; bytes: Uint8Array }
  /** The peer acknowledged our frame. */
  | { type: 'ack' }
  /** The peer asks for our frame again. */
  | { type: 'nak' }
  /** A frame arrived damaged: answer NAK so that the peer repeats it. */
  | { type: 'bad_frame'; reason: 'crc' | 'apdu' | 'dle' | 'too_long' };

type State = 'idle' | 'idle_dle' | 'data' | 'data_dle' | 'crc_low' | 'crc_high';

/** Options of `SerialFrameParser`. */
export interface SerialFrameParserOptions {
  /** Longest APDU a frame may carry (default 65 540, the protocol's limit); longer is dropped. */
  maxApduBytes?: number;
}

/**
 * Reads the serial line byte by byte, however the bytes are split into chunks.
 *
 * Between frames, `ACK` and `NAK` are link answers and `DLE STX` starts a frame; anything else
 * is noise and skipped. Inside a frame `DLE DLE` is one data byte, `DLE ETX` ends the data (two
 * CRC bytes follow), and `DLE STX` restarts the frame (the sender started over); `DLE` before
 * anything else spoils the frame. It never throws, and yields only frames with a matching CRC
 * that hold exactly one APDU.
 */
export class SerialFrameParser {
  private state: State = 'idle';
  private data: number[] = [];
  private crcLow = 0;
  private readonly maxApduBytes: number;
  /** Bytes skipped between frames (noise on the line). */
  noiseBytes = 0;

  constructor(options: SerialFrameParserOptions = {}) {
    this.maxApduBytes = options.maxApduBytes ?? 0xffff + 5;
  }

  /** Adds bytes from the line; returns what they complete, in order. */
  push(chunk: Uint8Array): SerialEvent[] {
    const events: SerialEvent[] = [];
    for (const byte of chunk) {
      const event = this.step(byte);
      if (event) events.push(event);
    }
    return events;
  }

  /** Forgets a partial frame (after the port was reopened). */
  reset(): void {
    this.state = 'idle';
    this.data = [];
  }

  private step(byte: number): SerialEvent | null {
    switch (this.state) {
      case 'idle':
        if (byte === DLE) this.state = 'idle_dle';
        else if (byte === ACK) return { type: 'ack' };
        else if (byte === NAK) return { type: 'nak' };
        else this.noiseBytes++;
        return null;
      case 'idle_dle':
        if (byte === STX) {
          this.state = 'data';
          this.data = [];
        } else {
          this.noiseBytes += 2;
          this.state = byte === DLE ? 'idle_dle' : 'idle';
          if (byte === ACK) return { type: 'ack' };
          if (byte === NAK) return { type: 'nak' };
        }
        return null;
      case 'data':
        if (byte === DLE) {
          this.state = 'data_dle';
          return null;
        }
        return this.append(byte);
      case 'data_dle':
        if (byte === DLE) {
          this.state = 'data';
          return this.append(DLE);
        }
        if (byte === ETX) {
          this.state = 'crc_low';
          return null;
        }
        if (byte === STX) {
          // The sender started the frame over: what came before is lost.
          this.state = 'data';
          this.data = [];
          return { type: 'bad_frame', reason: 'dle' };
        }
        this.state = 'idle';
        this.data = [];
        return { type: 'bad_frame', reason: 'dle' };
      case 'crc_low':
        this.crcLow = byte;
        this.state = 'crc_high';
        return null;
      case 'crc_high': {
        this.state = 'idle';
        const bytes = Uint8Array.from(this.data);
        this.data = [];
        const crc = frameCrc(bytes);
        if ((crc & 0xff) !== this.crcLow || crc >> 8 !== byte) return { type: 'bad_frame', reason: 'crc' };
        const decoded = decodeApdu(bytes);
        if (!decoded.ok) return { type: 'bad_frame', reason: 'apdu' };
        return { type: 'frame', apdu: decoded.apdu, bytes };
      }
    }
  }

  private append(byte: number): SerialEvent | null {
    if (this.data.length >= this.maxApduBytes) {
      this.state = 'idle';
      this.data = [];
      return { type: 'bad_frame', reason: 'too_long' };
    }
    this.data.push(byte);
    return null;
  }
}
