/**
 * Commands from the ECR (the kiosk) to the PT (the payment terminal): built by the driver, parsed
 * by the simulator.
 *
 * ZVT Protocol Specification rev. 13.06, chapter 2 "Commands from ECR to PT": 2.1 Registration
 * (06 00), 2.2 Authorisation (06 01), 2.8 Pre-Authorisation / Reservation (06 22), 2.9 Reversal
 * (06 30), 2.12 Book Total (06 24), 2.13 Pre-Authorisation Reversal (06 25), 2.14 Refund (06 31),
 * 2.15 End-of-Day (06 50), and further in the chapter Log-Off (06 02), Repeat Receipt (06 20),
 * Abort (06 B0) and Status Enquiry (05 01). Commands that need a password start with it (3 bytes
 * BCD) before any BMP; Registration has its config byte and currency code (2 bytes BCD, without
 * BMP 49) after the password.
 *
 * Portable: no Node imports.
 */
import { ACK_APDU, type ZvtApdu } from './zvt-apdu';
import { decodeBcd, decodeBcdNumber, encodeAmount, encodeBcd } from './zvt-bcd';
import { BMP, type BmpField, type BmpResult, encodeBmp, findBmp, parseBmps } from './zvt-bmp';
import { concatBytes } from './zvt-tlv';

/** ISO 4217 numeric code of the rouble. */
export const CURRENCY_RUB = 643;

/**
 * Registration config byte (spec 2.1): bit 2 (0x02) the ECR prints payment receipts, bit 3
 * (0x04) the ECR prints administration receipts, bit 4 (0x08) the PT sends intermediate
 * statuses, bit 5 (0x10) no amount input on the PT, bit 6 (0x20) no administration functions on
 * the PT, bit 8 (0x80) receipts are sent as text blocks (06 D3) rather than lines (06 D1).
 */
export const CONFIG = {
  ecrPrintsPaymentReceipts: 0x02,
  ecrPrintsAdministrationReceipts: 0x04,
  intermediateStatus: 0x08,
  noAmountInputOnPt: 0x10,
  noAdministrationOnPt: 0x20,
  textBlocks: 0x80,
} as const;

/**
 * The kiosk's config byte, 0xBE: the kiosk prints the slips (payment and administration, as text
 * blocks), wants every intermediate status for its screen, and the visitor can neither change the
 * amount nor reach administration functions on the terminal's keypad.
 */
export const KIOSK_CONFIG_BYTE =
  CONFIG.ecrPrintsPaymentReceipts |
  CONFIG.ecrPrintsAdministrationReceipts |
  CONFIG.intermediateStatus |
  CONFIG.noAmountInputOnPt |
  CONFIG.noAdministrationOnPt |
  CONFIG.textBlocks;

const apdu = (cls: number, instr: number, ...parts: Uint8Array[]): ZvtApdu => ({
  cls,
  instr,
  data: concatBytes(parts),
});
const password = (digits: string) => encodeBcd(digits, 3);
const currency = (code: number) => encodeBcd(String(code), 2);
const receipt = (receiptNo: string) => encodeBcd(receiptNo, 2);

/** 06 00 Registration: password, config byte, currency code, and optionally a service byte (BMP 03). */
export function registration(options: {
  password: string;
  configByte: number;
  currency?: number;
  serviceByte?: number;
}): ZvtApdu {
  return apdu(
    0x06,
    0x00,
    password(options.password),
    Uint8Array.of(options.configByte),
    options.currency === undefined ? new Uint8Array() : currency(options.currency),
    options.serviceByte === undefined
      ? new Uint8Array()
      : encodeBmp(BMP.serviceByte, Uint8Array.of(options.serviceByte)),
  );
}

/** 06 01 Authorisation (a sale: funds taken at once): amount, and the currency when given. */
export function authorisation(options: { amountMinor: number; currency?: number }): ZvtApdu {
  return apdu(0x06, 0x01, ...amountAndCurrency(options));
}

/** 06 22 Pre-Authorisation / Reservation: funds held until Book Total or its reversal. */
export function preAuthorisation(options: { amountMinor: number; currency?: number }): ZvtApdu {
  return apdu(0x06, 0x22, ...amountAndCurrency(options));
}

