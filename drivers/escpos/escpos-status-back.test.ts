import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EscPosInboundReader, type InboundEvent } from './escpos-inbound';
import { RealtimeCommandScanner } from './escpos-realtime-scanner';
import {
  buildAsbBlock,
  buildStatusByte,
  buildTransmitStatusByte,
  isAsbHeader,
  isStatusByte,
  isTransmitStatusByte,
  parseAsbBlock,
  parseErrorCause,
  parseTransmitStatus,
} from './escpos-status';

/** The answers that share the line with `DLE EOT`: automatic status back, `GS r`, buffer clears. */

describe('GS r 1 answers', () => {
  it('read near end from bits 0-1 and paper end from bits 2-3', () => {
    expect(parseTransmitStatus(0x00)).toEqual({ ok: true, flags: { nearEnd: false, paperOut: false }, problems: [] });
    expect(parseTransmitStatus(0x03)).toMatchObject({ problems: ['paper_near_end'] });
    expect(parseTransmitStatus(0x0c)).toMatchObject({ problems: ['paper_out'] });
    expect(parseTransmitStatus(0x12)).toEqual({ ok: false, error: { code: 'not_a_status_byte', byte: 0x12 } });
  });

  it('are never taken for a DLE EOT answer or an ASB header, and the reverse (all 256 bytes)', () => {
    for (let byte = 0; byte < 256; byte++) {
      const kinds = [isStatusByte(byte), isTransmitStatusByte(byte), isAsbHeader(byte)].filter(Boolean);
      expect(kinds.length, `byte ${byte}`).toBeLessThanOrEqual(1);
    }
  });

  it('round-trip through the builder', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), (paperOut, paperNearEnd) => {
        const parsed = parseTransmitStatus(buildTransmitStatusByte({ paperOut, paperNearEnd }));
        expect(parsed.ok && parsed.flags).toEqual({ paperOut, nearEnd: paperNearEnd });
      }),
    );
  });
});

describe('DLE EOT 3 with a cutter jam', () => {
  it('names the cutter', () => {
    const parsed = parseErrorCause(buildStatusByte(3, { cutterError: true }));
    expect(parsed.ok && parsed.flags).toMatchObject({ cutterError: true, unrecoverable: false });
  });
});

describe('automatic status back blocks', () => {
  it('read the cover (byte 1 bit 5), errors (byte 2) and the roll (byte 3), as Epson lays them out', () => {
    expect(parseAsbBlock([0x10, 0, 0, 0])).toMatchObject({ ok: true, status: { problems: [] } });
    expect(parseAsbBlock([0x38, 0, 0, 0])).toMatchObject({ ok: true, status: { coverOpen: true, offline: true } });
    expect(parseAsbBlock([0x18, 0x08, 0, 0])).toMatchObject({ ok: true, status: { errorCauses: ['cutter'] } });
    expect(parseAsbBlock([0x18, 0x20, 0, 0])).toMatchObject({ ok: true, status: { errorCauses: ['unrecoverable'] } });
    expect(parseAsbBlock([0x18, 0, 0x0c, 0])).toMatchObject({ ok: true, status: { paperOut: true } });
    expect(parseAsbBlock([0x10, 0, 0x03, 0])).toMatchObject({ ok: true, status: { problems: ['paper_near_end'] } });
  });

  it('refuse anything without the fixed bits', () => {
    expect(parseAsbBlock([0x12, 0, 0, 0]).ok).toBe(false);
    expect(parseAsbBlock([0x10, 0x10, 0, 0]).ok).toBe(false);
    expect(parseAsbBlock([0x10, 0, 0]).ok).toBe(false);
  });

  it('round-trip through the builder', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (paperOut, paperNearEnd, coverOpen, cutterError) => {
          const parsed = parseAsbBlock(buildAsbBlock({ paperOut, paperNearEnd, coverOpen, cutterError }));
          expect(parsed.ok && parsed.status).toMatchObject({
            paperOut,
            paperNearEnd,
            coverOpen,
            offline: paperOut || coverOpen || cutterError,
            errorCauses: cutterError ? ['cutter'] : [],
          });
        },
      ),
    );
  });
});

