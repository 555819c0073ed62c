/**
 * The parsers `fuzz-parsers.bench.ts` throws random bytes at: every parser of device bytes and
 * scanned codes. To fuzz a new parser, add one entry: a name, `run(bytes)` that feeds it one
 * case (and lets nothing but a bug throw), and optionally seeds (valid inputs the fuzzer mutates,
 * which reach deeper than random bytes do). Keep `run` a function of `bytes` alone, so that a
 * failing case printed as hex reproduces the failure.
 */
import { classifyCode } from '../drivers/codes/code-classifier';
import { parseGs1 } from '../drivers/codes/gs1';
import { parsePaymentQr } from '../drivers/codes/payment-qr';
import { DocumentFramer } from '../drivers/document/document-framing';
import { parseMrz } from '../drivers/document/mrz-parser';
import { RU_PASSPORT_SPECIMEN, TD1_SPECIMEN, TD2_SPECIMEN, TD3_SPECIMEN } from '../drivers/document/mrz-specimens';
import { EscPosPaperDecoder } from '../drivers/escpos/escpos-paper-decoder';
import {
  parseErrorCause,
  parseOfflineCause,
  parsePaperSensor,
  parsePrinterStatus,
} from '../drivers/escpos/escpos-status';
import { HID_POS_LAYOUT, NEWLAND_LAYOUT } from '../drivers/hid/hid-pos-profiles';
import { encodeHidPosReports, HidPosAssembler } from '../drivers/hid/hid-pos-report';
import {
  authoriseOutcomeFromResult,
  endOfDayFromResult,
  lastTransactionFromResult,
  parsePilotResult,
  parseSlip,
} from '../drivers/payment/pilot/pilot-result';
import { ApduStreamParser, encodeApdu } from '../drivers/payment/zvt/protocol/zvt-apdu';
import { parseEcrCommand, preAuthorisation, registration } from '../drivers/payment/zvt/protocol/zvt-commands';
import {
  abortMessage,
  intermediateStatus,
  parsePtMessage,
  printTextBlock,
  statusEnquiryCompletion,
  statusInformation,
} from '../drivers/payment/zvt/protocol/zvt-messages';
import { encodeSerialFrame, SerialFrameParser } from '../drivers/payment/zvt/protocol/zvt-serial-framing';
import { ScanFramer } from '../drivers/scanner/scan-framing';
import { decodeWedgeKey } from '../drivers/scanner/wedge-decoder';
import { WedgeBurstDetector } from '../drivers/scanner/wedge-timing';
import fakePilotJson from '../kiosk-config/payment-profiles/fake-pilot.json';
import sbPilotJson from '../kiosk-config/payment-profiles/sb-pilot.json';
import { PilotPaymentProfile, type PilotTextEncoding } from '../kiosk-config/src/config/payment-profile';
import { sbPilotResultLines } from '../test/support/sb-pilot-result';

/** One parser under fuzzing. */
export interface FuzzTarget {
  /** Shown in the results, e.g. `payment-qr`. */
  name: string;
  /** Feeds the parser one case. Must not throw: any exception is a bug the fuzzer reports. */
  run(bytes: Uint8Array): void;
  /** Valid inputs to mutate (about half the cases); without seeds every case is random bytes. */
  seeds?: readonly Uint8Array[];
  /** Longest random case in bytes (default 64). */
  maxLength?: number;
}

const utf8 = new TextEncoder();
const latin1 = new TextDecoder('latin1');
const utf8Decoder = new TextDecoder('utf-8');
const GS = '\u001d';

const PAYMENT =
  'ST00012|Name=УФК по Тамбовской области (МФЦ)|PersonalAcc=03100643000000016400|BankName=ОТДЕЛЕНИЕ ТАМБОВ|BIC=016850200|CorrespAcc=40102810645370000057|Sum=350000|Purpose=Госпошлина|PayeeINN=6829012345|KPP=682901001|CBC=18810806000018003110|OKTMO=68701000';
