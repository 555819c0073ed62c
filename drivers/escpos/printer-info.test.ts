import { describe, expect, it } from 'vitest';
import { PRINTER_INFO, printerInfoAnswer, printerInfoRequest } from './escpos-commands';
import { EscPosInboundReader } from './escpos-inbound';
import { EscPosPaperDecoder } from './escpos-paper-decoder';

/** `GS I n` (transmit printer ID), the text functions: the request, the answer, reading both. */
describe('GS I: printer information', () => {
  it('asks with GS I n, n 65 firmware, 66 maker, 67 model', () => {
    expect([...printerInfoRequest(PRINTER_INFO.model)]).toEqual([0x1d, 0x49, 67]);
    expect([...printerInfoRequest(PRINTER_INFO.maker)]).toEqual([0x1d, 0x49, 66]);
    expect([...printerInfoRequest(PRINTER_INFO.firmware)]).toEqual([0x1d, 0x49, 65]);
  });

  it('answers with 5FH, the text and NUL; non-printable characters are left out', () => {
    expect([...printerInfoAnswer('TM-T20III')]).toEqual([0x5f, ...Buffer.from('TM-T20III'), 0]);
    expect([...printerInfoAnswer('a\u0000b\u00e9')]).toEqual([0x5f, 0x61, 0x62, 0]);
  });

  it('reads the answer on the line, split anywhere, among status bytes', () => {
    const reader = new EscPosInboundReader();
    const bytes = [0x12, ...printerInfoAnswer('10.01 ESC/POS'), 0x12];
    const events = [...reader.push(bytes.slice(0, 5)), ...reader.push(bytes.slice(5))];
    expect(events).toEqual([
      { type: 'realtime_status', byte: 0x12 },
      { type: 'printer_info', text: '10.01 ESC/POS' },
      { type: 'realtime_status', byte: 0x12 },
    ]);
  });

  it('takes a 5FH followed by a control byte for noise, and reads that byte afresh', () => {
    const reader = new EscPosInboundReader();
    expect(reader.push([0x5f, 0x12])).toEqual([
      { type: 'noise', byte: 0x5f },
      { type: 'realtime_status', byte: 0x12 },
    ]);
  });

  it('is decoded by the simulator side as a request, in order', () => {
    const decoder = new EscPosPaperDecoder();
    const events = decoder.push(Uint8Array.from([0x41, 0x0a, ...printerInfoRequest(67)]));
    expect(events.map((event) => event.type)).toEqual(['text', 'printer_info_request']);
    expect(events[1]).toEqual({ type: 'printer_info_request', n: 67 });
  });
});
