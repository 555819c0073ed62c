import { describe, expect, it } from 'vitest';
import { readHexCapture } from '../../../test-support/hex-captures';
import { apduSize, decodeApdu, encodeApdu, type ZvtApdu } from './zvt-apdu';
import { decodeBcd, decodeVarLength, encodeAmount, encodeBcd, encodeVarLength } from './zvt-bcd';
import { encodeBmp, parseBmps } from './zvt-bmp';
import { describeResultCode, promptKindOf } from './zvt-codes';
import * as commands from './zvt-commands';
import { parseEcrCommand } from './zvt-commands';
import {
  abortMessage,
  completion,
  intermediateStatus,
  type PtMessage,
  parsePtMessage,
  printLine,
  printTextBlock,
  statusEnquiryCompletion,
  statusInformation,
} from './zvt-messages';
import { findTlv, parseTlvSequence } from './zvt-tlv';
import { encodeTotals, maskedPanOf, panLast4, parseTotals } from './zvt-transaction-data';

const FIXTURES = `${import.meta.dirname}/../fixtures`;
const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/), (pair) => Number.parseInt(pair, 16));
const toHex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join(' ')
    .toUpperCase();
const encoded = (apdu: ZvtApdu) => toHex(encodeApdu(apdu));

/** The one APDU of a capture file. */
function capture(name: string): ZvtApdu {
  const [record] = readHexCapture(`${FIXTURES}/${name}`).records;
  if (!record) throw new Error(`${name} is empty`);
  const decoded = decodeApdu(record);
  if (!decoded.ok) throw new Error(`${name} is not one APDU: ${decoded.error.code}`);
  return decoded.apdu;
}

function parsed<T extends PtMessage['type']>(message: PtMessage, type: T): Extract<PtMessage, { type: T }> {
  expect(message.type).toBe(type);
  return message as Extract<PtMessage, { type: T }>;
}

describe('BCD and variable lengths', () => {
  it('packs digits two to a byte, most significant first, left-padded', () => {
    expect(toHex(encodeBcd('123456', 3))).toBe('12 34 56');
    expect(toHex(encodeBcd('643', 2))).toBe('06 43');
    expect(toHex(encodeAmount(2500))).toBe('00 00 00 00 25 00');
    expect(decodeBcd(hex('00 04 70'))).toBe('000470');
    expect(decodeBcd(hex('EE 47'))).toBeNull();
    expect(() => encodeBcd('1234567', 3)).toThrow(RangeError);
    expect(() => encodeAmount(1.5)).toThrow(RangeError);
    expect(() => encodeAmount(-1)).toThrow(RangeError);
  });

  it('writes LLVAR and LLLVAR lengths as FxFy / FxFyFz (spec chapter 8)', () => {
    expect(toHex(encodeVarLength(17, 2))).toBe('F1 F7');
    expect(toHex(encodeVarLength(40, 3))).toBe('F0 F4 F0');
    expect(decodeVarLength(hex('F1 F7'), 0, 2)).toBe(17);
    expect(decodeVarLength(hex('F1 FA'), 0, 2)).toBeNull();
    expect(decodeVarLength(hex('F1'), 0, 2)).toBeNull();
    expect(() => encodeVarLength(100, 2)).toThrow(RangeError);
  });
});

describe('APDU', () => {
  it('uses one length byte up to 254 bytes and FF + two bytes little-endian beyond', () => {
    expect(encoded({ cls: 0x80, instr: 0x00, data: new Uint8Array() })).toBe('80 00 00');
    const long = encodeApdu({ cls: 0x06, instr: 0xd3, data: new Uint8Array(654) });
    // 654 = 0x028E, sent 8E 02 (as in Portalum.Zvt's captured 06 D3 FF 8E 02 text blocks).
    expect(toHex(long.subarray(0, 5))).toBe('06 D3 FF 8E 02');
    expect(apduSize(long)).toBe(659);
    expect(toHex(encodeApdu({ cls: 6, instr: 1, data: new Uint8Array(255) }).subarray(0, 5))).toBe('06 01 FF FF 00');
    expect(toHex(encodeApdu({ cls: 6, instr: 1, data: new Uint8Array(254) }).subarray(0, 3))).toBe('06 01 FE');
    const decoded = decodeApdu(long);
    expect(decoded.ok && decoded.apdu.data.length).toBe(654);
    expect(decodeApdu(hex('06 01 02 04'))).toEqual({ ok: false, error: { code: 'length_mismatch' } });
    expect(decodeApdu(hex('06 01'))).toEqual({ ok: false, error: { code: 'too_short' } });
  });
});

