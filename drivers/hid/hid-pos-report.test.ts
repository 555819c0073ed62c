import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePaymentQr } from '../codes/payment-qr';
import { readHexCaptures } from '../test-support/hex-captures';
import { HID_POS_LAYOUT, type HidPosLayout, NEWLAND_LAYOUT } from './hid-pos-profiles';
import {
  decodeHidPosReport,
  encodeHidPosReports,
  HidPosAssembler,
  type HidPosAssemblyResult,
  type HidPosScan,
} from './hid-pos-report';

// The captures are read by a Node test helper: this folder itself stays portable.
const captures = readHexCaptures(`${import.meta.dirname}/fixtures`);
const utf8 = new TextDecoder('utf-8');

function capture(name: string) {
  const found = captures.get(name);
  if (!found) throw new Error(`no fixture ${name}`);
  return found;
}

/** Feeds every report of a capture; returns the codes and the errors. */
function assemble(name: string, layout: HidPosLayout = HID_POS_LAYOUT) {
  const assembler = new HidPosAssembler({ layout });
  const results = capture(name)
    .records.map((report) => assembler.push(report))
    .filter((r): r is NonNullable<HidPosAssemblyResult> => r !== null);
  const scans = results.flatMap((r) => ('scan' in r ? [r.scan] : []));
  const errors = results.flatMap((r) => ('error' in r ? [r.error] : []));
  return { scans, errors };
}

describe('decodeHidPosReport', () => {
  it('reads the length, the AIM identifier, the vendor symbology and the continuation bit', () => {
    const [report] = capture('hid-pos-ean13.hex').records;
    const decoded = decodeHidPosReport(report ?? new Uint8Array());
    expect(decoded).toEqual({
      ok: true,
      report: { data: new TextEncoder().encode('4607001234567'), aim: ']E0', vendorSymbology: 0x64, more: false },
    });
  });

  it('sets `more` on every report of a continued code but the last', () => {
    const more = capture('hid-pos-qr-payment-utf8.hex').records.map((r) => {
      const decoded = decodeHidPosReport(r);
      return decoded.ok && decoded.report.more;
    });
    expect(more).toEqual([true, true, true, true, true, false]);
  });

  it('tells another report, a short one and an impossible length apart', () => {
    expect(decodeHidPosReport(Uint8Array.of(0x04, 0x02, 0x00))).toEqual({
      ok: false,
      error: { code: 'other_report', reportId: 4 },
    });
    expect(decodeHidPosReport(Uint8Array.of(0x02))).toEqual({
      ok: false,
      error: { code: 'report_too_short', length: 1 },
    });
    const tooLong = new Uint8Array(64);
    tooLong[0] = 0x02;
    tooLong[1] = 57;
    expect(decodeHidPosReport(tooLong)).toEqual({ ok: false, error: { code: 'bad_data_length', length: 57, max: 56 } });
  });

  it('reads a report shorter than 64 bytes as far as it goes', () => {
    expect(decodeHidPosReport(Uint8Array.of(0x02, 0x02, 0x5d, 0x51, 0x31, 0x41, 0x42))).toEqual({
      ok: true,
      report: { data: Uint8Array.of(0x41, 0x42), aim: ']Q1', more: false },
    });
  });

  it('leaves out an AIM field of zeros (a scanner set to send none)', () => {
    const [report] = encodeHidPosReports(Uint8Array.of(0x31, 0x32));
    const decoded = decodeHidPosReport(report ?? new Uint8Array());
    expect(decoded.ok && decoded.report.aim).toBeUndefined();
  });
});