/** 06 24 Book Total: takes (up to) the reserved amount of the reservation with this receipt number. */
export function bookTotal(options: { receiptNo: string; amountMinor: number; trace?: string }): ZvtApdu {
  return apdu(
    0x06,
    0x24,
    encodeBmp(BMP.receiptNo, receipt(options.receiptNo)),
    encodeBmp(BMP.amount, encodeAmount(options.amountMinor)),
    options.trace === undefined ? new Uint8Array() : encodeBmp(BMP.trace, encodeBcd(options.trace, 3)),
  );
}

/** 06 25 Pre-Authorisation Reversal: releases the reservation with this receipt number. */
export function preAuthorisationReversal(options: { receiptNo: string; amountMinor?: number }): ZvtApdu {
  return apdu(
    0x06,
    0x25,
    encodeBmp(BMP.receiptNo, receipt(options.receiptNo)),
    options.amountMinor === undefined ? new Uint8Array() : encodeBmp(BMP.amount, encodeAmount(options.amountMinor)),
  );
}

/** 06 30 Reversal: cancels the payment (sale or booking) with this receipt number, same day. */
export function reversal(options: { password: string; receiptNo: string }): ZvtApdu {
  return apdu(0x06, 0x30, password(options.password), encodeBmp(BMP.receiptNo, receipt(options.receiptNo)));
}

/** 06 31 Refund: pays an amount back to the card presented. */
export function refund(options: { password: string; amountMinor: number; currency?: number }): ZvtApdu {
  return apdu(0x06, 0x31, password(options.password), ...amountAndCurrency(options));
}

/** 06 50 End-of-Day. */
export function endOfDay(options: { password: string }): ZvtApdu {
  return apdu(0x06, 0x50, password(options.password));
}

/** 06 70 Diagnosis: the terminal checks itself and its link to the bank's host, and prints the result. */
export function diagnosis(options: { password: string }): ZvtApdu {
  return apdu(0x06, 0x70, password(options.password));
}

/** 06 20 Repeat Receipt: the terminal repeats the receipt (and data) of its last transaction. */
export function repeatReceipt(options: { password: string }): ZvtApdu {
  return apdu(0x06, 0x20, password(options.password));
}

/** 05 01 Status Enquiry. */
export function statusEnquiry(options: { password: string; serviceByte?: number }): ZvtApdu {
  return apdu(
    0x05,
    0x01,
    password(options.password),
    options.serviceByte === undefined
      ? new Uint8Array()
      : encodeBmp(BMP.serviceByte, Uint8Array.of(options.serviceByte)),
  );
}

/** 06 02 Log-Off. */
export function logOff(): ZvtApdu {
  return apdu(0x06, 0x02);
}

/** 06 B0 Abort: the ECR asks the PT to abort the transaction it is running (sent without master rights). */
export function abortCommand(): ZvtApdu {
  return apdu(0x06, 0xb0);
}

/** 80 00 00: positive acknowledgement. */
export function ack(): ZvtApdu {
  return { ...ACK_APDU, data: new Uint8Array() };
}

/** 84 xx 00: negative acknowledgement with an error code (e.g. 83 "function not possible"). */
export function nak(code: number): ZvtApdu {
  return { cls: 0x84, instr: code & 0xff, data: new Uint8Array() };
}

function amountAndCurrency(options: { amountMinor: number; currency?: number }): Uint8Array[] {
  return [
    encodeBmp(BMP.amount, encodeAmount(options.amountMinor)),
    options.currency === undefined ? new Uint8Array() : encodeBmp(BMP.currency, currency(options.currency)),
  ];
}

/** A command as the PT reads it. */
export type EcrCommand =
  | { type: 'registration'; password: string; configByte: number; currency?: string; serviceByte?: number }
  | { type: 'authorisation' | 'pre_authorisation'; amountMinor?: number; currency?: string }
  | { type: 'book_total'; receiptNo?: string; amountMinor?: number; trace?: string }
  | { type: 'pre_authorisation_reversal'; receiptNo?: string; amountMinor?: number }
  | { type: 'reversal'; password: string; receiptNo?: string }
  | { type: 'refund'; password: string; amountMinor?: number; currency?: string }
  | { type: 'end_of_day' | 'repeat_receipt' | 'status_enquiry' | 'diagnosis'; password: string }
  | { type: 'log_off' | 'abort' | 'ack' }
  | { type: 'nak'; code: number }
  | { type: 'unknown'; cls: number; instr: number }
  | { type: 'malformed'; cls: number; instr: number; reason: string };

