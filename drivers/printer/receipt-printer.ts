import type { Result } from '../../kiosk-config/src/contract/result';
import type { ReceiptDocument } from '../../kiosk-config/src/receipt/receipt-document';
import type { ErrorCause } from '../escpos/escpos-status';

/** A condition a receipt printer reports through its real-time status. */
export type PrinterProblem = 'paper_out' | 'paper_near_end' | 'cover_open' | 'offline' | 'error' | 'not_responding';

/** What the printer said about itself at one moment. */
export interface PrinterStatus {
  /** The printer answered the status request at all. */
  responding: boolean;
  problems: PrinterProblem[];
  /** Which errors lie behind 'error' (cutter jam, unrecoverable…), when the printer said. */
  errorCauses?: ErrorCause[];
}

/** Why a print did not happen; crosses IPC as data and reaches the visitor as a sentence. */
export type PrintFailure = 'paper_out' | 'cover_open' | 'not_responding' | 'error';

/**
 * Why a printer in this state cannot print, or null when it can: the one rule for "ready", used
 * before a job is sent and before anything is spent on a receipt (a ticket number, a payment).
 * Any state but a full roll or one near its end stops a printer: silence, no paper, an open
 * cover, an error, or off-line for any other reason (`DLE EOT 1` bit 3), all of which make it
 * hold what it receives instead of printing it.
 */
export function cannotPrintBecause(status: PrinterStatus): PrintFailure | null {
  if (!status.responding) return 'not_responding';
  const { problems } = status;
  if (problems.includes('paper_out')) return 'paper_out';
  if (problems.includes('cover_open')) return 'cover_open';
  if (problems.some((problem) => problem !== 'paper_near_end')) return 'error';
  return null;
}

/**
 * How far a failed job got, which decides whether its owner may print it again:
 * - `not_sent`: nothing reached the printer; printing again gives exactly one copy;
 * - `interrupted`: the printer stopped partway (paper out, cover open, error) and its buffers were
 *   cleared: the top of it may be on paper, the rest will never print by itself;
 * - `unconfirmed`: it was sent but the printer never said it printed it: it may be on paper
 *   whole, in part, or not at all. Printing again risks a second copy; ask a person.
 */
export type PrintProgress = 'not_sent' | 'interrupted' | 'unconfirmed';

/**
 * How a print was judged done. `printer`: the printer confirmed it (`GS r`). `status_poll`: the
 * printer cannot confirm jobs (profile `confirmsJobs: false`), so the job was sent and the status
 * polled after it showed no fault.
 */
export interface PrintConfirmation {
  judgedBy: 'printer' | 'status_poll';
}

/** What a failed print adds to its code and message: how far the job got, when known. */
export interface PrintFailureDetails {
  progress?: PrintProgress;
}

/**
 * The outcome of `ReceiptPrinter.print`: how it was judged printed, or why not (`code`), with a
 * message for the log and the job's `progress`.
 */
export type PrintResult = Result<PrintConfirmation, PrintFailure, PrintFailureDetails>;

/**
 * What a printer says it is (`GS I`): each item only when the printer answered it. A printer that
 * answers none gives `{}` (many clones do not implement the text functions).
 */
export interface PrinterIdentity {
  maker?: string;
  model?: string;
  firmware?: string;
}

/** A receipt printer as the services see it: ask its state, print a document. */
export interface ReceiptPrinter {
  readonly address: string;
  /** Queries the real-time status (DLE EOT); never throws. */
  status(): Promise<PrinterStatus>;
  /**
   * Checks the printer can print, sends the document and answers `ok` only once the
   * printer confirms it has printed it; never throws for device faults.
   */
  print(document: ReceiptDocument): Promise<PrintResult>;
  /** Asks the printer's maker, model and firmware version (ESC/POS `GS I`); never throws. */
  identify?(): Promise<PrinterIdentity>;
  close(): Promise<void>;
}