describe('HidPosAssembler on the captures', () => {
  it('reads a one-report EAN-13 code', () => {
    const { scans, errors } = assemble('hid-pos-ean13.hex');
    expect(errors).toEqual([]);
    expect(scans.map((s) => ({ text: utf8.decode(s.bytes), aim: s.aim }))).toEqual([
      { text: '4607001234567', aim: ']E0' },
    ]);
  });

  it('joins a payment QR continued over six reports, and the Windows-1251 one over five', () => {
    const [plain] = assemble('hid-pos-qr-payment-utf8.hex').scans;
    const [cp1251] = assemble('hid-pos-qr-payment-cp1251.hex').scans;
    expect(plain?.aim).toBe(']Q1');
    expect(plain?.vendorSymbology).toBe(0x73);
    const fromUtf8 = parsePaymentQr(plain?.bytes ?? new Uint8Array());
    const fromCp1251 = parsePaymentQr(cp1251?.bytes ?? new Uint8Array());
    expect(fromUtf8.ok && fromUtf8.value).toMatchObject({
      name: 'УФК по Тамбовской области (МФЦ)',
      sumKopecks: 350000,
      purpose: 'Госпошлина за паспорт',
    });
    expect(fromCp1251.ok && { ...fromCp1251.value, charset: 'utf-8' }).toEqual(fromUtf8.ok && fromUtf8.value);
  });

  it('keeps the GS separators of a GS1 DataMatrix code', () => {
    const [scan] = assemble('hid-pos-gs1-datamatrix.hex').scans;
    expect(scan?.aim).toBe(']d2');
    expect(utf8.decode(scan?.bytes)).toBe(
      '0104600439931256215!&QdZxT3kP+X\u001d91EE06\u001d92dGVzdGNyeXB0b3RhaWxmb3Jva25vZml4dHVyZXMwMDA=',
    );
  });

  it('ignores an unrelated report between the parts of a code', () => {
    const { scans, errors } = assemble('hid-pos-interleaved.hex');
    expect(errors).toEqual([{ code: 'other_report', reportId: 4 }]);
    expect(scans.map((s) => utf8.decode(s.bytes))).toEqual([
      'Заявление № 2024-000123 принято в МФЦ с. Берёзовка, ответ придёт по SMS',
    ]);
  });

  it("reads Newland's layout, which has no AIM field", () => {
    const { scans } = assemble('newland-qr.hex', NEWLAND_LAYOUT);
    expect(scans).toEqual([
      {
        bytes: new TextEncoder().encode('https://okno.example/status?n=2024-000123&office=mfc-berezovka&check=7Q2x'),
        vendorSymbology: 0x51,
      },
    ]);
  });

  it('every capture is documented with what it expects', () => {
    for (const [name, { comments, records }] of captures) {
      expect(records.length, name).toBeGreaterThan(0);
      expect(
        comments.some((c) => c.startsWith('Expect:')),
        name,
      ).toBe(true);
    }
  });
});

describe('HidPosAssembler', () => {
  it('drops a code over the limit up to its last report, reports it once, then carries on', () => {
    const assembler = new HidPosAssembler({ maxBytes: 100 });
    const long = encodeHidPosReports(new Uint8Array(150).fill(0x41));
    const results = [...long, ...encodeHidPosReports(Uint8Array.of(0x42))].map((r) => assembler.push(r));
    expect(results).toEqual([
      null,
      { error: { code: 'code_too_long', maxBytes: 100 } },
      null,
      { scan: { bytes: Uint8Array.of(0x42) } },
    ]);
  });

  it('starts afresh after a broken report', () => {
    const assembler = new HidPosAssembler();
    const [first] = encodeHidPosReports(new Uint8Array(60).fill(0x41));
    assembler.push(first ?? new Uint8Array());
    expect(assembler.push(Uint8Array.of(0x02))).toEqual({ error: { code: 'report_too_short', length: 1 } });
    expect(assembler.push(encodeHidPosReports(Uint8Array.of(0x43))[0] ?? new Uint8Array())).toEqual({
      scan: { bytes: Uint8Array.of(0x43) },
    });
  });

  it('never throws on arbitrary reports, and never returns a code over the limit', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 80 }),
            // Mostly well-formed reports with arbitrary length and flag bytes: deeper paths.
            fc
              .tuple(fc.nat(255), fc.nat(255), fc.uint8Array({ minLength: 62, maxLength: 62 }))
              .map(([len, flag, rest]) => {
                const report = Uint8Array.of(0x02, len, ...rest);
                report[63] = flag;
                return report;
              }),
          ),
          { maxLength: 30 },
        ),
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom(HID_POS_LAYOUT, NEWLAND_LAYOUT),
        (reports, maxBytes, layout) => {
          const assembler = new HidPosAssembler({ maxBytes, layout });
          for (const report of reports) {
            const result = assembler.push(report);
            if (result && 'scan' in result) {
              expect(result.scan.bytes.length).toBeGreaterThan(0);
              expect(result.scan.bytes.length).toBeLessThanOrEqual(maxBytes);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reassembles any code from its reports, with other reports in between', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 400 }), { minLength: 1, maxLength: 5 }),
        fc.option(fc.constantFrom(']Q1', ']d2', ']E0')),
        fc.constantFrom(HID_POS_LAYOUT, NEWLAND_LAYOUT),
        (codes, aim, layout) => {
          const assembler = new HidPosAssembler({ layout });
          const scans: HidPosScan[] = [];
          for (const code of codes) {
            for (const report of encodeHidPosReports(code, { layout, ...(aim === null ? {} : { aim }) })) {
              assembler.push(Uint8Array.of(0x05, 0x01));
              const result = assembler.push(report);
              if (result && 'scan' in result) scans.push(result.scan);
            }
          }
          expect(scans.map((s) => s.bytes)).toEqual(codes);
          if (layout === HID_POS_LAYOUT && aim !== null) for (const scan of scans) expect(scan.aim).toBe(aim);
        },
      ),
      { numRuns: 300 },
    );
  });
});
