import type { Result } from '../../../kiosk-config/src/index';

/** Asks the receipt printer's status now and reports a change (`DeviceManager.refreshPrinterStatus`). */
export type RefreshPrinterStatus = () => Promise<unknown>;

/** Whether a call failed at the receipt printer (the `printer_*` codes; not the office A4 printer's). */
export function failedAtPrinter(result: Result<unknown>): boolean {
  return !result.ok && result.error.code.startsWith('printer_');
}

/**
 * Wraps a call that prints on the receipt printer (a ticket, a status slip, a payment receipt):
 * when it fails at the printer, the printer's state may have changed since the last poll, so it
 * is asked at once and the screen learns it without waiting for the poll. The answer is the
 * call's, given once the status is in.
 */
export function refreshingPrinterOnFailure<I, T>(
  call: (input: I) => Promise<Result<T>>,
  refreshPrinterStatus: RefreshPrinterStatus,
): (input: I) => Promise<Result<T>> {
  return async (input) => {
    const result = await call(input);
    if (failedAtPrinter(result)) await refreshPrinterStatus();
    return result;
  };
}
