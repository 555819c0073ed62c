/**
 * What a command-line pilot leaves behind, read as data: the result file (`e`), the slip (`p`),
 * the progress file, and the outcome each operation derives from them.
 *
 * Pure: bytes in, values out, nothing thrown (any garbage is a `malformed` result). No Node
 * imports: the fuzzer and the tests feed it bytes directly.
 */
import type { PilotResultField, PilotTextEncoding } from '../../../kiosk-config/src/config/payment-profile';
import { fail, ok, type Result } from '../../../kiosk-config/src/contract/result';
import type {
  ApprovedTransaction,
  AuthoriseOutcome,
  EndOfDayOutcome,
  LastTransactionOutcome,
  TerminalActionOutcome,
  TerminalReference,
  TerminalStatus,
} from '../payment-terminal';

/** How to read a result file: the profile's `result` section. */
export interface PilotResultLayout {
  encoding: PilotTextEncoding;
  codeSeparator: string;
  successCodes: readonly string[];
  cancelledCodes: readonly string[];
  fields: Partial<Record<PilotResultField, number | undefined>>;
}

/** A result file, read. `status` classifies the code by the profile's lists. */
export type PilotResult =
  | {
      kind: 'result';
      /** The code as written (`00`, `4451`). */
      code: string;
      message: string;
      status: 'success' | 'cancelled' | 'failure';
      fields: Partial<Record<PilotResultField, string>>;
    }
  | { kind: 'malformed'; reason: string };

/** Larger files are not a pilot's result; they are not decoded at all. */
export const MAX_RESULT_BYTES = 64 * 1024;
/** A slip longer than this is cut (a pilot's slip is a few dozen lines). */
export const MAX_SLIP_LINES = 400;
const MAX_MESSAGE_CHARS = 200;
const MAX_FIELD_CHARS = 100;

const DECODER_LABELS: Record<PilotTextEncoding, string> = {
  cp866: 'ibm866',
  'koi8-r': 'koi8-r',
  'windows-1251': 'windows-1251',
  'utf-8': 'utf-8',
};

/** Decodes a pilot's file. Bytes a code page has no character for become U+FFFD. */
export function decodePilotText(bytes: Uint8Array, encoding: PilotTextEncoding): string {
  return new TextDecoder(DECODER_LABELS[encoding], { ignoreBOM: false }).decode(bytes);
}

/** C0 controls and DEL, and the replacement character: nothing a receipt or a log should carry. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/g;

/** Splits text into lines (LF, CRLF or CR), without control characters or trailing spaces. */
function textLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/).map((line) => line.replace(UNPRINTABLE, '').replace(/\s+$/, ''));
}

/** Leading zeros do not count: `00` and `0` are the same code. */
export function normaliseCode(code: string): string {
  const match = /^(-?)0*([0-9]+)$/.exec(code);
  if (!match) return code.toUpperCase();
  const digits = match[2] ?? '0';
  return digits === '0' ? '0' : `${match[1] ?? ''}${digits}`;
}

/** Whether `code` is in `list`, ignoring leading zeros. */
export function codeIn(code: string, list: readonly string[]): boolean {
  const wanted = normaliseCode(code);
  return list.some((entry) => normaliseCode(entry) === wanted);
}

/**
 * Reads a result file: `<code><separator><message>` on the first line, then one field per line
 * at the positions the layout names. Never throws; anything else is `malformed` with a reason.
 */
export function parsePilotResult(bytes: Uint8Array, layout: PilotResultLayout): PilotResult {
  if (bytes.length === 0) return { kind: 'malformed', reason: 'the result file is empty' };
  if (bytes.length > MAX_RESULT_BYTES) {
    return { kind: 'malformed', reason: `the result file is ${bytes.length} bytes, more than a result` };
  }
  if (bytes.includes(0)) return { kind: 'malformed', reason: 'the result file holds NUL bytes (binary)' };
  const lines = textLines(decodePilotText(bytes, layout.encoding));
  const first = (lines[0] ?? '').trim();
  const separatorAt = first.indexOf(layout.codeSeparator);
  const code = (separatorAt < 0 ? first : first.slice(0, separatorAt)).trim();
  if (!/^-?[0-9]{1,9}$/.test(code)) {
    return { kind: 'malformed', reason: `the first line does not start with a numeric code: "${clip(first, 40)}"` };
  }
  const message =
    separatorAt < 0 ? '' : clip(first.slice(separatorAt + layout.codeSeparator.length).trim(), MAX_MESSAGE_CHARS);
  const fields: Partial<Record<PilotResultField, string>> = {};
  for (const [name, line] of Object.entries(layout.fields) as [PilotResultField, number | undefined][]) {
    if (line === undefined) continue;
    const value = (lines[line] ?? '').trim();
    if (value !== '') fields[name] = clip(value, MAX_FIELD_CHARS);
  }
  const status = codeIn(code, layout.successCodes)
    ? 'success'
    : codeIn(code, layout.cancelledCodes)
      ? 'cancelled'
      : 'failure';
  return { kind: 'result', code, message, status, fields };
}