describe('commands from the ECR, byte for byte', () => {
  it('Registration: the example of spec 2.1, 06 00 06 12 34 56 BA 09 78', () => {
    const apdu = commands.registration({ password: '123456', configByte: 0xba, currency: 978 });
    expect(encoded(apdu)).toBe('06 00 06 12 34 56 BA 09 78');
    expect(parseEcrCommand(apdu)).toEqual({
      type: 'registration',
      password: '123456',
      configByte: 0xba,
      currency: '0978',
    });
  });

  it('Registration of the kiosk: config BE, roubles (06 43, which looks like BMP 06) and a service byte', () => {
    const apdu = commands.registration({
      password: '000000',
      configByte: commands.KIOSK_CONFIG_BYTE,
      currency: 643,
      serviceByte: 0x02,
    });
    expect(encoded(apdu)).toBe('06 00 08 00 00 00 BE 06 43 03 02');
    expect(parseEcrCommand(apdu)).toEqual({
      type: 'registration',
      password: '000000',
      configByte: 0xbe,
      currency: '0643',
      serviceByte: 2,
    });
    // The currency code is optional and has no BMP number: after the config byte, 03 xx reads as
    // a service byte only when it cannot be a currency code followed by BMPs.
    const bare = commands.registration({ password: '000000', configByte: 0xbe, serviceByte: 0x02 });
    expect(parseEcrCommand(bare)).toEqual({
      type: 'registration',
      password: '000000',
      configByte: 0xbe,
      currency: '0302',
    });
    const withTlv = { cls: 6, instr: 0, data: hex('00 00 00 BE 06 02 26 00') };
    expect(parseEcrCommand(withTlv)).toEqual({ type: 'registration', password: '000000', configByte: 0xbe });
  });

  it('Authorisation of 25.00: 06 01 07 04 00 00 00 00 25 00 (spec 2.2, amount as BMP 04)', () => {
    expect(encoded(commands.authorisation({ amountMinor: 2500 }))).toBe('06 01 07 04 00 00 00 00 25 00');
    // With the currency, as python-ecrterm's captured 110.00 EUR: 06 01 0A 04 … 49 09 78.
    const withCurrency = commands.authorisation({ amountMinor: 11000, currency: 978 });
    expect(encoded(withCurrency)).toBe('06 01 0A 04 00 00 00 01 10 00 49 09 78');
    expect(parseEcrCommand(withCurrency)).toEqual({ type: 'authorisation', amountMinor: 11000, currency: '0978' });
  });

  // The commands below are built by hand from the field definitions of spec rev. 13.06 (2.8,
  // 2.9, 2.12–2.15 and Repeat Receipt, Status Enquiry, Log-Off, Abort): no published example.
  it('Pre-Authorisation 06 22 of 350.00 RUB: amount and currency 0643', () => {
    const apdu = commands.preAuthorisation({ amountMinor: 35000, currency: 643 });
    expect(encoded(apdu)).toBe('06 22 0A 04 00 00 00 03 50 00 49 06 43');
    expect(parseEcrCommand(apdu)).toEqual({ type: 'pre_authorisation', amountMinor: 35000, currency: '0643' });
  });

  it('Book Total 06 24: receipt number, amount, trace', () => {
    const apdu = commands.bookTotal({ receiptNo: '0042', amountMinor: 35000, trace: '000123' });
    expect(encoded(apdu)).toBe('06 24 0E 87 00 42 04 00 00 00 03 50 00 0B 00 01 23');
    expect(parseEcrCommand(apdu)).toEqual({
      type: 'book_total',
      receiptNo: '0042',
      amountMinor: 35000,
      trace: '000123',
    });
  });

  it('Pre-Authorisation Reversal 06 25: receipt number and amount', () => {
    const apdu = commands.preAuthorisationReversal({ receiptNo: '0042', amountMinor: 35000 });
    expect(encoded(apdu)).toBe('06 25 0A 87 00 42 04 00 00 00 03 50 00');
    expect(parseEcrCommand(apdu)).toEqual({
      type: 'pre_authorisation_reversal',
      receiptNo: '0042',
      amountMinor: 35000,
    });
  });

  it('Reversal 06 30: password, then the receipt number', () => {
    const apdu = commands.reversal({ password: '000000', receiptNo: '0043' });
    expect(encoded(apdu)).toBe('06 30 06 00 00 00 87 00 43');
    expect(parseEcrCommand(apdu)).toEqual({ type: 'reversal', password: '000000', receiptNo: '0043' });
  });

  it('Refund 06 31: password, amount, currency', () => {
    const apdu = commands.refund({ password: '000000', amountMinor: 100, currency: 643 });
    expect(encoded(apdu)).toBe('06 31 0D 00 00 00 04 00 00 00 00 01 00 49 06 43');
    expect(parseEcrCommand(apdu)).toEqual({ type: 'refund', password: '000000', amountMinor: 100, currency: '0643' });
  });

  it('End-of-Day, Repeat Receipt and Status Enquiry carry the password; Log-Off and Abort nothing', () => {
    expect(encoded(commands.endOfDay({ password: '000000' }))).toBe('06 50 03 00 00 00');
    expect(encoded(commands.repeatReceipt({ password: '000000' }))).toBe('06 20 03 00 00 00');
    // python-ecrterm's captured Status Enquiry: 05 01 03 12 34 56.
    expect(encoded(commands.statusEnquiry({ password: '123456' }))).toBe('05 01 03 12 34 56');
    expect(encoded(commands.logOff())).toBe('06 02 00');
    expect(encoded(commands.abortCommand())).toBe('06 B0 00');
    expect(encoded(commands.ack())).toBe('80 00 00');
    expect(encoded(commands.nak(0x83))).toBe('84 83 00');
    expect(parseEcrCommand(commands.statusEnquiry({ password: '123456' }))).toEqual({
      type: 'status_enquiry',
      password: '123456',
    });
    expect(parseEcrCommand(commands.abortCommand())).toEqual({ type: 'abort' });
    expect(parseEcrCommand(commands.logOff())).toEqual({ type: 'log_off' });
  });

  it('reads what it cannot parse as malformed or unknown, never throwing', () => {
    expect(parseEcrCommand({ cls: 0x06, instr: 0x30, data: hex('00 00') })).toMatchObject({ type: 'malformed' });
    expect(parseEcrCommand({ cls: 0x06, instr: 0x01, data: hex('04 00 00') })).toMatchObject({ type: 'malformed' });
    expect(parseEcrCommand({ cls: 0x06, instr: 0x00, data: hex('12') })).toMatchObject({ type: 'malformed' });
    expect(parseEcrCommand({ cls: 0x08, instr: 0x50, data: hex('01') })).toEqual({
      type: 'unknown',
      cls: 8,
      instr: 0x50,
    });
  });
});

