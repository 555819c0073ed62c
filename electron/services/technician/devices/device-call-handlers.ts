import { symbologyOfAim } from '../../../../drivers/codes/aim';
import { classifyCode } from '../../../../drivers/codes/code-classifier';
import type { PaymentTerminal } from '../../../../drivers/payment/payment-terminal';
import type { ReceiptPrinter } from '../../../../drivers/printer/receipt-printer';
import {
  type CloseDayOutcome,
  ok,
  type PrinterProfile,
  type TerminalDiagnosisOutcome,
  type TestDocumentOutcome,
  type TestScanOutcome,
} from '../../../../kiosk-config/src/index';
import type { CallHandlers } from '../../api/call-dispatcher';
import type { EndOfDayResult } from '../../payments/payment-service';
import { documentKind } from '../../session/visitor-document';
import type { TechnicianAudit } from '../technician-audit';
import type { DeviceReadings } from './device-readings';
import type { DevicesPage } from './devices-page';
import { printTestPage, type TestPagePlace } from './test-page';

/** The terminal's status, then its own diagnosis where it has one (ZVT 06 70). */
async function diagnose(terminal: PaymentTerminal): Promise<TerminalDiagnosisOutcome> {
  const status = await terminal.status();
  if (!status.ready) return { outcome: 'not_ready', reason: status.reason.slice(0, 200) };
  const terminalId = status.terminalId === undefined ? {} : { terminalId: status.terminalId.slice(0, 40) };
  const diagnosis = await terminal.diagnosis?.();
  if (diagnosis?.outcome === 'failed') {
    return { outcome: 'not_ready', ...terminalId, reason: `diagnosis: ${diagnosis.reason}`.slice(0, 200) };
  }
  const slip = diagnosis?.slip.slice(0, 40).map((line) => line.slice(0, 80));
  return { outcome: 'ready', ...terminalId, ...(slip === undefined ? {} : { slip }) };
}

/** The calls of the «Устройства» page. */
type DeviceCallName =
  | 'technician.devices'
  | 'technician.testPrint'
  | 'technician.testScan'
  | 'technician.terminalDiagnosis'
  | 'technician.closeDay'
  | 'technician.testDocumentReader';

/** What the «Устройства» page's calls act on. */
export interface TechnicianDeviceServices {
  page: Pick<DevicesPage, 'view'>;
  readings: Pick<DeviceReadings, 'scans' | 'documents'>;
  /** The receipt printer while attached and connected. */
  printer: () => ReceiptPrinter | null;
  /** The configured printer's profile (null when none is configured or it cannot be read). */
  printerProfile: () => Promise<PrinterProfile | null>;
  place: TestPagePlace;
  /** Whether a passport/ID reader is configured. */
  documentReaderConfigured: boolean;
  /** The card terminal once attached, and asking its status anew for the devices list. */
  terminal: () => PaymentTerminal | null;
  refreshTerminal: () => Promise<unknown>;
  /** Closes the terminal's day: the same path as the centre's command `terminal.closeDay`. */
  closeDay: () => Promise<EndOfDayResult>;
  audit: TechnicianAudit;
}

/**
 * The «Устройства» page's calls. Each action records itself in the technician audit with its
 * outcome only: never a scanned code's text or a document's field.
 */
export function technicianDeviceCallHandlers(services: TechnicianDeviceServices): Pick<CallHandlers, DeviceCallName> {
  const { audit } = services;
  return {
    'technician.devices': async () => ok(await services.page.view()),

    'technician.testPrint': async () => {
      const printer = services.printer();
      const profile = await services.printerProfile();
      if (!printer || !profile) {
        audit.record('device.test_print', { outcome: 'no_printer' });
        return ok({ outcome: 'no_printer', identity: {} });
      }
      const printed = await printTestPage({ printer, profile, ...services.place });
      audit.record('device.test_print', {
        outcome: printed.outcome,
        ...(printed.fault === undefined ? {} : { fault: printed.fault }),
        model: printed.identity.model ?? 'not reported',
      });
      return ok(printed);
    },

    'technician.testScan': async () => {
      const scanned = await services.readings.scans.wait();
      let outcome: TestScanOutcome;
      if (scanned === 'timeout' || scanned === 'busy') {
        outcome = { read: false, reason: scanned };
        audit.record('device.test_scan', { read: false, reason: scanned });
      } else {
        const symbology = scanned.symbology === undefined ? undefined : symbologyOfAim(scanned.symbology);
        outcome = {
          read: true,
          text: scanned.text.slice(0, 4000),
          ...(scanned.symbology === undefined ? {} : { aim: scanned.symbology }),
          ...(symbology === undefined ? {} : { symbology }),
          kind: classifyCode(scanned).kind,
        };
        // The length and symbology only: the code itself stays on the technician's screen.
        audit.record('device.test_scan', {
          read: true,
          aim: scanned.symbology ?? 'none',
          length: Array.from(scanned.text).length,
        });
      }
      return ok(outcome);
    },

    'technician.testDocumentReader': async () => {
      let outcome: TestDocumentOutcome;
      if (!services.documentReaderConfigured) {
        outcome = { read: false, reason: 'no_reader' };
      } else {
        const reading = await services.readings.documents.wait();
        if (reading === 'timeout' || reading === 'busy') outcome = { read: false, reason: reading };
        else if ('fault' in reading) outcome = { read: false, reason: reading.fault.code };
        // The layout only: the document itself is dropped here, kept nowhere.
        else outcome = { read: true, layout: documentKind(reading.read.document.format) };
      }
      audit.record(
        'device.test_document_reader',
        outcome.read ? { read: true, layout: outcome.layout } : { read: false, reason: outcome.reason },
      );
      return ok(outcome);
    },

    'technician.terminalDiagnosis': async () => {
      const terminal = services.terminal();
      let outcome: TerminalDiagnosisOutcome;
      if (!terminal) {
        outcome = { outcome: 'no_terminal' };
      } else {
        outcome = await diagnose(terminal);
        await services.refreshTerminal();
      }
      audit.record('device.terminal_diagnosis', { outcome: outcome.outcome });
      return ok(outcome);
    },

    'technician.closeDay': async () => {
      const closed = await services.closeDay();
      const outcome: CloseDayOutcome = closed.ok
        ? {
            closed: true,
            closedAt: closed.value.report.closedAt,
            count: closed.value.report.count,
            totalMinor: closed.value.report.totalMinor,
          }
        : { closed: false, reason: closed.error.code, message: closed.error.message.slice(0, 200) };
      audit.record(
        'device.close_day',
        outcome.closed
          ? { closed: true, count: outcome.count, totalMinor: outcome.totalMinor }
          : { closed: false, reason: outcome.reason },
      );
      return ok(outcome);
    },
  };
}