/** The slip, line by line, ready to print: decoded, controls removed, blank lines at the ends dropped. */
export function parseSlip(bytes: Uint8Array, encoding: PilotTextEncoding): string[] {
  const lines = textLines(decodePilotText(bytes.subarray(0, MAX_RESULT_BYTES), encoding));
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(0, MAX_SLIP_LINES);
}

/** The message in a progress file: its last non-blank line. */
export function parseProgress(bytes: Uint8Array, encoding: PilotTextEncoding): string {
  const lines = textLines(decodePilotText(bytes.subarray(0, 4096), encoding)).filter((line) => line.trim() !== '');
  return clip((lines[lines.length - 1] ?? '').trim(), MAX_MESSAGE_CHARS);
}

/**
 * A card number as the receipt may show it: `**** **** **** 1234`, the last four digits at most,
 * whatever the pilot wrote (sb_pilot keeps the first six as well).
 */
export function maskPan(raw: string): string {
  const trailingDigits = /([0-9]+)$/.exec(raw.replace(/\s+/g, ''))?.[1] ?? '';
  return `**** **** **** ${trailingDigits.slice(-4).padStart(4, '*')}`;
}

/**
 * The terminal's date and time as ISO 8601 local time (`2026-03-14T10:22:05`), from
 * `YYYYMMDDhhmmss` or `DD.MM.YYYY hh:mm:ss`; undefined when it is neither or not a real date.
 */
export function parsePilotDateTime(raw: string): string | undefined {
  const compact = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(raw);
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(raw);
  const parts = compact
    ? compact.slice(1)
    : dotted
      ? [dotted[3], dotted[2], dotted[1], dotted[4], dotted[5], dotted[6]]
      : undefined;
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second] = parts.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const real =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  return real ? date.toISOString().slice(0, 19) : undefined;
}

/**
 * An amount as a slip writes it, in kopecks: `1050.00`, `1 050,00`, `1050` (roubles) or `105000`
 * (kopecks). Undefined when it is not one.
 */
export function parseAmountMinor(raw: string, unit: 'roubles' | 'kopecks'): number | undefined {
  const text = raw.replace(/[\s\u00a0]/g, '');
  if (unit === 'kopecks') {
    return /^[0-9]{1,15}$/.test(text) ? Number(text) : undefined;
  }
  const match = /^([0-9]{1,13})(?:[.,]([0-9]{2}))?$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number(match[2] ?? '0');
}

const REFERENCE_VALUE = /^[0-9A-Za-z]{1,32}$/;
/** Sberbank's own cards come back with an auth code of `*`s; the receipt prints what came. */
const AUTH_CODE = /^[0-9A-Za-z*]{1,12}$/;

/** What the outcome of an approval needs from outside the result file. */
export interface ApprovalContext {
  amountMinor: number;
  slip: readonly string[];
  /** The kiosk's clock as ISO 8601, used when the pilot gave no date. */
  now: string;
}

/** An approved transaction, or why its fields cannot be trusted as one. */
type Approval = Result<ApprovedTransaction, 'unreadable_field' | 'amount_mismatch'>;

/** The approved transaction in a result, or why it cannot be trusted as one. */
function approvedTransaction(fields: Partial<Record<PilotResultField, string>>, context: ApprovalContext): Approval {
  const { rrn, authCode, receiptNo, maskedPan } = fields;
  if (rrn === undefined || !REFERENCE_VALUE.test(rrn)) return fail('unreadable_field', 'no readable RRN');
  if (receiptNo === undefined || !REFERENCE_VALUE.test(receiptNo))
    return fail('unreadable_field', 'no readable check number');
  if (authCode === undefined || !AUTH_CODE.test(authCode)) return fail('unreadable_field', 'no readable auth code');
  if (maskedPan === undefined) return fail('unreadable_field', 'no card number');
  if (fields.amount !== undefined && parseAmountMinor(fields.amount, 'kopecks') !== context.amountMinor) {
    return fail('amount_mismatch', `the amount ${fields.amount} is not the ${context.amountMinor} asked`);
  }
  const terminalId = fields.terminalId;
  return ok({
    reference: { receiptNo, trace: rrn, amountMinor: context.amountMinor },
    rrn,
    authCode,
    maskedPan: maskPan(maskedPan),
    at: (fields.dateTime && parsePilotDateTime(fields.dateTime)) ?? context.now,
    ...(terminalId !== undefined ? { terminalId } : {}),
    slip: [...context.slip],
  });
}

/**
 * The outcome of an authorisation from its result. An approval whose fields cannot be read is
 * `unknown` (the card may be charged: the journal resolves it), never declined.
 */
export function authoriseOutcomeFromResult(result: PilotResult, context: ApprovalContext): AuthoriseOutcome {
  if (result.kind === 'malformed') return { outcome: 'unknown', reason: 'malformed_reply' };
  if (result.status === 'cancelled') return { outcome: 'cancelled' };
  if (result.status === 'failure') return { outcome: 'declined', code: result.code, message: result.message };
  const approval = approvedTransaction(result.fields, context);
  return approval.ok
    ? { outcome: 'approved', transaction: approval.value }
    : { outcome: 'unknown', reason: 'malformed_reply' };
}

