import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readHexCapture } from '../../../test-support/hex-captures';
import { ApduStreamParser, decodeApdu, encodeApdu, type ZvtApdu } from './zvt-apdu';
import { parseEcrCommand } from './zvt-commands';
import { parsePtMessage } from './zvt-messages';
import {
  ACK,
  crcCcittKermit,
  DLE,
  encodeSerialFrame,
  frameCrc,
  NAK,
  type SerialEvent,
  SerialFrameParser,
} from './zvt-serial-framing';

const FRAMES = readHexCapture(`${import.meta.dirname}/../fixtures/serial-frames.hex`).records;
const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/), (pair) => Number.parseInt(pair, 16));
const toHex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join(' ')
    .toUpperCase();

/** The APDU a captured frame carries: between DLE STX and DLE ETX, DLE DLE read as one DLE. */
function unstuff(frame: Uint8Array): Uint8Array {
  const inner = Array.from(frame.subarray(2, frame.length - 4));
  const out: number[] = [];
  for (let i = 0; i < inner.length; i++) {
    out.push(inner[i] ?? 0);
    if (inner[i] === DLE) i++;
  }
  return Uint8Array.from(out);
}

const frames = (events: SerialEvent[]) =>
  events.filter((e) => e.type === 'frame').map((e) => e.type === 'frame' && e.apdu);

const apduArbitrary = fc.record({
  cls: fc.integer({ min: 0, max: 255 }),
  instr: fc.integer({ min: 0, max: 255 }),
  data: fc.uint8Array({ maxLength: 300 }),
});

