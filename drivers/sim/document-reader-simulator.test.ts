import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentFraming } from '../document/document-framing';
import type { DocumentRead, DocumentReaderFault } from '../document/document-reader';
import { RU_PASSPORT_SPECIMEN, TD3_SPECIMEN } from '../document/mrz-specimens';
import { SerialDocumentReader } from '../scanner/serial-document-reader';
import { within } from '../test-support/within';
import { SerialTransport } from '../transport/serial-transport';
import { startSimulatedDocumentReader } from './document-reader-simulator';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const DEFAULT_FRAMING: DocumentFraming = { lineTerminator: 'CR', documentTerminator: 'blank-line' };

async function setUp(framing: DocumentFraming = DEFAULT_FRAMING, documentTimeoutMs = 2000) {
  const sim = await startSimulatedDocumentReader(framing);
  cleanups.push(() => sim.close());
  const reader = new SerialDocumentReader(new SerialTransport({ path: sim.devicePath }), {
    framing,
    documentTimeoutMs,
    today: () => new Date(2025, 5, 1),
  });
  cleanups.push(() => reader.close());
  await reader.open();
  return { simulator: sim.simulator, reader };
}

function next<T>(subscribe: (listener: (value: T) => void) => () => void, count: number, what: string): Promise<T[]> {
  const values: T[] = [];
  return within(
    new Promise((resolve) => {
      const unsubscribe = subscribe((value) => {
        values.push(value);
        if (values.length === count) {
          unsubscribe();
          resolve(values);
        }
      });
    }),
    3000,
    what,
  );
}

const nextDocuments = (reader: SerialDocumentReader, count: number) =>
  next<DocumentRead>((listener) => reader.onDocument(listener), count, `${count} documents`);
const nextFault = async (reader: SerialDocumentReader) =>
  (await next<DocumentReaderFault>((listener) => reader.onFault(listener), 1, 'a fault'))[0];

describe('SerialDocumentReader ↔ DocumentReaderSimulator over a PTY', () => {
  it.each<DocumentFraming>([
    { lineTerminator: 'CR', documentTerminator: 'blank-line' },
    { lineTerminator: 'CRLF', documentTerminator: 'blank-line' },
    { lineTerminator: 'CR', documentTerminator: 'ETX' },
    { lineTerminator: 'LF', documentTerminator: 'ETX' },
  ])('delivers a passport and a Russian internal passport (%o)', async (framing) => {
    const { simulator, reader } = await setUp(framing);
    const received = nextDocuments(reader, 2);
    await simulator.present(TD3_SPECIMEN);
    await simulator.present(RU_PASSPORT_SPECIMEN);
    const [passport, internal] = await received;
    expect(passport).toMatchObject({
      document: { format: 'TD3', documentNumber: 'L898902C3', surname: 'ERIKSSON', birthDate: '1974-08-12' },
      corrections: [],
    });
    expect(internal).toMatchObject({
      document: {
        format: 'RU_INTERNAL_PASSPORT',
        series: '4509',
        number: '123456',
        issueDate: '2015-07-20',
        departmentCode: '770-093',
        cyrillic: { surname: 'ЧЕРНЫШЁВА', givenName: 'ЮЛИЯ', patronymic: 'ВЯЧЕСЛАВОВНА' },
      },
      corrections: [],
    });
  });

  it('delivers a document whose garbled character a check digit fixes', async () => {
    const { simulator, reader } = await setUp();
    const received = nextDocuments(reader, 1);
    // The series' third digit, 0, misread as O.
    await simulator.present(RU_PASSPORT_SPECIMEN, { fault: { kind: 'garble', at: [{ line: 1, column: 2 }] } });
    expect(await received).toEqual([
      expect.objectContaining({
        document: expect.objectContaining({ series: '4509', number: '123456' }),
        corrections: [{ field: 'documentNumber', line: 1, column: 2, read: 'O', corrected: '0' }],
      }),
    ]);
  });

  it('reports a garbled character no check digit can fix', async () => {
    const { simulator, reader } = await setUp();
    const fault = nextFault(reader);
    await simulator.present(TD3_SPECIMEN, { fault: { kind: 'garble', at: [{ line: 1, column: 16, char: '#' }] } });
    expect(await fault).toEqual({ code: 'mrz_rejected', error: { code: 'check_digit_failed', field: 'birthDate' } });
  });

  it('reports a truncated document as a fault, then reads the next one', async () => {
    const { simulator, reader } = await setUp();
    const fault = nextFault(reader);
    await simulator.present(TD3_SPECIMEN, { fault: { kind: 'truncate', afterChars: 60 } });
    expect(await fault).toEqual({ code: 'mrz_rejected', error: { code: 'truncated' } });
    const received = nextDocuments(reader, 1);
    await simulator.present(TD3_SPECIMEN);
    expect((await received)[0]?.document.documentNumber).toBe('L898902C3');
  });

  it('reports a reader that stops mid-document as a timeout, then reads the next one', async () => {
    const { simulator, reader } = await setUp({ lineTerminator: 'CR', documentTerminator: 'ETX' }, 300);
    const fault = nextFault(reader);
    await simulator.present(RU_PASSPORT_SPECIMEN, { fault: { kind: 'stall', afterChars: 50 } });
    expect(await fault).toEqual({ code: 'document_timeout', timeoutMs: 300 });
    const received = nextDocuments(reader, 1);
    await simulator.present(RU_PASSPORT_SPECIMEN);
    expect((await received)[0]?.document.documentNumber).toBe('4509123456');
  });
});