describe('EscPosInboundReader', () => {
  const kinds = (events: InboundEvent[]) => events.map((e) => e.type);

  it('tells DLE EOT answers, GS r answers, ASB blocks, buffer-clear blocks, XON/XOFF and noise apart', () => {
    const reader = new EscPosInboundReader({ asb: true });
    const events = reader.push([0x12, 0x00, 0x38, 0x00, 0x00, 0x00, 0x37, 0x25, 0x00, 0x13, 0x11, 0xff]);
    expect(kinds(events)).toEqual(['realtime_status', 'transmit_status', 'asb', 'block', 'flow', 'flow', 'noise']);
    expect(events[3]).toEqual({ type: 'block', identifier: 0x25, data: new Uint8Array(0) });
  });

  it('reads blocks split anywhere, byte by byte', () => {
    const reader = new EscPosInboundReader({ asb: true });
    const bytes = [0x30, 0x08, 0x0c, 0x00, 0x16, 0x37, 0x25, 0x00, 0x0c];
    const events = bytes.flatMap((b) => reader.push([b]));
    expect(kinds(events)).toEqual(['asb', 'realtime_status', 'block', 'transmit_status']);
  });

  it('lets XOFF interrupt an ASB block, as Epson allows', () => {
    const reader = new EscPosInboundReader({ asb: true });
    expect(kinds(reader.push([0x10, 0x00, 0x13, 0x00, 0x00]))).toEqual(['flow', 'asb']);
  });

  it('gives up a false ASB header at the first byte that cannot follow it, and reads that byte afresh', () => {
    const reader = new EscPosInboundReader({ asb: true });
    expect(kinds(reader.push([0x10, 0x00, 0x12]))).toEqual(['noise', 'noise', 'realtime_status']);
  });

  it('does not read ASB headers while ASB is off, so they cannot swallow the answers after them', () => {
    const reader = new EscPosInboundReader();
    expect(kinds(reader.push([0x10, 0x00, 0x00, 0x00]))).toEqual([
      'noise',
      'transmit_status',
      'transmit_status',
      'transmit_status',
    ]);
  });

  it('never throws and accounts for every byte of random input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, asb) => {
        const reader = new EscPosInboundReader({ asb });
        const events = [...reader.push(bytes), ...reader.reset()];
        const counted = events.reduce(
          (sum, e) => sum + (e.type === 'asb' ? 4 : e.type === 'block' ? e.data.length + 3 : 1),
          0,
        );
        expect(counted).toBe(bytes.length);
      }),
    );
  });
});

describe('RealtimeCommandScanner', () => {
  it('finds DLE EOT n and the buffer clear, with where each ended', () => {
    const scanner = new RealtimeCommandScanner();
    const hits = scanner.push([0x41, 0x10, 0x04, 0x02, 0x10, 0x14, 8, 1, 3, 20, 1, 6, 2, 8, 0x42]);
    expect(hits).toEqual([
      { command: { type: 'status_request', n: 2 }, end: 4 },
      { command: { type: 'clear_buffers' }, end: 14 },
    ]);
  });

  it('finds commands split across chunks, and ignores near misses', () => {
    const scanner = new RealtimeCommandScanner();
    expect(scanner.push([0x10])).toEqual([]);
    expect(scanner.push([0x04, 0x04])).toEqual([{ command: { type: 'status_request', n: 4 }, end: 2 }]);
    expect(scanner.push([0x10, 0x04, 0x05, 0x10, 0x14, 8, 1, 3, 20, 1, 6, 2, 9])).toEqual([]);
    expect(scanner.push([0x10, 0x10, 0x04, 0x01])).toEqual([{ command: { type: 'status_request', n: 1 }, end: 4 }]);
  });
});
