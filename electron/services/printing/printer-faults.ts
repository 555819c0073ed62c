import { cannotPrintBecause, type PrintFailure, type ReceiptPrinter } from '../../../drivers/printer/receipt-printer';
import { type ErrorCode, fail, type Result } from '../../../kiosk-config/src/index';

/** How a failed print reaches the UI: one code per driver failure, the same for every receipt. */
export const PRINT_FAILURE_CODES: Record<PrintFailure, ErrorCode> = {
  paper_out: 'printer_paper_out',
  cover_open: 'printer_cover_open',
  not_responding: 'printer_unavailable',
  error: 'printer_error',
};

/** What the visitor's call is answered with when the printer cannot print, by the reason. */
const NOT_READY: Record<PrintFailure, string> = {
  not_responding: 'the printer does not answer',
  paper_out: 'the printer is out of paper',
  cover_open: 'the printer cover is open',
  error: 'the printer reports an error or is off-line',
};

/**
 * Checks that a printer is there and says it can print, before anything is spent on a receipt
 * (a ticket number, a visitor's wait, a payment under the `reverse` policy). Returns the printer,
 * or the fault to answer with. The rule is the driver's (`cannotPrintBecause`): any state that
 * cannot print is refused here; only paper near its end still prints.
 */
export async function readyPrinter(printer: ReceiptPrinter | null): Promise<Result<ReceiptPrinter>> {
  if (!printer) return fail('printer_unavailable', 'no receipt printer is connected');
  const reason = cannotPrintBecause(await printer.status());
  if (reason !== null) return fail(PRINT_FAILURE_CODES[reason], NOT_READY[reason]);
  return { ok: true, value: printer };
}
