import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeTransport } from '../transport/fake-transport';
import type { ScannedCode } from './barcode-scanner';
import { type ScannerFault, SerialScanner } from './serial-scanner';

const utf8 = (text: string) => new TextEncoder().encode(text);
/** The text and symbology of a code (its bytes are the framer's tests' business). */
const withoutBytes = ({ bytes: _bytes, ...code }: ScannedCode): ScannedCode => code;

describe('SerialScanner', () => {
  it('opens its transport and delivers codes arriving a byte at a time', async () => {
    const transport = new FakeTransport({ maxReadSize: 1 });
    const scanner = new SerialScanner(transport, { suffix: 'CRLF' });
    const codes: ScannedCode[] = [];
    scanner.onScan((code) => codes.push(withoutBytes(code)));
    await scanner.open();
    expect(transport.isOpen).toBe(true);
    transport.emitData(utf8(']Q1Заявка 2024-0001\r\n4607001234567\r\n'));
    expect(codes).toEqual([{ text: 'Заявка 2024-0001', symbology: ']Q1' }, { text: '4607001234567' }]);
  });

  it('stops delivering to an unsubscribed listener', async () => {
    const transport = new FakeTransport();
    const scanner = new SerialScanner(transport, { suffix: 'CR' });
    const codes: ScannedCode[] = [];
    const unsubscribe = scanner.onScan((code) => codes.push(withoutBytes(code)));
    await scanner.open();
    transport.emitData(utf8('1\r'));
    unsubscribe();
    transport.emitData(utf8('2\r'));
    expect(codes).toEqual([{ text: '1' }]);
  });

  it('reports a lost port and an oversized frame as faults', async () => {
    const transport = new FakeTransport();
    const scanner = new SerialScanner(transport, { suffix: 'CR', maxFrameBytes: 8, reconnectMs: 0 });
    const faults: ScannerFault[] = [];
    scanner.onFault((fault) => faults.push(fault));
    await scanner.open();
    transport.emitData(utf8('0123456789\r'));
    transport.disconnect();
    expect(faults).toEqual([
      { code: 'frame_too_long', maxBytes: 8 },
      { code: 'disconnected', message: 'fake://device was lost' },
    ]);
  });

  it('forgets half a code when the port is lost, and works after reopening', async () => {
    const transport = new FakeTransport();
    const scanner = new SerialScanner(transport, { suffix: 'CR', reconnectMs: 0 });
    const codes: ScannedCode[] = [];
    scanner.onScan((code) => codes.push(withoutBytes(code)));
    await scanner.open();
    transport.emitData(utf8('half'));
    transport.disconnect();
    await scanner.open();
    transport.emitData(utf8('whole\r'));
    expect(codes).toEqual([{ text: 'whole' }]);
    await scanner.close();
    expect(transport.isOpen).toBe(false);
  });

  it('reopens a lost port by itself, retrying until the device is back', async () => {
    const transport = new FakeTransport();
    const scanner = new SerialScanner(transport, { suffix: 'CR', reconnectMs: 10 });
    const codes: ScannedCode[] = [];
    scanner.onScan((code) => codes.push(withoutBytes(code)));
    await scanner.open();
    transport.openError = new Error('ENOENT: no such file or directory');
    transport.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(transport.isOpen).toBe(false);
    transport.openError = null;
    await vi.waitFor(() => expect(transport.isOpen).toBe(true), { timeout: 1000 });
    expect(transport.openCount).toBe(2);
    transport.emitData(utf8('back\r'));
    expect(codes).toEqual([{ text: 'back' }]);
    await scanner.close();
  });

  it('does not reopen after close', async () => {
    const transport = new FakeTransport();
    const scanner = new SerialScanner(transport, { suffix: 'CR', reconnectMs: 10 });
    await scanner.open();
    transport.disconnect();
    await scanner.close();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(transport.isOpen).toBe(false);
    expect(transport.openCount).toBe(1);
  });

  describe('with silence framing', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('delivers a code once the line has been quiet for the gap', async () => {
      vi.useFakeTimers();
      const transport = new FakeTransport();
      const scanner = new SerialScanner(transport, {
        framing: { kind: 'silence', silenceMs: 40 },
        charset: 'windows-1251',
        prefix: '\u0002',
        clock: () => Date.now(),
      });
      const codes: ScannedCode[] = [];
      scanner.onScan((code) => codes.push(withoutBytes(code)));
      await scanner.open();
      transport.emitData(Uint8Array.of(0x02, 0xc0, 0x2d));
      await vi.advanceTimersByTimeAsync(20);
      transport.emitData(Uint8Array.of(0x31));
      await vi.advanceTimersByTimeAsync(39);
      expect(codes).toEqual([]);
      await vi.advanceTimersByTimeAsync(2);
      expect(codes).toEqual([{ text: 'А-1' }]);
      await scanner.close();
    });

    it('forgets a partial code when the port is lost, and stops its timer on close', async () => {
      vi.useFakeTimers();
      const transport = new FakeTransport();
      const scanner = new SerialScanner(transport, {
        framing: { kind: 'silence', silenceMs: 40 },
        reconnectMs: 0,
        clock: () => Date.now(),
      });
      const codes: ScannedCode[] = [];
      scanner.onScan((code) => codes.push(code));
      await scanner.open();
      transport.emitData(utf8('half'));
      transport.disconnect();
      await vi.advanceTimersByTimeAsync(100);
      expect(codes).toEqual([]);
      await scanner.open();
      transport.emitData(utf8('late'));
      await scanner.close();
      expect(vi.getTimerCount()).toBe(0);
    });
  });
});
