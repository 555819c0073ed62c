import type { ReceiptDocument } from '../../kiosk-config/src/receipt/receipt-document';

/** A condition a receipt printer reports through its real-time status. */
export type PrinterProblem = 'paper_out' | 'paper_near_end' | 'cover_open' | 'offline' | 'error' | 'not_responding';

/** What the printer said about itself at one moment. */
export interface PrinterStatus {
  /** The printer answered the status request at all. */
  responding: boolean;
  problems: PrinterProblem[];
}

/** Why a print did not happen; crosses IPC as data and reaches the visitor as a sentence. */
export type PrintFailure = 'paper_out' | 'cover_open' | 'not_responding' | 'error';

export type PrintResult = { ok: true } | { ok: false; reason: PrintFailure; detail: string };

/** A receipt printer as the services see it: ask its state, print a document. */
export interface ReceiptPrinter {
  readonly address: string;
  /** Queries the real-time status (DLE EOT); never throws. */
  status(): Promise<PrinterStatus>;
  /** Checks the printer can print, then sends the document; never throws for device faults. */
  print(document: ReceiptDocument): Promise<PrintResult>;
  close(): Promise<void>;
}
