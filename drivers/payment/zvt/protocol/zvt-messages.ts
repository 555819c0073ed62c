/**
 * Messages from the PT (the payment terminal) to the ECR (the kiosk): parsed by the driver, built
 * by the simulator.
 *
 * ZVT Protocol Specification rev. 13.06, chapter 3 "Commands from PT to ECR": 3.1 Status-
 * Information (04 0F), 3.2 Completion (06 0F), 3.3 Abort (06 1E: result code, then optional BMPs),
 * and in the same chapter Intermediate Status-Information (04 FF: status byte, optional time-out
 * byte, optional TLV container with display texts, tag 24), Print Line (06 D1: attribute byte,
 * text) and Print Text-Block (06 D3: TLV container with the receipt type, tag 1F07, and the print
 * texts, tag 25, holding one tag 07 per line and an attribute, tag 09). Completion after a Status
 * Enquiry starts with the software version (LLLVAR) and the terminal status byte; after other
 * commands it carries BMPs 19 (status byte), 29 (terminal id) and 49 (currency).
 *
 * Portable: no Node imports.
 */
import type { ZvtApdu } from './zvt-apdu';
import { decodeVarLength, encodeVarLength } from './zvt-bcd';
import { BMP, type BmpField, encodeBmp, findBmp, parseBmps } from './zvt-bmp';
import { decodeZvtText, encodeZvtText, type ZvtTextEncoding } from './zvt-text';
import { concatBytes, encodeTlvSequence, findTlv, type TlvInput, type TlvObject, walkTlv } from './zvt-tlv';
import {
  encodeTransactionData,
  readTransactionData,
  SENSITIVE_BMPS,
  type TransactionDataInput,
  type ZvtTransactionData,
} from './zvt-transaction-data';

/** Receipt types of tag 1F07 in a Print Text-Block. */
export const RECEIPT_TYPE = { merchant: 0x01, customer: 0x02, administration: 0x03 } as const;

/** A message from the PT, as the ECR reads it. */
export type PtMessage =
  | { type: 'ack' }
  | { type: 'nak'; code: number }
  | { type: 'status_information'; data: ZvtTransactionData }
  | { type: 'intermediate_status'; status: number; timeoutSeconds?: number; text?: string }
  | { type: 'print_line'; attribute: number; text: string }
  | { type: 'print_text_block'; receiptType?: number; lines: string[] }
  | { type: 'completion'; terminalStatus?: number; softwareVersion?: string; data: ZvtTransactionData }
  | { type: 'abort'; resultCode: number; data: ZvtTransactionData }
  | { type: 'other'; cls: number; instr: number }
  | { type: 'malformed'; cls: number; instr: number; reason: string };

/** Options of `parsePtMessage`. */
export interface ParsePtMessageOptions {
  /** The character set of texts (default `cp866`). */
  encoding?: ZvtTextEncoding;
  /** The completion answers a Status Enquiry, so it may start with the software version. */
  afterStatusEnquiry?: boolean;
}