/** Reads an APDU from the ECR. Never throws: what does not parse is `malformed`. */
export function parseEcrCommand(command: ZvtApdu): EcrCommand {
  const { cls, instr, data } = command;
  const malformed = (reason: string): EcrCommand => ({ type: 'malformed', cls, instr, reason });
  if (cls === 0x80) return { type: 'ack' };
  if (cls === 0x84) return { type: 'nak', code: instr };
  const withPassword = (): { password: string; fields: BmpField[] } | null => {
    const digits = data.length >= 3 ? decodeBcd(data.subarray(0, 3)) : null;
    if (digits === null) return null;
    const parsed = parseBmps(data, 3);
    return parsed.ok ? { password: digits, fields: parsed.fields } : null;
  };
  const bmps = (): BmpField[] | null => {
    const parsed = parseBmps(data);
    return parsed.ok ? parsed.fields : null;
  };
  const key = (cls << 8) | instr;
  switch (key) {
    case 0x0600: {
      const digits = data.length >= 4 ? decodeBcd(data.subarray(0, 3)) : null;
      if (digits === null) return malformed('registration needs a password and a config byte');
      const result: EcrCommand = { type: 'registration', password: digits, configByte: data[3] ?? 0 };
      // The currency code has no BMP number, and RUB (06 43) even starts like BMP 06: it is there
      // when two BCD bytes follow the config byte and the rest still reads as BMPs.
      const code = data.length >= 6 ? decodeBcd(data.subarray(4, 6)) : null;
      const afterCurrency = code === null ? null : parseBmps(data, 6);
      const rest: BmpResult = afterCurrency?.ok ? afterCurrency : parseBmps(data, 4);
      if (code !== null && afterCurrency?.ok) result.currency = code;
      if (!rest.ok) return malformed(`registration BMPs: ${rest.error.code}`);
      const service = findBmp(rest.fields, BMP.serviceByte);
      if (service) result.serviceByte = service.value[0] ?? 0;
      return result;
    }
    case 0x0601:
    case 0x0622: {
      const fields = bmps();
      if (!fields) return malformed('BMPs do not parse');
      return {
        type: key === 0x0601 ? 'authorisation' : 'pre_authorisation',
        ...amountOf(fields),
        ...digitsOf(fields, BMP.currency, 'currency'),
      };
    }
    case 0x0624: {
      const fields = bmps();
      if (!fields) return malformed('BMPs do not parse');
      return {
        type: 'book_total',
        ...digitsOf(fields, BMP.receiptNo, 'receiptNo'),
        ...amountOf(fields),
        ...digitsOf(fields, BMP.trace, 'trace'),
      };
    }
    case 0x0625: {
      const fields = bmps();
      if (!fields) return malformed('BMPs do not parse');
      return {
        type: 'pre_authorisation_reversal',
        ...digitsOf(fields, BMP.receiptNo, 'receiptNo'),
        ...amountOf(fields),
      };
    }
    case 0x0630: {
      const parsed = withPassword();
      if (!parsed) return malformed('reversal needs a password and BMPs');
      return { type: 'reversal', password: parsed.password, ...digitsOf(parsed.fields, BMP.receiptNo, 'receiptNo') };
    }
    case 0x0631: {
      const parsed = withPassword();
      if (!parsed) return malformed('refund needs a password and BMPs');
      return {
        type: 'refund',
        password: parsed.password,
        ...amountOf(parsed.fields),
        ...digitsOf(parsed.fields, BMP.currency, 'currency'),
      };
    }
    case 0x0650:
    case 0x0620:
    case 0x0670:
    case 0x0501: {
      const parsed = withPassword();
      if (!parsed) return malformed('password missing or BMPs do not parse');
      const type =
        key === 0x0650
          ? 'end_of_day'
          : key === 0x0620
            ? 'repeat_receipt'
            : key === 0x0670
              ? 'diagnosis'
              : 'status_enquiry';
      return { type, password: parsed.password };
    }
    case 0x0602:
      return { type: 'log_off' };
    case 0x06b0:
      return { type: 'abort' };
    default:
      return { type: 'unknown', cls, instr };
  }
}

function amountOf(fields: readonly BmpField[]): { amountMinor?: number } {
  const field = findBmp(fields, BMP.amount);
  const amount = field ? decodeBcdNumber(field.value) : null;
  return amount === null ? {} : { amountMinor: amount };
}

function digitsOf<K extends string>(fields: readonly BmpField[], id: number, name: K): { [P in K]?: string } {
  const field = findBmp(fields, id);
  const digits = field ? decodeBcd(field.value) : null;
  return (digits === null ? {} : { [name]: digits }) as { [P in K]?: string };
}
