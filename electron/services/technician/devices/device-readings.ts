import { symbologyOfAim } from '../../../../drivers/codes/aim';
import type { DocumentRead, DocumentReaderFault } from '../../../../drivers/document/document-reader';
import type { ScannedCode } from '../../../../drivers/scanner/barcode-scanner';
import type { TechnicianDeviceView } from '../../../../kiosk-config/src/index';
import { NextReading } from './next-reading';

/** A document test's reading: a document (its layout only is ever used) or a fault of the reader. */
export type DocumentReading = { read: DocumentRead } | { fault: DocumentReaderFault };

/**
 * Where the scanner's codes and the reader's documents go first: to a technician's test while one
 * waits (and then nowhere else: not to `scanner.scanned`, not into a visitor's session), else on
 * to the visitor's screen as always. It remembers the last code read while the technician mode
 * was open, without its text, for the «Устройства» page; a visitor's scan is never remembered.
 */
export class DeviceReadings {
  readonly scans = new NextReading<ScannedCode>();
  readonly documents = new NextReading<DocumentReading>();
  #lastScan: TechnicianDeviceView['lastScan'];
  #technicianOpen = false;

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** The technician mode opened or ended (`technician.changed`): at its end, waiting tests end and the last scan is forgotten. */
  technicianChanged(open: boolean): void {
    this.#technicianOpen = open;
    if (open) return;
    this.scans.cancel();
    this.documents.cancel();
    this.#lastScan = undefined;
  }

  /** A code a scanner read: true when a technician's test took it (do not pass it on). */
  takeScan(code: ScannedCode): boolean {
    if (this.#technicianOpen) {
      const symbology = code.symbology === undefined ? undefined : symbologyOfAim(code.symbology);
      this.#lastScan = {
        ...(code.symbology === undefined ? {} : { aim: code.symbology }),
        ...(symbology === undefined ? {} : { symbology }),
        length: Array.from(code.text).length,
        at: this.now().toISOString(),
      };
    }
    return this.#technicianOpen && this.scans.offer(code);
  }

  /** A document the reader read: true when a technician's test took it (keep it nowhere). */
  takeDocument(read: DocumentRead): boolean {
    return this.#technicianOpen && this.documents.offer({ read });
  }

  /** A fault of the reader: true when a technician's test took it. */
  takeDocumentFault(fault: DocumentReaderFault): boolean {
    return this.#technicianOpen && this.documents.offer({ fault });
  }

  /** The last code read while the technician mode was open (symbology, length, when), if any. */
  get lastScan(): TechnicianDeviceView['lastScan'] {
    return this.#lastScan;
  }
}
