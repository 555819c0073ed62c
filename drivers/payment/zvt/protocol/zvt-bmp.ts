/**
 * ZVT bitmaps (BMPs): the tagged fields after a command's fixed part. Each starts with its BMP
 * number; the number says how long the value is (fixed, LLVAR, LLLVAR or a TLV container), so a
 * sequence can only be read as far as the BMPs in it are known.
 *
 * ZVT Protocol Specification rev. 13.x, chapter 8 "Bitmaps" (table of BMPs and their formats).
 *
 * Portable: no Node imports.
 */
import { decodeVarLength, encodeVarLength } from './zvt-bcd';
import { concatBytes, encodeTlvLength, parseTlvSequence, readTlvLength, type TlvObject } from './zvt-tlv';

/** How the length of a BMP's value is known. */
export type BmpFormat =
  | { kind: 'fixed'; length: number }
  | { kind: 'llvar' }
  | { kind: 'lllvar' }
  /** BMP 06: a TLV length, then a TLV sequence. */
  | { kind: 'tlv' };

const fixed = (length: number): BmpFormat => ({ kind: 'fixed', length });
const LLVAR: BmpFormat = { kind: 'llvar' };
const LLLVAR: BmpFormat = { kind: 'lllvar' };

/** The BMPs this codec can read, with their formats (spec chapter 8). */
export const BMP_FORMATS: ReadonlyMap<number, BmpFormat> = new Map<number, BmpFormat>([
  [0x01, fixed(1)], // time-out, binary
  [0x02, fixed(1)], // max. number of status-informations
  [0x03, fixed(1)], // service-byte
  [0x04, fixed(6)], // amount, BCD, minor units
  [0x05, fixed(1)], // pump number
  [0x06, { kind: 'tlv' }], // TLV container
  [0x0b, fixed(3)], // trace number, BCD
  [0x0c, fixed(3)], // time HHMMSS, BCD
  [0x0d, fixed(2)], // date MMDD, BCD
  [0x0e, fixed(2)], // expiry date YYMM, BCD
  [0x17, fixed(2)], // card sequence number
  [0x19, fixed(1)], // status-byte / payment-type / card-type
  [0x22, LLVAR], // PAN, BCD, 'E' for masked digits, 'F' padding
  [0x23, LLVAR], // track 2
  [0x24, LLLVAR], // track 3
  [0x27, fixed(1)], // result code
  [0x29, fixed(4)], // terminal id, BCD
  [0x2a, fixed(15)], // VU number (merchant contract), ASCII
  [0x2d, LLVAR], // track 1
  [0x2e, LLLVAR], // synchronous chip data
  [0x37, fixed(3)], // trace number of the original transaction
  [0x3a, fixed(2)], // CVV/CVC
  [0x3b, fixed(8)], // AID: the authorisation attribute (approval code), ASCII, NUL-padded
  [0x3c, LLLVAR], // additional data / additional text
  [0x3d, fixed(3)], // password
  [0x49, fixed(2)], // currency code, BCD (0643 = RUB)
  [0x60, LLLVAR], // individual totals (end of day)
  [0x87, fixed(2)], // receipt number, BCD
  [0x88, fixed(3)], // turnover record number
  [0x8a, fixed(1)], // card type (ZVT card number)
  [0x8b, LLVAR], // card name, ASCII
  [0x8c, fixed(1)], // card type id of the network operator
  [0x92, LLLVAR], // additional data ec-Cash with chip offline
  [0x9a, LLLVAR], // Geldkarte records
  [0xa0, fixed(1)], // result code AS
  [0xa7, LLVAR], // chip data, EF_ID
  [0xaa, fixed(3)], // date YYMMDD, BCD
  [0xaf, LLLVAR], // EF_Info
  [0xba, fixed(5)], // AID parameter
  [0xd0, fixed(1)], // algorithm key
  [0xd1, LLVAR], // card offset / PIN data
  [0xd2, fixed(1)], // card output direction
  [0xd3, fixed(1)], // DUKPT key identifier
  [0xe0, fixed(1)], // min. length of the input
  [0xe1, LLVAR], // text2 lines 1–8
  [0xe2, LLVAR],
  [0xe3, LLVAR],
  [0xe4, LLVAR],
  [0xe5, LLVAR],
  [0xe6, LLVAR],
  [0xe7, LLVAR],
  [0xe8, LLVAR],
  [0xe9, fixed(1)], // max. length of the input
  [0xea, fixed(1)], // echo the input
  [0xeb, fixed(8)], // MAC over text 1 and text 2
  [0xf0, fixed(1)], // display duration
  [0xf1, LLVAR], // text1 lines 1–8
  [0xf2, LLVAR],
  [0xf3, LLVAR],
  [0xf4, LLVAR],
  [0xf5, LLVAR],
  [0xf6, LLVAR],
  [0xf7, LLVAR],
  [0xf8, LLVAR],
  [0xf9, fixed(1)], // number of beep tones
  [0xfa, fixed(1)], // card reader activation / status
  [0xfb, fixed(1)], // confirmation with <OK> required
  [0xfc, fixed(1)], // dialog control
  [0xfd, fixed(1)], // display device
]);