/**
 * The outcome of a commit, reversal or refund. Only the profile's `actionRefusedCodes` are
 * `refused` («nothing to do»); any other failure is `unknown` with the code in the reason, so a
 * decline is never taken for a reversal already done.
 */
export function actionOutcomeFromResult(result: PilotResult, refusedCodes: readonly string[]): TerminalActionOutcome {
  if (result.kind === 'malformed') return { outcome: 'unknown', reason: `malformed result: ${result.reason}` };
  if (result.status === 'success') return { outcome: 'done' };
  if (codeIn(result.code, refusedCodes)) return { outcome: 'refused', code: result.code, message: result.message };
  const what = result.status === 'cancelled' ? 'cancelled at the terminal' : 'not done by the terminal';
  return { outcome: 'unknown', reason: `${what}: ${result.code} ${result.message}`.trim() };
}

/** How the last-operation query answers: the profile's `operations.lastTransaction`. */
export interface LastTransactionLayout {
  noneCodes: readonly string[];
  kinds: Readonly<Record<string, 'authorisation' | 'reversal' | 'refund' | 'commit'>>;
}

/**
 * What the pilot keeps of its last operation: its own result record (first line its code), with
 * the operation and amount fields. An operation code the profile does not map is `unknown`.
 */
export function lastTransactionFromResult(
  result: PilotResult,
  layout: LastTransactionLayout,
  context: { slip: readonly string[]; now: string },
): LastTransactionOutcome {
  if (result.kind === 'malformed') return { outcome: 'unknown', reason: `malformed result: ${result.reason}` };
  if (codeIn(result.code, layout.noneCodes)) return { outcome: 'none' };
  const { operation, amount } = result.fields;
  const kindEntry = Object.entries(layout.kinds).find(([code]) => operation !== undefined && codeIn(operation, [code]));
  if (!kindEntry) return { outcome: 'unknown', reason: `unknown last operation "${operation ?? ''}"` };
  const amountMinor = amount === undefined ? undefined : parseAmountMinor(amount, 'kopecks');
  if (amountMinor === undefined) return { outcome: 'unknown', reason: `unreadable amount "${amount ?? ''}"` };
  const kind = kindEntry[1];
  const approved = result.status === 'success';
  const { rrn, receiptNo } = result.fields;
  const reference: TerminalReference | undefined =
    receiptNo !== undefined && REFERENCE_VALUE.test(receiptNo)
      ? { receiptNo, ...(rrn !== undefined && REFERENCE_VALUE.test(rrn) ? { trace: rrn } : {}), amountMinor }
      : undefined;
  const found: LastTransactionOutcome = { outcome: 'found', kind, approved, ...(reference ? { reference } : {}) };
  if (approved && kind === 'authorisation') {
    const approval = approvedTransaction(result.fields, { amountMinor, slip: context.slip, now: context.now });
    if (approval.ok) return { ...found, transaction: approval.value };
  }
  return found;
}

/** How end-of-day totals are found in the slip: the profile's `operations.endOfDay.totals`. */
export interface TotalsLayout {
  pattern: string;
  amountUnit: 'roubles' | 'kopecks';
}

/**
 * The end of day from its result and slip. A day the pilot closed but whose totals cannot be
 * read is `failed` with that said: reporting zeros would hide a mismatch.
 */
export function endOfDayFromResult(
  result: PilotResult,
  slip: readonly string[],
  totals: TotalsLayout,
): EndOfDayOutcome {
  if (result.kind === 'malformed') return { outcome: 'failed', reason: `malformed result: ${result.reason}` };
  if (result.status !== 'success') return { outcome: 'failed', reason: `${result.code} ${result.message}`.trim() };
  let pattern: RegExp;
  try {
    pattern = new RegExp(totals.pattern, 'iu');
  } catch {
    return { outcome: 'failed', reason: 'the profile’s totals pattern does not compile' };
  }
  let found: { count: number; totalMinor: number } | undefined;
  for (const line of slip) {
    const groups = pattern.exec(line)?.groups;
    const count = groups?.count !== undefined && /^[0-9]{1,9}$/.test(groups.count) ? Number(groups.count) : undefined;
    const totalMinor = groups?.amount === undefined ? undefined : parseAmountMinor(groups.amount, totals.amountUnit);
    if (count !== undefined && totalMinor !== undefined) found = { count, totalMinor };
  }
  if (!found) {
    return {
      outcome: 'failed',
      reason: `the terminal closed the day (${result.code} ${result.message}) but no line of its slip gave the totals`,
    };
  }
  return { outcome: 'done', totals: { ...found, slip: [...slip] } };
}

/** The status enquiry's answer. */
export function statusFromResult(result: PilotResult): TerminalStatus {
  if (result.kind === 'malformed') return { ready: false, reason: `malformed result: ${result.reason}` };
  if (result.status !== 'success') return { ready: false, reason: `${result.code} ${result.message}`.trim() };
  const terminalId = result.fields.terminalId;
  return terminalId !== undefined ? { ready: true, terminalId } : { ready: true };
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