/** Reads an APDU from the PT. Never throws: what does not parse is `malformed`. */
export function parsePtMessage(message: ZvtApdu, options: ParsePtMessageOptions = {}): PtMessage {
  const { cls, instr, data } = message;
  const encoding = options.encoding ?? 'cp866';
  const malformed = (reason: string): PtMessage => ({ type: 'malformed', cls, instr, reason });
  if (cls === 0x80) return { type: 'ack' };
  if (cls === 0x84) return { type: 'nak', code: instr };
  switch ((cls << 8) | instr) {
    case 0x040f: {
      const parsed = parseBmps(data);
      if (!parsed.ok) return malformed(`status information: ${parsed.error.code} at BMP ${hex(parsed.error.bmp)}`);
      return { type: 'status_information', data: readTransactionData(withoutCardData(parsed.fields), encoding) };
    }
    case 0x04ff: {
      if (data.length === 0) return malformed('intermediate status without a status byte');
      const result: PtMessage = { type: 'intermediate_status', status: data[0] ?? 0 };
      if (data.length >= 2) result.timeoutSeconds = data[1] ?? 0;
      if (data.length > 2) {
        const parsed = parseBmps(data, 2);
        const tlv = parsed.ok ? findBmp(parsed.fields, BMP.tlv)?.tlv : undefined;
        const text = tlv ? displayText(tlv, encoding) : undefined;
        if (text) result.text = text;
      }
      return result;
    }
    case 0x06d1: {
      if (data.length === 0) return malformed('print line without an attribute byte');
      return { type: 'print_line', attribute: data[0] ?? 0, text: decodeZvtText(data.subarray(1), encoding) };
    }
    case 0x06d3: {
      const parsed = parseBmps(data);
      const tlv = parsed.ok ? findBmp(parsed.fields, BMP.tlv)?.tlv : undefined;
      if (!tlv) return malformed('print text block without a readable TLV container');
      const result: PtMessage = { type: 'print_text_block', lines: textLines(tlv, encoding) };
      const receiptType = findTlv(tlv, '1F07')?.value[0];
      if (receiptType !== undefined) result.receiptType = receiptType;
      return result;
    }
    case 0x060f:
      return parseCompletion(data, encoding, options.afterStatusEnquiry ?? false) ?? malformed('completion');
    case 0x061e: {
      if (data.length === 0) return { type: 'abort', resultCode: 0xff, data: {} };
      const parsed = parseBmps(data, 1);
      // The result code is what matters; BMPs after it that do not parse are only lost detail,
      // so those read before the first unreadable one are kept.
      const details = readTransactionData(withoutCardData(parsed.fields), encoding);
      return { type: 'abort', resultCode: data[0] ?? 0xff, data: details };
    }
    default:
      return { type: 'other', cls, instr };
  }
}

function parseCompletion(data: Uint8Array, encoding: ZvtTextEncoding, afterStatusEnquiry: boolean): PtMessage | null {
  if (afterStatusEnquiry) {
    const versionLength = decodeVarLength(data, 0, 3);
    if (versionLength !== null && 3 + versionLength < data.length) {
      const statusAt = 3 + versionLength;
      const parsed = parseBmps(data, statusAt + 1);
      if (parsed.ok) {
        return {
          type: 'completion',
          softwareVersion: decodeZvtText(data.subarray(3, statusAt), 'ascii').trim(),
          terminalStatus: data[statusAt] ?? 0,
          data: readTransactionData(withoutCardData(parsed.fields), encoding),
        };
      }
    }
  }
  const parsed = parseBmps(data);
  if (parsed.ok) {
    const result: PtMessage = {
      type: 'completion',
      data: readTransactionData(withoutCardData(parsed.fields), encoding),
    };
    const status = findBmp(parsed.fields, BMP.paymentType)?.value[0];
    if (status !== undefined) result.terminalStatus = status;
    return result;
  }
  if (afterStatusEnquiry && data.length >= 1) {
    const rest = parseBmps(data, 1);
    if (rest.ok) {
      return {
        type: 'completion',
        terminalStatus: data[0] ?? 0,
        data: readTransactionData(withoutCardData(rest.fields), encoding),
      };
    }
  }
  return null;
}

function withoutCardData(fields: readonly BmpField[]): BmpField[] {
  // BMP 22 is kept: `readTransactionData` keeps only its last four digits.
  return fields.filter((field) => field.id === BMP.pan || !SENSITIVE_BMPS.has(field.id));
}

/** The text lines (tag 07) of a TLV sequence, in order. */
function textLines(tlv: readonly TlvObject[], encoding: ZvtTextEncoding): string[] {
  const lines: string[] = [];
  for (const object of walkTlv(tlv)) if (object.tagHex === '07') lines.push(decodeZvtText(object.value, encoding));
  return lines;
}

/** The display text of an intermediate status: the lines of tag 24, joined. */
function displayText(tlv: readonly TlvObject[], encoding: ZvtTextEncoding): string | undefined {
  const texts = findTlv(tlv, '24');
  if (!texts?.children) return undefined;
  const lines = textLines(texts.children, encoding)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.length > 0 ? lines.join('\n') : undefined;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0').toUpperCase();
}

// --- The PT's side: building the messages (the simulator) ---------------------------------------

