import type { PrintFailure, ReceiptPrinter } from '../../../drivers/printer/receipt-printer';
import { type ErrorCode, fail, type Result } from '../../../kiosk-config/src/index';

/** How a failed print reaches the UI: one code per driver failure, the same for every receipt. */
export const PRINT_FAILURE_CODES: Record<PrintFailure, ErrorCode> = {
  paper_out: 'printer_paper_out',
  cover_open: 'printer_cover_open',
  not_responding: 'printer_unavailable',
  error: 'printer_error',
};

/**
 * Checks that a printer is there and says it can print, before anything is spent on a receipt
 * (a ticket number, a visitor's wait). Returns the printer, or the fault to answer with.
 * Paper near its end still prints.
 */
export async function readyPrinter(printer: ReceiptPrinter | null): Promise<Result<ReceiptPrinter>> {
  if (!printer) return fail('printer_unavailable', 'no receipt printer is connected');
  const status = await printer.status();
  if (!status.responding) return fail('printer_unavailable', 'the printer does not answer');
  if (status.problems.includes('paper_out')) return fail('printer_paper_out', 'the printer is out of paper');
  if (status.problems.includes('cover_open')) return fail('printer_cover_open', 'the printer cover is open');
  return { ok: true, value: printer };
}