/** Names for the BMPs Okno reads or writes. */
export const BMP = {
  timeout: 0x01,
  serviceByte: 0x03,
  amount: 0x04,
  tlv: 0x06,
  trace: 0x0b,
  time: 0x0c,
  date: 0x0d,
  expiry: 0x0e,
  paymentType: 0x19,
  pan: 0x22,
  resultCode: 0x27,
  terminalId: 0x29,
  vu: 0x2a,
  authCode: 0x3b,
  additionalText: 0x3c,
  currency: 0x49,
  totals: 0x60,
  receiptNo: 0x87,
  turnoverNo: 0x88,
  cardType: 0x8a,
  cardName: 0x8b,
  dateLong: 0xaa,
} as const;

/** One BMP as read: its number, its value (without length prefix), and the TLV inside BMP 06. */
export interface BmpField {
  id: number;
  value: Uint8Array;
  /** For BMP 06: the objects, when the sequence parses. */
  tlv?: TlvObject[];
}

/** Why a BMP sequence did not parse, and where. */
export interface BmpError {
  code: 'unknown_bmp' | 'truncated' | 'bad_length';
  /** The BMP number in question. */
  bmp: number;
  offset: number;
}

export type BmpResult = { ok: true; fields: BmpField[] } | { ok: false; error: BmpError; fields: BmpField[] };

/** Reads BMPs from `offset` to the end of `data`. On an error, `fields` holds those read before it. */
export function parseBmps(data: Uint8Array, offset = 0): BmpResult {
  const fields: BmpField[] = [];
  let at = offset;
  while (at < data.length) {
    const id = data[at] ?? 0;
    const format = BMP_FORMATS.get(id);
    if (!format) return { ok: false, error: { code: 'unknown_bmp', bmp: id, offset: at }, fields };
    const start = at + 1;
    let valueStart: number;
    let length: number;
    switch (format.kind) {
      case 'fixed':
        valueStart = start;
        length = format.length;
        break;
      case 'llvar':
      case 'lllvar': {
        const digits = format.kind === 'llvar' ? 2 : 3;
        const decoded = decodeVarLength(data, start, digits);
        if (decoded === null) return { ok: false, error: lengthError(data, start, digits, id), fields };
        valueStart = start + digits;
        length = decoded;
        break;
      }
      case 'tlv': {
        const decoded = readTlvLength(data, start);
        if (!decoded) {
          const code = start >= data.length ? 'truncated' : 'bad_length';
          return { ok: false, error: { code, bmp: id, offset: start }, fields };
        }
        valueStart = start + decoded.size;
        length = decoded.length;
        break;
      }
    }
    if (valueStart + length > data.length) {
      return { ok: false, error: { code: 'truncated', bmp: id, offset: start }, fields };
    }
    const value = data.slice(valueStart, valueStart + length);
    const field: BmpField = { id, value };
    if (format.kind === 'tlv') {
      const tlv = parseTlvSequence(value);
      if (tlv.ok) field.tlv = tlv.objects;
    }
    fields.push(field);
    at = valueStart + length;
  }
  return { ok: true, fields };
}

function lengthError(data: Uint8Array, start: number, digits: number, bmp: number): BmpError {
  return { code: start + digits > data.length ? 'truncated' : 'bad_length', bmp, offset: start };
}

/**
 * One BMP with its number and, for variable formats, its length prefix. Throws if the value
 * does not fit the BMP's format (a caller's bug).
 */
export function encodeBmp(id: number, value: Uint8Array): Uint8Array {
  const format = BMP_FORMATS.get(id);
  if (!format) throw new RangeError(`BMP ${id.toString(16)} is not known`);
  switch (format.kind) {
    case 'fixed':
      if (value.length !== format.length) {
        throw new RangeError(`BMP ${id.toString(16)} takes ${format.length} bytes, not ${value.length}`);
      }
      return concatBytes([Uint8Array.of(id), value]);
    case 'llvar':
      return concatBytes([Uint8Array.of(id), encodeVarLength(value.length, 2), value]);
    case 'lllvar':
      return concatBytes([Uint8Array.of(id), encodeVarLength(value.length, 3), value]);
    case 'tlv':
      return concatBytes([Uint8Array.of(id), encodeTlvLength(value.length), value]);
  }
}

/** The first field with this BMP number. */
export function findBmp(fields: readonly BmpField[], id: number): BmpField | undefined {
  return fields.find((field) => field.id === id);
}
