import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildStatusByte,
  isStatusByte,
  parseErrorCause,
  parseOfflineCause,
  parsePaperSensor,
  parsePrinterStatus,
  parseStatusByte,
} from './escpos-status';

describe('isStatusByte', () => {
  it('accepts bytes with bit 1 and bit 4 set and bits 0 and 7 clear', () => {
    expect(isStatusByte(0x12)).toBe(true);
    expect(isStatusByte(0x7e)).toBe(true);
  });

  it.each([
    [0x00, 'nothing set'],
    [0x13, 'bit 0 set'],
    [0x10, 'bit 1 clear'],
    [0x02, 'bit 4 clear'],
    [0x92, 'bit 7 set'],
    [0xff, 'everything set'],
    [0x11, 'XON'],
  ])('rejects byte %i (%s)', (byte) => {
    expect(isStatusByte(byte)).toBe(false);
  });

  it('rejects values that are not bytes', () => {
    expect(isStatusByte(0x112)).toBe(false);
    expect(isStatusByte(-1)).toBe(false);
    expect(isStatusByte(18.5)).toBe(false);
  });
});

describe('DLE EOT 1: printer status', () => {
  it('reads online and offline', () => {
    expect(parsePrinterStatus(0x12)).toMatchObject({ ok: true, problems: [] });
    expect(parsePrinterStatus(0x1a)).toMatchObject({ ok: true, flags: { offline: true }, problems: ['offline'] });
  });

  it('reads the drawer pin and the feed button without calling them problems', () => {
    expect(parsePrinterStatus(0x56)).toEqual({
      ok: true,
      flags: { drawerPinHigh: true, offline: false, waitingForRecovery: false, feedButtonPressed: true },
      problems: [],
    });
  });
});

describe('DLE EOT 2: offline cause', () => {
  it.each([
    [0x16, ['cover_open']],
    [0x32, ['paper_out']],
    [0x52, ['error']],
    [0x76, ['cover_open', 'paper_out', 'error']],
    [0x12, []],
  ])('byte %i → %j', (byte, problems) => {
    expect(parseOfflineCause(byte)).toMatchObject({ ok: true, problems });
  });

  it('reads paper fed by the button as a flag, not a problem', () => {
    expect(parseOfflineCause(0x1a)).toMatchObject({ ok: true, flags: { feedingByButton: true }, problems: [] });
  });
});

describe('DLE EOT 3: error cause', () => {
  it('reports a cutter error', () => {
    expect(parseErrorCause(0x1a)).toMatchObject({ ok: true, flags: { cutterError: true }, problems: ['error'] });
    expect(parseErrorCause(0x12)).toMatchObject({ ok: true, problems: [] });
  });
});

describe('DLE EOT 4: paper roll sensor', () => {
  it.each([
    [0x12, []],
    [0x1e, ['paper_near_end']],
    [0x16, ['paper_near_end']],
    [0x1a, ['paper_near_end']],
    [0x72, ['paper_out']],
    [0x32, ['paper_out']],
    [0x52, ['paper_out']],
    [0x7e, ['paper_out', 'paper_near_end']],
  ])('byte %i → %j', (byte, problems) => {
    expect(parsePaperSensor(byte)).toMatchObject({ ok: true, problems });
  });
});

describe('bytes that are not status bytes', () => {
  it('are a typed error naming the byte, for every request', () => {
    for (const kind of [1, 2, 3, 4] as const) {
      expect(parseStatusByte(kind, 0x00)).toEqual({ ok: false, error: { code: 'not_a_status_byte', byte: 0 } });
    }
    expect(parsePaperSensor(0xff)).toEqual({ ok: false, error: { code: 'not_a_status_byte', byte: 0xff } });
  });

  it('never parse as a state, and status bytes always do (all 256 bytes)', () => {
    for (let byte = 0; byte < 256; byte++) {
      const valid = (byte & 0x93) === 0x12;
      for (const kind of [1, 2, 3, 4] as const) expect(parseStatusByte(kind, byte).ok).toBe(valid);
    }
  });
});

describe('buildStatusByte', () => {
  it('builds bytes the parsers read back as the same condition', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (paperOut, paperNearEnd, coverOpen) => {
        const condition = { paperOut, paperNearEnd, coverOpen };
        const printer = parsePrinterStatus(buildStatusByte(1, condition));
        const cause = parseOfflineCause(buildStatusByte(2, condition));
        const paper = parsePaperSensor(buildStatusByte(4, condition));
        expect(printer.ok && printer.flags.offline).toBe(paperOut || coverOpen);
        expect(cause.ok && cause.flags).toMatchObject({ coverOpen, paperEndStop: paperOut, error: false });
        expect(paper.ok && paper.flags).toEqual({ nearEnd: paperNearEnd, paperOut });
      }),
    );
  });

  it('reports a printer off-line with no cause by DLE EOT 1 bit 3 alone', () => {
    const offline = { offline: true };
    expect(parsePrinterStatus(buildStatusByte(1, offline))).toMatchObject({ ok: true, problems: ['offline'] });
    expect(parseOfflineCause(buildStatusByte(2, offline))).toMatchObject({ ok: true, problems: [] });
    expect(parsePaperSensor(buildStatusByte(4, offline))).toMatchObject({ ok: true, problems: [] });
  });
});
