import type { PrinterStatus, PrintResult, ReceiptPrinter } from '../../../drivers/printer/receipt-printer';
import { ok, type ReceiptDocument } from '../../../kiosk-config/src/index';

/**
 * A printer that records documents, for the services' unit tests (tickets, status slips): the
 * real ESC/POS path is covered by the PTY and end-to-end tests.
 */
export class RecordingPrinter implements ReceiptPrinter {
  readonly address = 'test';
  readonly printed: ReceiptDocument[] = [];
  state: PrinterStatus = { responding: true, problems: [] };
  nextPrint: PrintResult = ok({ judgedBy: 'printer' });
  async status() {
    return this.state;
  }
  async print(document: ReceiptDocument) {
    if (this.nextPrint.ok) this.printed.push(document);
    return this.nextPrint;
  }
  async close() {}
}
