import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DocumentRead, DocumentReaderFault } from '../document/document-reader';
import { RU_PASSPORT_SPECIMEN, TD3_SPECIMEN } from '../document/mrz-specimens';
import { FakeTransport } from '../transport/fake-transport';
import { SerialDocumentReader, type SerialDocumentReaderOptions } from './serial-document-reader';

const ascii = (text: string) => new TextEncoder().encode(text);
const today = () => new Date(2025, 5, 1);

function setUp(options: SerialDocumentReaderOptions & { maxReadSize?: number } = {}) {
  const { maxReadSize, ...readerOptions } = options;
  const transport = new FakeTransport(maxReadSize === undefined ? {} : { maxReadSize });
  const reader = new SerialDocumentReader(transport, { today, reconnectMs: 0, ...readerOptions });
  const reads: DocumentRead[] = [];
  const faults: DocumentReaderFault[] = [];
  reader.onDocument((read) => reads.push(read));
  reader.onFault((fault) => faults.push(fault));
  return { transport, reader, reads, faults };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SerialDocumentReader', () => {
  it('delivers documents arriving a byte at a time', async () => {
    const { transport, reader, reads, faults } = setUp({ maxReadSize: 1 });
    await reader.open();
    transport.emitData(ascii(`${TD3_SPECIMEN.join('\r')}\r\r${RU_PASSPORT_SPECIMEN.join('\r')}\r\r`));
    expect(reads.map((read) => read.document.documentNumber)).toEqual(['L898902C3', '4509123456']);
    expect(reads[1]?.document).toMatchObject({ cyrillic: { surname: 'ЧЕРНЫШЁВА' }, issueDate: '2015-07-20' });
    expect(faults).toEqual([]);
  });

  it('reads the framing it is set to', async () => {
    const { transport, reader, reads } = setUp({ framing: { lineTerminator: 'LF', documentTerminator: 'ETX' } });
    await reader.open();
    transport.emitData(ascii(`\u0002${TD3_SPECIMEN.join('\n')}\u0003`));
    expect(reads).toHaveLength(1);
  });

  it('delivers a confirmed OCR fix with the document', async () => {
    const { transport, reader, reads } = setUp();
    await reader.open();
    transport.emitData(ascii(`${TD3_SPECIMEN[0]}\r${TD3_SPECIMEN[1].replace('7408122', '74O8122')}\r\r`));
    expect(reads[0]?.corrections).toEqual([{ field: 'birthDate', line: 1, column: 15, read: 'O', corrected: '0' }]);
    expect(reads[0]?.document.birthDate).toBe('1974-08-12');
  });

  it('reports a rejected zone as a fault naming the code and field only', async () => {
    const { transport, reader, reads, faults } = setUp();
    await reader.open();
    transport.emitData(ascii(`${TD3_SPECIMEN[0]}\r${TD3_SPECIMEN[1].slice(0, 30)}\r\r`));
    transport.emitData(ascii(`${TD3_SPECIMEN[0]}\r${TD3_SPECIMEN[1].replace('L898902C36', 'L898902C35')}\r\r`));
    expect(reads).toEqual([]);
    expect(faults).toEqual([
      { code: 'mrz_rejected', error: { code: 'truncated' } },
      { code: 'mrz_rejected', error: { code: 'check_digit_failed', field: 'documentNumber' } },
    ]);
  });

  it('drops a document the reader leaves half-sent, and reads the next one', async () => {
    vi.useFakeTimers();
    const { transport, reader, reads, faults } = setUp({ documentTimeoutMs: 500 });
    await reader.open();
    transport.emitData(ascii(`${TD3_SPECIMEN[0]}\r${TD3_SPECIMEN[1].slice(0, 10)}`));
    vi.advanceTimersByTime(499);
    expect(faults).toEqual([]);
    transport.emitData(ascii(TD3_SPECIMEN[1].slice(10, 12)));
    // The silence counts from the last byte.
    vi.advanceTimersByTime(499);
    expect(faults).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(faults).toEqual([{ code: 'document_timeout', timeoutMs: 500 }]);
    transport.emitData(ascii(`${TD3_SPECIMEN.join('\r')}\r\r`));
    expect(reads).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reports an over-long document and a lost port', async () => {
    const { transport, reader, faults } = setUp({ maxDocumentBytes: 64, documentTimeoutMs: 0 });
    await reader.open();
    transport.emitData(ascii(`${TD3_SPECIMEN.join('')}\r\r`));
    transport.disconnect();
    expect(faults).toEqual([
      { code: 'document_too_long', maxBytes: 64 },
      { code: 'disconnected', message: 'fake://device was lost' },
    ]);
  });

  it('forgets half a document when the port is lost, and reopens it by itself', async () => {
    const { transport, reader, reads } = setUp({ reconnectMs: 10 });
    await reader.open();
    transport.emitData(ascii(`${TD3_SPECIMEN[0]}\r`));
    transport.disconnect();
    await vi.waitFor(() => expect(transport.isOpen).toBe(true), { timeout: 1000 });
    transport.emitData(ascii(`${TD3_SPECIMEN.join('\r')}\r\r`));
    expect(reads).toHaveLength(1);
    await reader.close();
    expect(transport.isOpen).toBe(false);
  });

  it('stops delivering to an unsubscribed listener and after close', async () => {
    const { transport, reader } = setUp();
    const reads: DocumentRead[] = [];
    const unsubscribe = reader.onDocument((read) => reads.push(read));
    await reader.open();
    transport.emitData(ascii(`${TD3_SPECIMEN.join('\r')}\r\r`));
    unsubscribe();
    transport.emitData(ascii(`${TD3_SPECIMEN.join('\r')}\r\r`));
    expect(reads).toHaveLength(1);
    await reader.close();
    expect(transport.isOpen).toBe(false);
  });
});
