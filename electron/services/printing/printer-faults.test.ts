import { describe, expect, it } from 'vitest';
import type { PrinterStatus } from '../../../drivers/printer/receipt-printer';
import { readyPrinter } from './printer-faults';
import { RecordingPrinter } from './recording-printer';

/** `readyPrinter` guards tickets, status slips and payments under the `reverse` policy alike. */
describe('readyPrinter', () => {
  const withState = (state: PrinterStatus) => {
    const printer = new RecordingPrinter();
    printer.state = state;
    return readyPrinter(printer);
  };

  it.each<[string, PrinterStatus, string]>([
    ['silent', { responding: false, problems: ['not_responding'] }, 'printer_unavailable'],
    ['out of paper', { responding: true, problems: ['paper_out'] }, 'printer_paper_out'],
    ['with its cover open', { responding: true, problems: ['cover_open'] }, 'printer_cover_open'],
    ['off-line (DLE EOT 1 bit 3, no cause)', { responding: true, problems: ['offline'] }, 'printer_error'],
    ['in error', { responding: true, problems: ['error'], errorCauses: ['cutter'] }, 'printer_error'],
    [
      'off-line with the roll near its end',
      { responding: true, problems: ['offline', 'paper_near_end'] },
      'printer_error',
    ],
  ])('refuses a printer %s', async (_, state, code) => {
    expect(await withState(state)).toMatchObject({ ok: false, error: { code } });
  });

  it('accepts a ready printer, and one whose roll is only near its end', async () => {
    expect(await withState({ responding: true, problems: [] })).toMatchObject({ ok: true });
    expect(await withState({ responding: true, problems: ['paper_near_end'] })).toMatchObject({ ok: true });
  });

  it('answers printer_unavailable when there is no printer', async () => {
    expect(await readyPrinter(null)).toMatchObject({ ok: false, error: { code: 'printer_unavailable' } });
  });
});