describe('messages from the PT: captures from real terminals', () => {
  it('reads a Status-Information after an approved payment (hobex, via Portalum.Zvt), masking the PAN', () => {
    const message = parsed(
      parsePtMessage(capture('status-information-approved.hex'), { encoding: 'ascii' }),
      'status_information',
    );
    expect(message.data).toEqual({
      resultCode: 0,
      amountMinor: 2040,
      trace: '000470',
      time: '223953',
      date: '1006',
      paymentType: 0x70,
      panLast4: '4771',
      terminalId: '28004869',
      vu: '100461763',
      authCode: '611804',
      additionalText: 'GEN.NR.:611804',
      currency: '0978',
      receiptNo: '0470',
      turnoverNo: '000470',
      cardType: 0x2e,
      cardName: 'Debit Mastercard',
    });
    // The expiry date (BMP 0E) was in the capture and is not kept.
    expect(JSON.stringify(message)).not.toContain('2512');
  });

  it('reads the TLV container of a Status-Information generically, tags and bytes kept', () => {
    const message = parsed(parsePtMessage(capture('status-information-tlv.hex')), 'status_information');
    expect(message.data).toMatchObject({
      resultCode: 0,
      terminalId: '00000006',
      receiptNo: '0008',
      cardName: 'MASTERCARD',
    });
    const tlv = message.data.tlv ?? [];
    expect(tlv.map((o) => o.tagHex)).toEqual(['2F', '60', '1F2B']);
    expect(tlv[0]?.children?.map((o) => [o.tagHex, toHex(o.value)])).toEqual([
      ['1F12', '02'],
      ['1F10', '00'],
    ]);
    expect(findTlv(tlv, '43')?.value).toEqual(hex('A0 00 00 00 04 10 10'));
    expect(findTlv(tlv, '1F2B')?.value).toEqual(hex('10 01 50 08'));
  });

  it('reads an Abort (06 1E) after the ECR aborted: result code 6C, TLV kept (python-ecrterm)', () => {
    const message = parsed(parsePtMessage(capture('abort-by-ecr.hex'), { encoding: 'ascii' }), 'abort');
    expect(message.resultCode).toBe(0x6c);
    expect(describeResultCode(message.resultCode)).toBe('aborted by the cardholder or by time-out');
    expect(findTlv(message.data.tlv ?? [], '1F16')?.value).toEqual(hex('FF 00 00 14 41'));
  });

  it('reads the Completion of a Status Enquiry: software version, terminal status (python-ecrterm)', () => {
    const apdu = capture('completion-status-enquiry.hex');
    const message = parsed(parsePtMessage(apdu, { afterStatusEnquiry: true }), 'completion');
    expect(message.softwareVersion).toBe('GER-APP-v2.0.9;cR02.01.01-00.09-2-2;CC26');
    expect(message.terminalStatus).toBe(0);
    expect(message.data.tlv?.map((o) => o.tagHex)).toContain('1F44');
  });

  it('reads a Print Text-Block: receipt type and lines (administration receipt, via Portalum.Zvt)', () => {
    const message = parsed(
      parsePtMessage(capture('print-text-block-administration.hex'), { encoding: 'ascii' }),
      'print_text_block',
    );
    expect(message.receiptType).toBe(3);
    expect(message.lines[0]).toBe('02.11.2021         17:05:02');
    expect(message.lines).toContain('Abschluss - keine TX');
    expect(message.lines).toHaveLength(13);
  });
});