/** Splits bytes into chunks at the given cut points. */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const at of points) {
    chunks.push(bytes.subarray(from, at));
    from = at;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

describe('CRC of the ZVT serial protocol', () => {
  it('is CRC-16/KERMIT: check value 0x2189 for "123456789"', () => {
    expect(crcCcittKermit(new TextEncoder().encode('123456789'))).toBe(0x2189);
  });

  it('matches every captured frame, over the unstuffed APDU and ETX, low byte first', () => {
    for (const frame of FRAMES) {
      const crc = frameCrc(unstuff(frame));
      expect([crc & 0xff, crc >> 8]).toEqual([frame[frame.length - 2], frame[frame.length - 1]]);
    }
  });
});

describe('encodeSerialFrame', () => {
  it('frames captured APDUs byte for byte (python-ecrterm captures), DLE doubled', () => {
    for (const frame of FRAMES) expect(toHex(encodeSerialFrame(unstuff(frame)))).toBe(toHex(frame));
    // The authorisation of 110.00 carries 0x10 in its amount: sent as 10 10.
    expect(toHex(encodeSerialFrame(hex('06 01 0A 04 00 00 00 01 10 00 49 09 78')))).toBe(
      '10 02 06 01 0A 04 00 00 00 01 10 10 00 49 09 78 10 03 F2 FF',
    );
    expect(toHex(encodeSerialFrame(hex('80 00 00')))).toBe('10 02 80 00 00 10 03 F5 1F');
  });
});

describe('SerialFrameParser', () => {
  it('reads the captured frames back, in one chunk and byte by byte', () => {
    const all = Uint8Array.from(FRAMES.flatMap((f) => Array.from(f)));
    const whole = frames(new SerialFrameParser().push(all));
    const parser = new SerialFrameParser();
    const bytewise = Array.from(all).flatMap((byte) => frames(parser.push(Uint8Array.of(byte))));
    expect(whole).toHaveLength(FRAMES.length);
    expect(bytewise).toEqual(whole);
    expect(whole[1]).toMatchObject({ cls: 0x06, instr: 0x01 });
    expect(whole[1] && toHex(encodeApdu(whole[1]))).toBe('06 01 0A 04 00 00 00 01 10 00 49 09 78');
  });

  it('tells ACK and NAK bytes between frames, and skips noise', () => {
    const parser = new SerialFrameParser();
    const events = parser.push(Uint8Array.from([0x41, ACK, 0x00, NAK, 0xff, ...(FRAMES[2] ?? []), ACK]));
    expect(events.map((e) => e.type)).toEqual(['ack', 'nak', 'frame', 'ack']);
    expect(parser.noiseBytes).toBe(3);
  });

  it('reports a frame with a wrong CRC, a lone DLE, or a restart, and reads the next frame', () => {
    const good = FRAMES[0] ?? new Uint8Array();
    const badCrc = good.slice();
    badCrc[badCrc.length - 1] = (good.at(-1) ?? 0) ^ 0x01;
    const parser = new SerialFrameParser();
    expect(parser.push(badCrc)).toEqual([{ type: 'bad_frame', reason: 'crc' }]);
    expect(parser.push(hex('10 02 06 00 10 41'))).toEqual([{ type: 'bad_frame', reason: 'dle' }]);
    // A sender that starts over mid-frame: DLE STX again.
    const restarted = parser.push(Uint8Array.from([0x10, 0x02, 0x06, 0x00, ...good]));
    expect(restarted.map((e) => e.type)).toEqual(['bad_frame', 'frame']);
  });

  it('reports a frame whose CRC matches but whose APDU length is wrong', () => {
    const apdu = hex('06 01 05 04 00');
    expect(new SerialFrameParser().push(encodeSerialFrame(apdu))).toEqual([{ type: 'bad_frame', reason: 'apdu' }]);
  });

  it('drops a frame longer than the limit', () => {
    const parser = new SerialFrameParser({ maxApduBytes: 8 });
    const events = parser.push(encodeSerialFrame(encodeApdu({ cls: 6, instr: 1, data: new Uint8Array(20) })));
    expect(events).toEqual([{ type: 'bad_frame', reason: 'too_long' }]);
  });

  it('fuzz: never throws on random chunks, and yields only frames that re-encode to their bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
        const parser = new SerialFrameParser();
        for (const chunk of chunks) {
          for (const event of parser.push(chunk)) {
            if (event.type !== 'frame') continue;
            const reencoded = encodeApdu(event.apdu);
            expect(reencoded).toEqual(event.bytes);
            expect(decodeApdu(reencoded).ok).toBe(true);
            // And the higher layers read whatever came through without throwing.
            parsePtMessage(event.apdu);
            parseEcrCommand(event.apdu);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('fuzz: round-trips random APDUs, split anywhere, after noise without DLE/ACK/NAK', () => {
    fc.assert(
      fc.property(
        fc.array(apduArbitrary, { minLength: 1, maxLength: 5 }),
        fc.uint8Array({ maxLength: 16 }).map((noise) => noise.filter((b) => b !== DLE && b !== ACK && b !== NAK)),
        fc.array(fc.nat(), { maxLength: 10 }),
        (apdus, noise, cuts) => {
          const stream = Uint8Array.from([
            ...noise,
            ...apdus.flatMap((a) => Array.from(encodeSerialFrame(encodeApdu(a)))),
          ]);
          const parser = new SerialFrameParser();
          const received = chunked(stream, cuts).flatMap((chunk) => parser.push(chunk));
          expect(received.every((e) => e.type === 'frame')).toBe(true);
          expect(frames(received)).toEqual(apdus.map((a: ZvtApdu) => ({ ...a, data: Uint8Array.from(a.data) })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fuzz: after any garbage, a frame sent again (as after a NAK) is found', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), apduArbitrary, (garbage, apdu) => {
        // Garbage may leave the parser inside a bogus frame, after a DLE, or reading a CRC: the
        // first copy may then be spoiled (the receiver NAKs it), the repeated copy is read.
        const frame = encodeSerialFrame(encodeApdu(apdu));
        const parser = new SerialFrameParser();
        const events = [...parser.push(garbage), ...parser.push(frame), ...parser.push(frame)];
        const found = frames(events);
        expect(found.length).toBeGreaterThanOrEqual(1);
        expect(found.at(-1)).toEqual({ ...apdu, data: Uint8Array.from(apdu.data) });
      }),
      { numRuns: 500 },
    );
  });
});

describe('ApduStreamParser (TCP/IP: raw APDUs)', () => {
  it('splits a stream into APDUs however it is chunked, extended lengths included', () => {
    fc.assert(
      fc.property(
        fc.array(apduArbitrary, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (apdus, cuts) => {
          const stream = Uint8Array.from(apdus.flatMap((a) => Array.from(encodeApdu(a))));
          const parser = new ApduStreamParser();
          const received = chunked(stream, cuts).flatMap((chunk) => parser.push(chunk));
          expect(received).toEqual(apdus.map((a) => ({ ...a, data: Uint8Array.from(a.data) })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on random bytes, and drops an APDU longer than it accepts', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }), (chunks) => {
        const parser = new ApduStreamParser({ maxApduBytes: 128 });
        for (const chunk of chunks) for (const apdu of parser.push(chunk)) parsePtMessage(apdu);
      }),
      { numRuns: 300 },
    );
    const parser = new ApduStreamParser({ maxApduBytes: 16 });
    expect(parser.push(hex('06 D3 FF 00 01'))).toEqual([]);
    expect(parser.dropped).toBe(1);
    expect(parser.push(hex('80 00 00'))).toEqual([{ cls: 0x80, instr: 0, data: new Uint8Array() }]);
  });
});
