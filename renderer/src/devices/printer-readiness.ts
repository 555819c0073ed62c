import type { DeviceStatus } from '../../../kiosk-config/src/index';

/** Why the ticket printer cannot print, in the terms the visitor is told about. */
export type PrinterFault = 'paper_out' | 'cover_open' | 'offline' | 'error';

/**
 * Whether a ticket can be printed now, as far as the device reports tell.
 *
 * `unknown` (no report yet, or no printer in it) does not block the visitor: the issue call
 * then says what is wrong, if anything.
 */
export type PrinterReadiness = { state: 'unknown' } | { state: 'ready' } | { state: 'faulty'; fault: PrinterFault };

/** Order in which faults are reported when a printer has several: the one staff fixes first. */
const faultOrder: PrinterFault[] = ['offline', 'cover_open', 'paper_out', 'error'];

function faultOf(printer: DeviceStatus): PrinterFault | null {
  const faults = new Set<PrinterFault>();
  if (!printer.connected) faults.add('offline');
  for (const problem of printer.problems) {
    if (problem === 'paper_out') faults.add('paper_out');
    else if (problem === 'cover_open') faults.add('cover_open');
    else if (problem === 'offline' || problem === 'not_responding') faults.add('offline');
    else if (problem === 'error') faults.add('error');
    // `paper_near_end` still prints: the technician is told, the visitor is not.
  }
  return faultOrder.find((fault) => faults.has(fault)) ?? null;
}

/** Reads the printers' state from a device report (`devices.status` / `devices.changed`). */
export function printerReadiness(devices: readonly DeviceStatus[] | null): PrinterReadiness {
  const printers = (devices ?? []).filter((device) => device.kind === 'printer');
  const first = printers[0];
  if (first === undefined) return { state: 'unknown' };
  if (printers.some((printer) => faultOf(printer) === null)) return { state: 'ready' };
  return { state: 'faulty', fault: faultOf(first) ?? 'error' };
}