describe('messages from the PT: built by the simulator, read back', () => {
  it('Status-Information round-trips the fields Okno uses; the PAN goes as EEEEEEEEEEEE4242', () => {
    const apdu = statusInformation(
      {
        resultCode: 0,
        amountMinor: 35000,
        trace: 123,
        time: '140307',
        date: '0305',
        panLast4: '4242',
        terminalId: '29001234',
        vu: 'OKNO-MFC-001',
        authCode: '123456',
        currency: 643,
        receiptNo: 42,
        cardName: 'MIR',
        additionalText: 'RRN:602412345678',
      },
      'cp866',
    );
    expect(toHex(apdu.data)).toContain('22 F0 F8 EE EE EE EE EE EE 42 42');
    const message = parsed(parsePtMessage(apdu), 'status_information');
    expect(message.data).toEqual({
      resultCode: 0,
      amountMinor: 35000,
      trace: '000123',
      time: '140307',
      date: '0305',
      panLast4: '4242',
      terminalId: '29001234',
      vu: 'OKNO-MFC-001',
      authCode: '123456',
      currency: '0643',
      receiptNo: '0042',
      cardName: 'MIR',
      additionalText: 'RRN:602412345678',
    });
  });

  it('Intermediate Status 04 FF: the status byte, a time-out, and the display text in TLV tag 24', () => {
    expect(encoded(intermediateStatus(0x0a))).toBe('04 FF 01 0A');
    const withText = intermediateStatus(0x01, { timeoutSeconds: 30, text: 'Введите ПИН' });
    expect(parsePtMessage(withText)).toEqual({
      type: 'intermediate_status',
      status: 1,
      timeoutSeconds: 30,
      text: 'Введите ПИН',
    });
    expect(promptKindOf(0x0a)).toBe('present_card');
    expect(promptKindOf(0x01)).toBe('enter_pin');
    expect(promptKindOf(0x0e)).toBe('processing');
    expect(promptKindOf(0x0d)).toBe('other');
    expect(promptKindOf(0x4b)).toBe('remove_card');
    expect(promptKindOf(0x1d)).toBe('declined');
  });

  it('Print Line, Print Text-Block (Cyrillic in CP866), Completion and Abort', () => {
    expect(encoded(printLine('Gesamt      0       0,00'))).toBe(
      '06 D1 19 00 47 65 73 61 6D 74 20 20 20 20 20 20 30 20 20 20 20 20 20 20 30 2C 30 30',
    );
    const block = printTextBlock(['ОПЛАТА', 'Сумма: 350.00'], 2, 'cp866');
    expect(parsePtMessage(block)).toEqual({
      type: 'print_text_block',
      receiptType: 2,
      lines: ['ОПЛАТА', 'Сумма: 350.00'],
    });
    expect(parsePtMessage(block, { encoding: 'windows-1251' })).not.toEqual(parsePtMessage(block));
    expect(encoded(completion({ terminalStatus: 0, terminalId: '29001234', currency: 643 }))).toBe(
      '06 0F 0A 29 29 00 12 34 49 06 43 19 00',
    );
    expect(parsePtMessage(completion({ terminalStatus: 0, terminalId: '29001234' }))).toMatchObject({
      type: 'completion',
      terminalStatus: 0,
      data: { terminalId: '29001234' },
    });
    const enquiry = statusEnquiryCompletion({
      softwareVersion: 'OKNO-SIM 1.0',
      terminalStatus: 0xdf,
      terminalId: '29001234',
    });
    expect(parsePtMessage(enquiry, { afterStatusEnquiry: true })).toMatchObject({
      type: 'completion',
      softwareVersion: 'OKNO-SIM 1.0',
      terminalStatus: 0xdf,
      data: { terminalId: '29001234' },
    });
    expect(encoded(abortMessage(0x6c))).toBe('06 1E 01 6C');
    expect(parsePtMessage(abortMessage(0x05, { additionalText: 'ОТКАЗ' }))).toMatchObject({
      type: 'abort',
      resultCode: 5,
      data: { additionalText: 'ОТКАЗ' },
    });
  });

  it('reads damaged messages as malformed, never throwing', () => {
    expect(parsePtMessage({ cls: 0x04, instr: 0x0f, data: hex('04 00 00') })).toMatchObject({ type: 'malformed' });
    expect(parsePtMessage({ cls: 0x04, instr: 0x0f, data: hex('FF 01') })).toMatchObject({ type: 'malformed' });
    expect(parsePtMessage({ cls: 0x04, instr: 0xff, data: new Uint8Array() })).toMatchObject({ type: 'malformed' });
    expect(parsePtMessage({ cls: 0x06, instr: 0xd3, data: hex('06 05 25 01') })).toMatchObject({ type: 'malformed' });
    expect(parsePtMessage({ cls: 0x06, instr: 0x1e, data: new Uint8Array() })).toMatchObject({
      type: 'abort',
      resultCode: 0xff,
    });
    expect(parsePtMessage({ cls: 0x04, instr: 0x01, data: new Uint8Array() })).toEqual({
      type: 'other',
      cls: 4,
      instr: 1,
    });
  });
});

