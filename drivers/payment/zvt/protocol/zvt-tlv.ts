/**
 * The TLV container of ZVT (BMP 06), parsed generically: tags, lengths and bytes are kept, and
 * constructed objects are opened into their children, whatever the tags mean.
 *
 * ZVT Protocol Specification rev. 13.x, chapter 9 "TLV-container": BER-TLV. A tag is one byte,
 * or more when its low five bits are all set (each further byte with bit 8 set is followed by
 * another); bit 6 of the first byte marks a constructed object. A length is one byte below 0x80,
 * else `0x81 nn` or `0x82 nn nn` (big-endian; the APDU's own length is little-endian).
 *
 * Portable: no Node imports.
 */

/** One TLV data object. */
export interface TlvObject {
  /** The tag as a number: `0x1F07` for the two bytes `1F 07`. */
  tag: number;
  /** The tag's bytes as upper-case hex, e.g. `1F07`. */
  tagHex: string;
  /** Bit 6 of the first tag byte: the value is itself a TLV sequence. */
  constructed: boolean;
  /** The value bytes (for a constructed object, all of its children). */
  value: Uint8Array;
  /** The objects inside a constructed one, when they parse. */
  children?: TlvObject[];
}

/** Why a TLV sequence did not parse, and where. */
export interface TlvError {
  code: 'truncated' | 'bad_length' | 'tag_too_long' | 'too_deep';
  offset: number;
}

export type TlvResult = { ok: true; objects: TlvObject[] } | { ok: false; error: TlvError };

/** Nesting deeper than this is not a TLV container any terminal sends: refused, not recursed into. */
const MAX_DEPTH = 8;
/** ZVT defines tags of 1 and 2 bytes; 4 leaves room and bounds the work on garbage. */
const MAX_TAG_BYTES = 4;

/** Reads a TLV length at `offset`: the length and how many bytes it took, or `null`. */
export function readTlvLength(bytes: Uint8Array, offset: number): { length: number; size: number } | null {
  const first = bytes[offset];
  if (first === undefined) return null;
  if (first < 0x80) return { length: first, size: 1 };
  if (first === 0x81) {
    const length = bytes[offset + 1];
    return length === undefined ? null : { length, size: 2 };
  }
  if (first === 0x82) {
    const high = bytes[offset + 1];
    const low = bytes[offset + 2];
    return high === undefined || low === undefined ? null : { length: (high << 8) | low, size: 3 };
  }
  return null;
}

/** A TLV length field for `length` bytes. */
export function encodeTlvLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffff) throw new RangeError(`TLV length ${length}`);
  if (length < 0x80) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  return Uint8Array.of(0x82, length >> 8, length & 0xff);
}

/** Parses a TLV sequence (the inside of a container, or of a constructed object). */
export function parseTlvSequence(bytes: Uint8Array, depth = 0): TlvResult {
  if (depth > MAX_DEPTH) return { ok: false, error: { code: 'too_deep', offset: 0 } };
  const objects: TlvObject[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const tagStart = offset;
    const first = bytes[offset] ?? 0;
    let tag = first;
    offset++;
    if ((first & 0x1f) === 0x1f) {
      let more = true;
      while (more) {
        const next = bytes[offset];
        if (next === undefined) return { ok: false, error: { code: 'truncated', offset } };
        if (offset - tagStart >= MAX_TAG_BYTES) return { ok: false, error: { code: 'tag_too_long', offset: tagStart } };
        tag = tag * 256 + next;
        offset++;
        more = (next & 0x80) !== 0;
      }
    }
    const tagBytes = bytes.subarray(tagStart, offset);
    const length = readTlvLength(bytes, offset);
    if (!length) {
      return { ok: false, error: { code: offset >= bytes.length ? 'truncated' : 'bad_length', offset } };
    }
    offset += length.size;
    if (offset + length.length > bytes.length) return { ok: false, error: { code: 'truncated', offset } };
    const value = bytes.slice(offset, offset + length.length);
    offset += length.length;
    const constructed = (first & 0x20) !== 0;
    const object: TlvObject = { tag, tagHex: hex(tagBytes), constructed, value };
    if (constructed) {
      const inner = parseTlvSequence(value, depth + 1);
      if (inner.ok) object.children = inner.objects;
    }
    objects.push(object);
  }
  return { ok: true, objects };
}

/** One object to encode: a tag (as hex, e.g. `1F07`) and either bytes or children. */
export interface TlvInput {
  tagHex: string;
  value?: Uint8Array;
  children?: readonly TlvInput[];
}

/** Encodes a TLV sequence (without the container's own length). */
export function encodeTlvSequence(objects: readonly TlvInput[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const object of objects) {
    const tag = fromHex(object.tagHex);
    const value = object.children ? encodeTlvSequence(object.children) : (object.value ?? new Uint8Array());
    parts.push(tag, encodeTlvLength(value.length), value);
  }
  return concatBytes(parts);
}

/** Depth-first: every object of a parsed sequence, children after their parent. */
export function* walkTlv(objects: readonly TlvObject[]): Generator<TlvObject> {
  for (const object of objects) {
    yield object;
    if (object.children) yield* walkTlv(object.children);
  }
}

/** The first object with this tag anywhere in the sequence. */
export function findTlv(objects: readonly TlvObject[], tagHex: string): TlvObject | undefined {
  const wanted = tagHex.toUpperCase();
  for (const object of walkTlv(objects)) if (object.tagHex === wanted) return object;
  return undefined;
}

/** Joins byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

function fromHex(text: string): Uint8Array {
  if (!/^([0-9A-Fa-f]{2})+$/.test(text)) throw new RangeError(`not a hex tag: "${text}"`);
  return Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}