/** 04 0F Status-Information with the given fields. */
export function statusInformation(fields: TransactionDataInput, encoding: ZvtTextEncoding): ZvtApdu {
  return { cls: 0x04, instr: 0x0f, data: encodeTransactionData(fields, encoding) };
}

/** 04 FF Intermediate Status-Information: the status byte, a time-out byte, and the display text. */
export function intermediateStatus(
  status: number,
  options: { timeoutSeconds?: number; text?: string; encoding?: ZvtTextEncoding } = {},
): ZvtApdu {
  const parts: Uint8Array[] = [Uint8Array.of(status)];
  if (options.timeoutSeconds !== undefined || options.text !== undefined) {
    parts.push(Uint8Array.of(options.timeoutSeconds ?? 0));
  }
  if (options.text !== undefined) {
    const encoding = options.encoding ?? 'cp866';
    const lines = options.text.split('\n').map((line) => ({ tagHex: '07', value: encodeZvtText(line, encoding) }));
    parts.push(encodeBmp(BMP.tlv, encodeTlvSequence([{ tagHex: '24', children: lines }])));
  }
  return { cls: 0x04, instr: 0xff, data: concatBytes(parts) };
}

/** 06 D1 Print Line: attribute byte and text. */
export function printLine(text: string, options: { attribute?: number; encoding?: ZvtTextEncoding } = {}): ZvtApdu {
  return {
    cls: 0x06,
    instr: 0xd1,
    data: concatBytes([Uint8Array.of(options.attribute ?? 0), encodeZvtText(text, options.encoding ?? 'cp866')]),
  };
}

/** 06 D3 Print Text-Block: one receipt, its type (tag 1F07) and its lines (tag 25 of tag 07s). */
export function printTextBlock(lines: readonly string[], receiptType: number, encoding: ZvtTextEncoding): ZvtApdu {
  const texts: TlvInput[] = lines.map((line) => ({ tagHex: '07', value: encodeZvtText(line, encoding) }));
  // Tag 09 (attribute) 0x81 closes the receipt, as terminals send it.
  texts.push({ tagHex: '09', value: Uint8Array.of(0x81) });
  const tlv = encodeTlvSequence([
    { tagHex: '1F07', value: Uint8Array.of(receiptType) },
    { tagHex: '25', children: texts },
  ]);
  return { cls: 0x06, instr: 0xd3, data: encodeBmp(BMP.tlv, tlv) };
}

/** 06 0F Completion after a command: status byte (BMP 19), terminal id (BMP 29), currency (BMP 49). */
export function completion(
  options: { terminalStatus?: number; terminalId?: string; currency?: number } = {},
  encoding: ZvtTextEncoding = 'cp866',
): ZvtApdu {
  const data = encodeTransactionData(
    {
      ...(options.terminalStatus === undefined ? {} : { paymentType: options.terminalStatus }),
      ...(options.terminalId === undefined ? {} : { terminalId: options.terminalId }),
      ...(options.currency === undefined ? {} : { currency: options.currency }),
    },
    encoding,
  );
  return { cls: 0x06, instr: 0x0f, data };
}

/** 06 0F Completion of a Status Enquiry: software version (LLLVAR), terminal status, terminal id. */
export function statusEnquiryCompletion(options: {
  softwareVersion: string;
  terminalStatus: number;
  terminalId?: string;
}): ZvtApdu {
  const version = encodeZvtText(options.softwareVersion, 'ascii');
  return {
    cls: 0x06,
    instr: 0x0f,
    data: concatBytes([
      encodeVarLength(version.length, 3),
      version,
      Uint8Array.of(options.terminalStatus),
      options.terminalId === undefined
        ? new Uint8Array()
        : encodeTransactionData({ terminalId: options.terminalId }, 'ascii'),
    ]),
  };
}

/** 06 1E Abort: result code, then optional BMPs. */
export function abortMessage(
  resultCode: number,
  fields: TransactionDataInput = {},
  encoding: ZvtTextEncoding = 'cp866',
): ZvtApdu {
  return {
    cls: 0x06,
    instr: 0x1e,
    data: concatBytes([Uint8Array.of(resultCode), encodeTransactionData(fields, encoding)]),
  };
}
