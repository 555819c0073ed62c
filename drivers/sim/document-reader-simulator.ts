import type { DocumentFraming, MrzLineTerminator } from '../document/document-framing';
import type { ByteTransport } from '../transport/byte-transport';
import { SerialTransport } from '../transport/serial-transport';
import { createPtyPair } from './pty-pair';
import { startOnPtyPair } from './simulator-on-pty';

/** The bytes each line terminator setting sends. */
const LINE_END: Readonly<Record<MrzLineTerminator, string>> = { CR: '\r', CRLF: '\r\n', LF: '\n' };
const STX = '\u0002';
const ETX = '\u0003';

/** What a reader's OCR confuses: each character and the one it is misread as. */
const LOOK_ALIKES: Readonly<Record<string, string>> = { '0': 'O', O: '0', '1': 'I', I: '1', '8': 'B', B: '8' };

/** A fault the simulated reader commits on one document, on command. */
export type SimulatedReadFault =
  /**
   * OCR misreads: each listed character (line and column from 0) is sent as `char`, by default
   * its look-alike (0↔O, 1↔I, 8↔B), else `?`.
   */
  | { kind: 'garble'; at: ReadonlyArray<{ line: number; column: number; char?: string }> }
  /** The zone is cut after this many characters (line terminators not counted), then ended as usual. */
  | { kind: 'truncate'; afterChars: number }
  /** The reader sends this many characters and then nothing more, as if it hung mid-document. */
  | { kind: 'stall'; afterChars: number };

/** Options of one simulated read. */
export interface PresentOptions {
  fault?: SimulatedReadFault;
}

/**
 * A serial passport/ID reader simulated on the far end of a byte transport (usually a PTY): each
 * `present()` sends a document's MRZ lines as such a reader does, each line ended by the configured
 * terminator and the document by a blank line or, in `ETX` framing, wrapped in STX…ETX.
 */
export class DocumentReaderSimulator {
  constructor(
    private readonly transport: ByteTransport,
    private readonly framing: DocumentFraming,
  ) {}

  /** Opens the transport. */
  async start(): Promise<void> {
    await this.transport.open();
  }

  /** "Reads" a document placed on the reader: sends its zone lines, committing `fault` if given. */
  async present(lines: readonly string[], options: PresentOptions = {}): Promise<void> {
    const fault = options.fault;
    let zone = fault?.kind === 'garble' ? garble(lines, fault.at) : [...lines];
    const stalls = fault?.kind === 'stall';
    if (fault?.kind === 'truncate' || fault?.kind === 'stall') zone = cut(zone, fault.afterChars);
    const lineEnd = LINE_END[this.framing.lineTerminator];
    const etx = this.framing.documentTerminator === 'ETX';
    let text = etx ? STX : '';
    text += zone.join(lineEnd);
    if (!stalls) text += etx ? `${lineEnd}${ETX}` : `${lineEnd}${lineEnd}`;
    await this.transport.write(new TextEncoder().encode(text));
  }

  /** Sends raw bytes, for tests of noise and broken frames. */
  async sendRaw(bytes: Uint8Array): Promise<void> {
    await this.transport.write(bytes);
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}

function garble(lines: readonly string[], at: Extract<SimulatedReadFault, { kind: 'garble' }>['at']): string[] {
  const chars = lines.map((line) => line.split(''));
  for (const { line, column, char } of at) {
    const row = chars[line];
    const original = row?.[column];
    if (row && original !== undefined) row[column] = char ?? LOOK_ALIKES[original] ?? '?';
  }
  return chars.map((row) => row.join(''));
}

/** The zone's first `count` characters, as lines (the last one possibly short). */
function cut(lines: readonly string[], count: number): string[] {
  const kept: string[] = [];
  let left = Math.max(0, count);
  for (const line of lines) {
    if (left <= 0) break;
    kept.push(line.slice(0, left));
    left -= line.length;
  }
  return kept;
}

/** A simulated document reader on a fresh PTY pair: the driver opens `devicePath`. */
export interface SimulatedDocumentReader {
  /** The path the kiosk's document reader driver opens. */
  devicePath: string;
  simulator: DocumentReaderSimulator;
  /** Closes the simulator and stops socat. Close the driver's side first. */
  close(): Promise<void>;
}

/**
 * Starts a simulated serial document reader: a socat PTY pair, the simulator on one end through
 * the real serialport package. Point a `SerialDocumentReader` over a `SerialTransport` at
 * `devicePath`, with the same framing.
 */
export async function startSimulatedDocumentReader(framing: DocumentFraming): Promise<SimulatedDocumentReader> {
  const pair = await createPtyPair();
  const simulator = new DocumentReaderSimulator(new SerialTransport({ path: pair.simulatorPath }), framing);
  return startOnPtyPair(pair, simulator, 'document_reader');
}
