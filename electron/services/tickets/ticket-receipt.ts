import type { ReceiptDocument } from '../../../kiosk-config/src/index';

/** What a printed queue ticket says. */
export interface TicketFace {
  officeName: string;
  number: string;
  serviceName: string;
  /** Wall-clock date and time in the office, e.g. `23.11.2026 10:45`. */
  issuedAt: string;
}

/**
 * The queue ticket as a receipt document: the number very large, then what and when.
 *
 * Native text commands only (no raster), so it prints fast over a 9600-baud serial line.
 */
export function ticketReceipt(face: TicketFace): ReceiptDocument {
  return {
    lines: [
      { type: 'text', text: face.officeName, align: 'center', bold: true },
      { type: 'rule' },
      { type: 'text', text: 'ТАЛОН', align: 'center' },
      { type: 'text', text: face.number, align: 'center', width: 3, height: 3, bold: true },
      { type: 'feed', lines: 1 },
      { type: 'text', text: face.serviceName, align: 'center' },
      { type: 'feed', lines: 1 },
      { type: 'text', text: face.issuedAt, align: 'center' },
      { type: 'text', text: 'Ожидайте вызова на табло', align: 'center' },
      { type: 'cut' },
    ],
  };
}