const MARKING = `0104600439931256215!&QdZxT3kP+X${GS}91EE06${GS}92dGVzdGNyeXB0b3RhaWxmb3Jva25vZml4dHVyZXMwMDA=`;
const GS1_SEEDS = [
  MARKING,
  `]d2${MARKING}`,
  `010460043993125617270200${GS}10LOT-7${GS}11991231`,
  `01046004399312563103001250${GS}3922199${GS}39316431500`,
  '(01)04600439931256(17)270228(10)A(1)',
  `]C1${GS}00106141411234567897`,
];

/** The card pilots' result layouts (sb_pilot's and the fake's) and a result of each shape. */
const PILOT_PROFILES = [PilotPaymentProfile.parse(sbPilotJson), PilotPaymentProfile.parse(fakePilotJson)];
const PILOT_ENCODINGS: PilotTextEncoding[] = ['utf-8', 'cp866', 'koi8-r', 'windows-1251'];
// sb_pilot's approval plus the fake pilot's lines 14-15 (operation, amount); no final line break.
const PILOT_RESULT = [...sbPilotResultLines(), '1', '35000'].join('\n');

/** Splits a case in two at a point the case itself chooses: framing bugs hide at chunk borders. */
function split(bytes: Uint8Array): [Uint8Array, Uint8Array] {
  const at = bytes.length === 0 ? 0 : (bytes[0] ?? 0) % (bytes.length + 1);
  return [bytes.subarray(0, at), bytes.subarray(at)];
}

const statusTarget = (name: string, parse: (byte: number) => unknown): FuzzTarget => ({
  name,
  maxLength: 8,
  run(bytes) {
    for (const byte of bytes) parse(byte);
  },
});

/** Key codes a wedge scanner and a person press, indexed by a byte of the case. */
const WEDGE_CODES = [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((c) => `Key${c}`),
  ...'0123456789'.split('').map((d) => `Digit${d}`),
  'Minus',
  'Slash',
  'BracketRight',
  'Period',
  'Enter',
  'Tab',
  'ShiftLeft',
  'ArrowUp',
  'F5',
  'Numpad3',
  'constructor',
];

/** ZVT APDUs of both directions, as the kiosk and the terminal send them: seeds for the ZVT targets. */
const ZVT_APDUS = [
  registration({ password: '000000', configByte: 0xbe, currency: 643 }),
  preAuthorisation({ amountMinor: 35000, currency: 643 }),
  intermediateStatus(0x01, { timeoutSeconds: 30, text: 'Введите ПИН' }),
  statusInformation(
    { resultCode: 0, amountMinor: 35000, trace: 1, time: '140307', date: '0305', panLast4: '4242', receiptNo: 1 },
    'cp866',
  ),
  printTextBlock(['ОПЛАТА', 'Сумма: 350.00'], 2, 'cp866'),
  statusEnquiryCompletion({ softwareVersion: 'OKNO', terminalStatus: 0, terminalId: '29001234' }),
  abortMessage(0x6c),
].map(encodeApdu);

/** Feeds the parsers of both sides one APDU; the case's first byte picks the completion's context. */
function parseZvtApdu(apdu: Parameters<typeof parsePtMessage>[0], flags: number): void {
  parsePtMessage(apdu, { afterStatusEnquiry: (flags & 1) === 1, encoding: flags & 2 ? 'windows-1251' : 'cp866' });
  parseEcrCommand(apdu);
}

