/**
 * The ZVT APDU: control field (class and instruction, or CCRC and APRC in a reply), a length
 * (one byte, or `FF` and two bytes little-endian when longer than 254), and the data.
 *
 * ZVT Protocol Specification rev. 13.x, chapter 1 ("APDU"), and the transport protocol document:
 * over TCP/IP the APDUs are sent as they are, one after another; over RS-232 each is framed (see
 * `zvt-serial-framing.ts`).
 *
 * Portable: no Node imports.
 */

/** An APDU: `cls` and `instr` are the two control bytes (`80 00` for a positive acknowledgement). */
export interface ZvtApdu {
  cls: number;
  instr: number;
  data: Uint8Array;
}

/** The longest data an APDU length field can express. */
export const MAX_APDU_DATA = 0xffff;

/** `80 00 00`: the positive acknowledgement of an APDU (spec 2.x, "Acknowledgement"). */
export const ACK_APDU: Readonly<ZvtApdu> = Object.freeze({ cls: 0x80, instr: 0x00, data: new Uint8Array() });

/** Encodes an APDU. Throws when the data is longer than the length field can say. */
export function encodeApdu(apdu: ZvtApdu): Uint8Array {
  const length = apdu.data.length;
  if (length > MAX_APDU_DATA) throw new RangeError(`APDU data of ${length} bytes is too long`);
  const header =
    length < 0xff ? [apdu.cls, apdu.instr, length] : [apdu.cls, apdu.instr, 0xff, length & 0xff, length >> 8];
  const out = new Uint8Array(header.length + length);
  out.set(header);
  out.set(apdu.data, header.length);
  return out;
}

/** The size of the APDU at the start of `bytes` once its header is there; `null` while it is not. */
export function apduSize(bytes: Uint8Array, offset = 0): number | null {
  const lengthByte = bytes[offset + 2];
  if (lengthByte === undefined) return null;
  if (lengthByte !== 0xff) return 3 + lengthByte;
  const low = bytes[offset + 3];
  const high = bytes[offset + 4];
  if (low === undefined || high === undefined) return null;
  return 5 + (low | (high << 8));
}

/** Why bytes are not exactly one APDU. */
export type ApduError = { code: 'too_short' | 'length_mismatch' };

/** Decodes bytes that must be exactly one APDU. */
export function decodeApdu(bytes: Uint8Array): { ok: true; apdu: ZvtApdu } | { ok: false; error: ApduError } {
  const size = apduSize(bytes);
  if (size === null) return { ok: false, error: { code: 'too_short' } };
  if (size !== bytes.length) return { ok: false, error: { code: 'length_mismatch' } };
  const headerSize = bytes[2] === 0xff ? 5 : 3;
  return {
    ok: true,
    apdu: { cls: bytes[0] ?? 0, instr: bytes[1] ?? 0, data: bytes.slice(headerSize) },
  };
}

/**
 * Splits a TCP byte stream into APDUs, however the bytes arrive.
 *
 * TCP delivers bytes in order and intact, so the stream needs no resynchronisation: an APDU is
 * complete when its length says so. `maxApduBytes` bounds what one APDU may claim (default the
 * protocol's own limit); a longer claim is nonsense from a broken peer, and the buffer is dropped.
 */
export class ApduStreamParser {
  private buffer = new Uint8Array(0);
  private readonly maxApduBytes: number;
  /** APDUs dropped because their length was beyond `maxApduBytes`. */
  dropped = 0;

  constructor(options: { maxApduBytes?: number } = {}) {
    this.maxApduBytes = options.maxApduBytes ?? MAX_APDU_DATA + 5;
  }

  /** Adds bytes; returns the APDUs they complete, in order. */
  push(chunk: Uint8Array): ZvtApdu[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    const out: ZvtApdu[] = [];
    let offset = 0;
    for (;;) {
      const size = apduSize(joined, offset);
      if (size === null) break;
      if (size > this.maxApduBytes) {
        this.dropped++;
        offset = joined.length;
        break;
      }
      if (offset + size > joined.length) break;
      const decoded = decodeApdu(joined.subarray(offset, offset + size));
      if (decoded.ok) out.push(decoded.apdu);
      offset += size;
    }
    this.buffer = joined.slice(offset);
    return out;
  }

  /** Forgets a partial APDU (after the connection was lost). */
  reset(): void {
    this.buffer = new Uint8Array(0);
  }
}

/** `80 00 00`, or `84 xx 00`: an acknowledgement, positive or negative (with its error code). */
export function readAcknowledgement(apdu: ZvtApdu): { positive: true } | { positive: false; code: number } | null {
  if (apdu.cls === 0x80) return { positive: true };
  if (apdu.cls === 0x84) return { positive: false, code: apdu.instr };
  return null;
}

/** The control field as text for logs: `06 01`. */
export function controlField(apdu: Pick<ZvtApdu, 'cls' | 'instr'>): string {
  return `${hex2(apdu.cls)} ${hex2(apdu.instr)}`;
}

function hex2(byte: number): string {
  return byte.toString(16).padStart(2, '0').toUpperCase();
}
