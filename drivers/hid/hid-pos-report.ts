import { isAimIdentifierAt } from '../codes/aim';
import { HID_POS_LAYOUT, type HidPosLayout } from './hid-pos-profiles';

/**
 * Decoding of HID POS scanners' input reports (usage page 0x8C). Pure: reports in, codes out.
 *
 * A code longer than one report's data field (56 bytes: most QR codes) arrives as several
 * reports, each but the last with the "decoded data continued" bit set; `HidPosAssembler` joins
 * them. Bytes stay bytes here: the charset is applied to the whole code by the scanner driver.
 */

/** One scanned-data report, decoded. */
export interface HidPosReport {
  /** This report's share of the code's bytes. */
  data: Uint8Array;
  /** The AIM identifier (`]Q1`) when the report carries one. */
  aim?: string;
  /** The vendor's own symbology id (non-zero), when the layout has one. */
  vendorSymbology?: number;
  /** More of the same code follows in the next report. */
  more: boolean;
}

/** Why a report was not read. `other_report` is not a fault: scanners send other reports too. */
export type HidPosReportError =
  | { code: 'other_report'; reportId: number }
  | { code: 'report_too_short'; length: number }
  | { code: 'bad_data_length'; length: number; max: number };

/** The result of `decodeHidPosReport`. */
export type HidPosReportResult = { ok: true; report: HidPosReport } | { ok: false; error: HidPosReportError };

/**
 * Decodes one input report (report id first, as hidraw reads it) with the model's layout.
 *
 * Never throws. A report shorter than the layout's 64 bytes is read as far as it goes (a missing
 * continuation byte means "no more"), so a model with a shorter report still works.
 */
export function decodeHidPosReport(report: Uint8Array, layout: HidPosLayout = HID_POS_LAYOUT): HidPosReportResult {
  const reportId = report[0];
  if (reportId === undefined || report.length <= layout.lengthOffset) {
    return { ok: false, error: { code: 'report_too_short', length: report.length } };
  }
  if (reportId !== layout.reportId) return { ok: false, error: { code: 'other_report', reportId } };
  const length = report[layout.lengthOffset] ?? 0;
  const available = Math.max(0, report.length - layout.dataOffset);
  if (length > layout.maxDataLength || length > available) {
    return { ok: false, error: { code: 'bad_data_length', length, max: Math.min(layout.maxDataLength, available) } };
  }
  const decoded: HidPosReport = {
    data: report.slice(layout.dataOffset, layout.dataOffset + length),
    more: ((report[layout.continuationOffset] ?? 0) & 0x01) === 1,
  };
  if (layout.aimOffset !== null && isAimIdentifierAt(report, layout.aimOffset)) {
    const at = layout.aimOffset;
    decoded.aim = String.fromCharCode(report[at] ?? 0, report[at + 1] ?? 0, report[at + 2] ?? 0);
  }
  const vendorSymbology = layout.vendorSymbologyOffset === null ? 0 : (report[layout.vendorSymbologyOffset] ?? 0);
  if (vendorSymbology !== 0) decoded.vendorSymbology = vendorSymbology;
  return { ok: true, report: decoded };
}

/** A whole code joined from one or more reports. */
export interface HidPosScan {
  bytes: Uint8Array;
  /** The AIM identifier of the code's first report. */
  aim?: string;
  vendorSymbology?: number;
}

/** Why `HidPosAssembler` dropped something. */
export type HidPosAssemblyError = HidPosReportError | { code: 'code_too_long'; maxBytes: number };

/** Options of `HidPosAssembler`. */
export interface HidPosAssemblerOptions {
  layout?: HidPosLayout;
  /** Longest code in bytes (default 4096); a longer one is dropped up to its last report. */
  maxBytes?: number;
}

/** What one report did: completed a code, was dropped with a reason, or neither (more follows). */
export type HidPosAssemblyResult = { scan: HidPosScan } | { error: HidPosAssemblyError } | null;

/**
 * Joins continued reports into whole codes. A bad report is reported and drops the code it was
 * part of (the next report starts afresh); an empty code (length 0) is ignored.
 */
export class HidPosAssembler {
  private readonly layout: HidPosLayout;
  private readonly maxBytes: number;
  private parts: Uint8Array[] = [];
  private size = 0;
  private first: HidPosReport | null = null;
  /** Over the limit: drop reports until the code's last one. */
  private discarding = false;

  constructor(options: HidPosAssemblerOptions = {}) {
    this.layout = options.layout ?? HID_POS_LAYOUT;
    this.maxBytes = Math.max(1, options.maxBytes ?? 4096);
  }

  /** Takes the next input report. */
  push(report: Uint8Array): HidPosAssemblyResult {
    const decoded = decodeHidPosReport(report, this.layout);
    if (!decoded.ok) {
      // Another report (a reply to a command, say) does not break a code being assembled.
      if (decoded.error.code !== 'other_report') this.reset();
      return { error: decoded.error };
    }
    const { data, more } = decoded.report;
    if (this.discarding) {
      if (!more) this.reset();
      return null;
    }
    if (this.size + data.length > this.maxBytes) {
      this.reset();
      this.discarding = more;
      return { error: { code: 'code_too_long', maxBytes: this.maxBytes } };
    }
    this.first ??= decoded.report;
    this.parts.push(data);
    this.size += data.length;
    if (more) return null;
    const scan = this.join(this.first);
    this.reset();
    return scan.bytes.length === 0 ? null : { scan };
  }

  /** Forgets a partial code (after the device was reopened, say). */
  reset(): void {
    this.parts = [];
    this.size = 0;
    this.first = null;
    this.discarding = false;
  }

  private join(first: HidPosReport): HidPosScan {
    const bytes = new Uint8Array(this.size);
    let offset = 0;
    for (const part of this.parts) {
      bytes.set(part, offset);
      offset += part.length;
    }
    const scan: HidPosScan = { bytes };
    if (first.aim !== undefined) scan.aim = first.aim;
    if (first.vendorSymbology !== undefined) scan.vendorSymbology = first.vendorSymbology;
    return scan;
  }
}

/**
 * Builds the input reports a scanner sends for a code: the inverse of `HidPosAssembler`, for
 * simulators and tests. Each report is the layout's full 64 bytes, zero-padded.
 */
export function encodeHidPosReports(
  bytes: Uint8Array,
  options: { layout?: HidPosLayout; aim?: string; vendorSymbology?: number } = {},
): Uint8Array[] {
  const layout = options.layout ?? HID_POS_LAYOUT;
  const size = Math.max(layout.continuationOffset, layout.dataOffset + layout.maxDataLength) + 1;
  const reports: Uint8Array[] = [];
  for (let offset = 0; offset === 0 || offset < bytes.length; offset += layout.maxDataLength) {
    const part = bytes.subarray(offset, offset + layout.maxDataLength);
    const report = new Uint8Array(size);
    report[0] = layout.reportId;
    report[layout.lengthOffset] = part.length;
    if (layout.aimOffset !== null && options.aim !== undefined) {
      for (let i = 0; i < 3; i++) report[layout.aimOffset + i] = options.aim.charCodeAt(i) & 0xff;
    }
    report.set(part, layout.dataOffset);
    if (layout.vendorSymbologyOffset !== null) report[layout.vendorSymbologyOffset] = options.vendorSymbology ?? 0;
    report[layout.continuationOffset] = offset + layout.maxDataLength < bytes.length ? 1 : 0;
    reports.push(report);
  }
  return reports;
}