describe('BMPs, TLV, PAN and totals', () => {
  it('reads fixed, LLVAR, LLLVAR and TLV BMPs, and stops at an unknown one', () => {
    const data = hex('27 00 8B F0 F3 4D 49 52 3C F0 F0 F2 41 42 06 03 1F 07 01');
    const result = parseBmps(data);
    expect(result.ok && result.fields.map((f) => [f.id, toHex(f.value)])).toEqual([
      [0x27, '00'],
      [0x8b, '4D 49 52'],
      [0x3c, '41 42'],
      [0x06, '1F 07 01'],
    ]);
    expect(parseBmps(hex('27 00 FE 01'))).toMatchObject({
      ok: false,
      error: { code: 'unknown_bmp', bmp: 0xfe, offset: 2 },
    });
    expect(parseBmps(hex('04 00 00'))).toMatchObject({ ok: false, error: { code: 'truncated', bmp: 4 } });
    expect(parseBmps(hex('8B F0 1A'))).toMatchObject({ ok: false, error: { code: 'bad_length' } });
    expect(() => encodeBmp(0x04, hex('00'))).toThrow(RangeError);
  });

  it('parses BER-TLV lengths 81 xx and 82 xx xx (big-endian), and bounds its depth', () => {
    const long = new Uint8Array(300).fill(0x41);
    const sequence = Uint8Array.from([0x07, 0x82, 0x01, 0x2c, ...long, 0x07, 0x81, 0x80, ...new Uint8Array(128)]);
    const parsedTlv = parseTlvSequence(sequence);
    expect(parsedTlv.ok && parsedTlv.objects.map((o) => o.value.length)).toEqual([300, 128]);
    expect(parseTlvSequence(hex('07 05 41'))).toMatchObject({ ok: false, error: { code: 'truncated' } });
    expect(parseTlvSequence(hex('07 83 00 00 01'))).toMatchObject({ ok: false, error: { code: 'bad_length' } });
    expect(parseTlvSequence(hex('1F 81 81 81 81 01 00'))).toMatchObject({ ok: false, error: { code: 'tag_too_long' } });
    let nested = hex('07 00');
    for (let i = 0; i < 12; i++) nested = Uint8Array.from([0x25, nested.length, ...nested]);
    const deep = parseTlvSequence(nested);
    expect(deep.ok).toBe(true);
  });

  it('keeps at most four PAN digits, even from an unmasked PAN', () => {
    expect(panLast4(hex('EE EE EE EE EE EE 47 71'))).toBe('4771');
    expect(panLast4(hex('42 42 42 42 42 42 42 42'))).toBe('4242');
    expect(panLast4(hex('67 62 EE EE EE EE 12 3F'))).toBe('123');
    expect(maskedPanOf('4242')).toBe('**** **** **** 4242');
    expect(maskedPanOf('4242424242424242')).toBe('**** **** **** 4242');
    expect(maskedPanOf(undefined)).toBe('**** **** **** ****');
  });

  it('round-trips the end-of-day totals of BMP 60', () => {
    const totals = {
      receiptFrom: '0001',
      receiptTo: '0007',
      groups: [
        { name: 'girocard', count: 0, amountMinor: 0 },
        { name: 'JCB', count: 0, amountMinor: 0 },
        { name: 'Eurocard', count: 0, amountMinor: 0 },
        { name: 'Amex', count: 0, amountMinor: 0 },
        { name: 'VISA', count: 1, amountMinor: 1000 },
        { name: 'Diners', count: 0, amountMinor: 0 },
        { name: 'remaining', count: 3, amountMinor: 105000 },
      ],
    };
    const bytes = encodeTotals(totals);
    expect(bytes).toHaveLength(53);
    expect(parseTotals(bytes)).toEqual(totals);
    expect(parseTotals(bytes.subarray(0, 18))?.groups).toHaveLength(2);
    expect(parseTotals(hex('00 01'))).toBeNull();
  });
});