/** Every fuzz target; `fuzz-parsers.bench.ts` runs them in this order. */
export const fuzzTargets: FuzzTarget[] = [
  statusTarget('escpos-printer-status', parsePrinterStatus),
  statusTarget('escpos-offline-cause', parseOfflineCause),
  statusTarget('escpos-error-cause', parseErrorCause),
  statusTarget('escpos-paper-sensor', parsePaperSensor),
  {
    name: 'escpos-paper-decoder',
    maxLength: 96,
    seeds: [
      Uint8Array.of(0x1b, 0x40, 0x1b, 0x74, 46, 0xc0, 0xe1, 0x0a, 0x1d, 0x56, 0x01),
      Uint8Array.of(
        0x1d,
        0x28,
        0x6b,
        0x07,
        0x00,
        0x31,
        0x50,
        0x30,
        0x41,
        0x42,
        0x43,
        0x44,
        0x1d,
        0x28,
        0x6b,
        0x03,
        0x00,
        0x31,
        0x51,
        0x30,
      ),
      Uint8Array.of(0x10, 0x04, 0x01, 0x1b, 0x61, 0x01, 0x1d, 0x21, 0x11, 0x41, 0x0a),
    ],
    run(bytes) {
      const decoder = new EscPosPaperDecoder({ columns: 48 });
      const [a, b] = split(bytes);
      decoder.push(a);
      decoder.push(b);
    },
  },
  {
    name: 'scan-framer-suffix',
    seeds: [utf8.encode(`]Q1${PAYMENT}\r\n`), utf8.encode(`@@]d2${MARKING}\r4607001234562\r`)],
    maxLength: 96,
    run(bytes) {
      const suffixes = ['CR', 'LF', 'CRLF', 'TAB'] as const;
      const framer = new ScanFramer({
        suffix: suffixes[(bytes[0] ?? 0) & 3] ?? 'CR',
        prefix: '@@',
        charset: (bytes[1] ?? 0) & 1 ? 'windows-1251' : 'utf-8',
        maxFrameBytes: 64,
      });
      const [a, b] = split(bytes);
      framer.push(a);
      framer.push(b);
    },
  },
  {
    name: 'scan-framer-silence',
    maxLength: 96,
    run(bytes) {
      let now = 0;
      const framer = new ScanFramer({ silenceMs: 50, clock: () => now, maxFrameBytes: 64 });
      // Chunks of up to 8 bytes, each after a gap the case chooses.
      for (let at = 0; at < bytes.length; at += 8) {
        now += (bytes[at] ?? 0) % 100;
        framer.flushIfSilent();
        framer.push(bytes.subarray(at, at + 8));
      }
      now += 1000;
      framer.flushIfSilent();
    },
  },
  {
    name: 'hid-pos-reports',
    maxLength: 200,
    seeds: [
      ...encodeHidPosReports(utf8.encode(PAYMENT), { aim: ']Q1', vendorSymbology: 0x73 }).slice(0, 2),
      ...encodeHidPosReports(utf8.encode(MARKING), { aim: ']d2' }),
    ],
    run(bytes) {
      const assembler = new HidPosAssembler({
        layout: (bytes[0] ?? 0) & 1 ? NEWLAND_LAYOUT : HID_POS_LAYOUT,
        maxBytes: 128,
      });
      // Reports of a length the case chooses, most of them scanned-data reports (id 2).
      let at = 0;
      while (at < bytes.length) {
        const length = 1 + ((bytes[at] ?? 0) % 64);
        const report = bytes.slice(at, at + length);
        if (report[0] !== undefined && report[0] < 0xe0) report[0] = 0x02;
        assembler.push(report);
        at += length;
      }
    },
  },
  {
    name: 'wedge-decode-timing',
    maxLength: 128,
    run(bytes) {
      const detector = new WedgeBurstDetector();
      let now = 0;
      // Pairs of bytes: the key (and Shift/Ctrl from the high bits), then the gap in ms.
      for (let at = 0; at + 1 < bytes.length; at += 2) {
        const b = bytes[at] ?? 0;
        const code = WEDGE_CODES[b % WEDGE_CODES.length] ?? 'KeyA';
        now += (bytes[at + 1] ?? 0) % 64;
        const key = decodeWedgeKey({
          code,
          shift: (b & 0x40) !== 0,
          control: (b & 0x80) !== 0,
          alt: false,
          meta: false,
        });
        detector.push(key, now);
      }
      detector.tick(now + 1000);
    },
  },
  {
    name: 'payment-qr',
    maxLength: 160,
    seeds: [
      utf8.encode(PAYMENT),
      utf8.encode(PAYMENT.replace('ST00012', 'ST00011')),
      utf8.encode('ST00012|Name=A|PersonalAcc=1'),
    ],
    run(bytes) {
      // From the bytes (serial, HID) or from text (a wedge scan): odd cases go as text.
      parsePaymentQr((bytes[bytes.length - 1] ?? 0) & 1 ? utf8Decoder.decode(bytes) : bytes);
    },
  },
  {
    name: 'gs1',
    maxLength: 96,
    seeds: GS1_SEEDS.map((s) => utf8.encode(s)),
    run(bytes) {
      parseGs1(latin1.decode(bytes), { referenceYear: 2026 });
    },
  },
  {
    name: 'code-classifier',
    maxLength: 160,
    seeds: [utf8.encode(PAYMENT), ...GS1_SEEDS.map((s) => utf8.encode(s))],
    run(bytes) {
      const text = utf8Decoder.decode(bytes);
      classifyCode({ text, bytes, ...((bytes[0] ?? 0) & 1 ? { symbology: ']d2' } : {}) }, { referenceYear: 2026 });
    },
  },
  {
    name: 'pilot-result',
    maxLength: 400,
    seeds: [
      utf8.encode(PILOT_RESULT),
      utf8.encode('4451,Недостаточно средств\r\n\r\n'),
      utf8.encode('2000,Операция прервана'),
      utf8.encode('0,Сверка итогов\nИТОГО        2       1 050.00\n'),
    ],
    run(bytes) {
      // The case picks the profile and the encoding; the result feeds every outcome built on it.
      const profile = PILOT_PROFILES[(bytes[0] ?? 0) & 1] ?? PILOT_PROFILES[0];
      const encoding = PILOT_ENCODINGS[((bytes[0] ?? 0) >> 1) & 3] ?? 'utf-8';
      if (!profile) return;
      const result = parsePilotResult(bytes, { ...profile.result, encoding });
      const slip = parseSlip(bytes, encoding);
      authoriseOutcomeFromResult(result, { amountMinor: 35000, slip, now: '2026-01-01T00:00:00.000Z' });
      endOfDayFromResult(result, slip, profile.operations.endOfDay.totals);
      const last = profile.operations.lastTransaction;
      if (last) lastTransactionFromResult(result, last, { slip, now: '2026-01-01T00:00:00.000Z' });
    },
  },
  {
    name: 'mrz-document',
    maxLength: 200,
    seeds: [TD3_SPECIMEN, TD1_SPECIMEN, TD2_SPECIMEN, RU_PASSPORT_SPECIMEN].map((zone) =>
      utf8.encode(`${zone.join('\r')}\r\r`),
    ),
    run(bytes) {
      // As the serial reader frames and parses it (blank-line or ETX framing, the case chooses),
      // and as one text. A fixed "today" keeps each case reproducible from its bytes.
      const today = new Date(2026, 0, 1);
      const documentTerminator = (bytes[1] ?? 0) & 1 ? 'ETX' : 'blank-line';
      const framer = new DocumentFramer({ framing: { lineTerminator: 'CR', documentTerminator } });
      const [a, b] = split(bytes);
      for (const lines of [...framer.push(a), ...framer.push(b)]) parseMrz(lines, { today });
      parseMrz(latin1.decode(bytes), { today });
    },
  },
  {
    name: 'zvt-serial-framing',
    maxLength: 200,
    seeds: ZVT_APDUS.map(encodeSerialFrame),
    run(bytes) {
      // RS-232: frames (DLE stuffing, CRC), ACK/NAK bytes and noise, split where the case says.
      const parser = new SerialFrameParser();
      const [a, b] = split(bytes);
      for (const event of [...parser.push(a), ...parser.push(b)]) {
        if (event.type === 'frame') parseZvtApdu(event.apdu, bytes[0] ?? 0);
      }
    },
  },
  {
    name: 'zvt-apdu-stream',
    maxLength: 200,
    seeds: ZVT_APDUS,
    run(bytes) {
      // TCP/IP: raw APDUs back to back, extended lengths included.
      const parser = new ApduStreamParser({ maxApduBytes: 4096 });
      const [a, b] = split(bytes);
      for (const apdu of [...parser.push(a), ...parser.push(b)]) parseZvtApdu(apdu, bytes[0] ?? 0);
      // And the case as one APDU's data under each PT message's control field.
      for (const [cls, instr] of [
        [0x04, 0x0f],
        [0x04, 0xff],
        [0x06, 0x0f],
        [0x06, 0x1e],
        [0x06, 0xd3],
        [0x06, 0x00],
      ] as const) {
        parseZvtApdu({ cls, instr, data: bytes }, bytes[1] ?? 0);
      }
    },
  },
];
