/**
 * The standard queue ticket encoded by our ESC/POS encoder and by two peers in one run:
 * `@point-of-sale/receipt-printer-encoder` (used directly) and `node-thermal-printer`. For each:
 * bytes per ticket, encodes per second, both also as ratios to ours, and how many '?' the peer
 * put where it could not encode a character (ours refuses such text instead). Then the wire time
 * of our ticket as sent (with the `GS r 1` confirmation request) at 9600 and 115200 baud.
 *
 * The same ticket for all: the layout of `tickets/ticket-receipt.ts` on an 80 mm printer,
 * 48 columns, CP866 (ESC t 17). Each encoder builds it from scratch in each iteration, as the
 * kiosk does for each visitor.
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import * as thermal from 'node-thermal-printer';
import { transmitStatusRequest } from '../drivers/escpos/escpos-commands';
import { encodeReceipt } from '../drivers/escpos/escpos-encoder';
import { loadPrinterProfile } from '../drivers/printer/load-printer-profile';
import { type TicketFace, ticketReceipt } from '../electron/services/tickets/ticket-receipt';
import { writeResults } from './bench-support';

const SECONDS = Number(process.env.OKNO_BENCH_SECONDS ?? 2);
const profile = await loadPrinterProfile('generic-80mm');
const face: TicketFace = {
  officeName: 'МФЦ «Мои Документы», с. Берёзовка',
  number: 'Б-001',
  serviceName: 'Замена паспорта гражданина РФ',
  issuedAt: '23.11.2026 10:45',
  kind: 'queue',
  peopleAhead: 3,
  wait: { minMinutes: 10, maxMinutes: 20, basis: 'typical' },
  followUrl: 'https://hub.mfc.example.ru/q/3q2-7wEVR0mJ3d9yQ8bT1A',
  documents: [],
  footer: '',
  columns: profile.columns,
};

function ours(): Uint8Array {
  const result = encodeReceipt(ticketReceipt(face), profile);
  if (!result.ok) throw new Error(`our encoder refused the ticket: ${JSON.stringify(result.error)}`);
  return result.bytes;
}

/** The same ticket through ReceiptPrinterEncoder's own API. */
function pointOfSale(): Uint8Array {
  const rule = '-'.repeat(profile.columns);
  return new ReceiptPrinterEncoder({ printerModel: 'epson-tm-t20iii', columns: profile.columns, feedBeforeCut: 4 })
    .initialize()
    .codepage('cp866')
    .align('center')
    .bold(true)
    .line(face.officeName)
    .bold(false)
    .align('left')
    .line(rule)
    .align('center')
    .bold(true)
    .line('ТАЛОН')
    .size(4, 4)
    .line(face.number)
    .bold(false)
    .size(1, 1)
    .newline()
    .line(face.serviceName)
    .line(face.issuedAt)
    .newline()
    .line('Перед вами: 3 чел.')
    .line('Ожидание: примерно 10–20 мин')
    .line('Ожидайте вызова на табло')
    .newline()
    .qrcode(face.followUrl, 2, 6, 'm')
    .line('Следите за очередью с телефона')
    .cut('partial')
    .encode();
}

/** The same ticket through node-thermal-printer (no interface: it only builds the buffer). */
function nodeThermalPrinter(): Uint8Array {
  const printer = new thermal.ThermalPrinter({
    // An empty interface: the library then only builds the buffer, it opens nothing.
    interface: '',
    type: thermal.PrinterTypes.EPSON,
    width: profile.columns,
    characterSet: thermal.CharacterSet.PC866_CYRILLIC2,
  });
  printer.alignCenter();
  printer.bold(true);
  printer.println(face.officeName);
  printer.bold(false);
  printer.alignLeft();
  printer.drawLine();
  printer.alignCenter();
  printer.bold(true);
  printer.println('ТАЛОН');
  printer.setTextSize(3, 3);
  printer.println(face.number);
  printer.bold(false);
  printer.setTextNormal();
  printer.newLine();
  printer.println(face.serviceName);
  printer.println(face.issuedAt);
  printer.newLine();
  printer.println('Перед вами: 3 чел.');
  printer.println('Ожидание: примерно 10–20 мин');
  printer.println('Ожидайте вызова на табло');
  printer.newLine();
  printer.printQR(face.followUrl, { cellSize: 6, correction: 'M', model: 2 });
  printer.println('Следите за очередью с телефона');
  printer.partialCut();
  return new Uint8Array(printer.getBuffer());
}

/** Encodes for `seconds` after a short warm-up; returns encodes per second. */
function encodesPerSecond(encode: () => Uint8Array, seconds: number): number {
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) encode();
  let count = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 50; i++) encode();
    count += 50;
  }
  return count / ((performance.now() - started) / 1000);
}

/** Bytes 0x3F in text positions: a peer's stand-in for a character it could not encode. */
function questionMarks(bytes: Uint8Array): number {
  return bytes.filter((b) => b === 0x3f).length;
}

const encoders = {
  okno: ours,
  'receipt-printer-encoder': pointOfSale,
  'node-thermal-printer': nodeThermalPrinter,
} as const;

const measured: Record<string, { bytesPerTicket: number; encodesPerSecond: number; questionMarks: number }> = {};
for (const [name, encode] of Object.entries(encoders)) {
  const bytes = encode();
  measured[name] = {
    bytesPerTicket: bytes.length,
    encodesPerSecond: Math.round(encodesPerSecond(encode, SECONDS)),
    questionMarks: questionMarks(bytes),
  };
}

const base = measured.okno;
if (!base) throw new Error('our encoder was not measured');
const peers = Object.fromEntries(
  Object.entries(measured).map(([name, m]) => [
    name,
    {
      ...m,
      bytesRatioToOurs: Number((m.bytesPerTicket / base.bytesPerTicket).toFixed(3)),
      speedRatioToOurs: Number((m.encodesPerSecond / base.encodesPerSecond).toFixed(3)),
    },
  ]),
);

// What goes on the wire for one ticket: the job and the 3-byte `GS r 1` that confirms it.
const jobBytes = base.bytesPerTicket + transmitStatusRequest().length;
const wireTimeMs = Object.fromEntries(
  [9600, 115200].map((baud) => [String(baud), Number(((jobBytes * 10 * 1000) / baud).toFixed(2))]),
);

const file = writeResults('encoder-peers', {
  ticket: { profile: profile.id, columns: profile.columns, codePage: 'cp866 (ESC t 17)' },
  secondsPerEncoder: SECONDS,
  encoders: peers,
  wire: { jobBytes, bitsPerByte: 10, wireTimeMs },
  note: "questionMarks counts '?' bytes. CP866 has no «»: ours prints them as \", node-thermal-printer switches code page mid-line for them, receipt-printer-encoder prints '?'. Both peers print '?' silently for what no code page has; ours refuses the receipt. Encodes per second are noisy on a shared 2-core machine: compare the ratios of one run.",
});

for (const [name, m] of Object.entries(peers)) {
  console.log(
    `${name.padEnd(24)} ${String(m.bytesPerTicket).padStart(5)} bytes (×${m.bytesRatioToOurs})  ${String(m.encodesPerSecond).padStart(8)} encodes/s (×${m.speedRatioToOurs})  '?': ${m.questionMarks}`,
  );
}
console.log(
  `our ticket on the wire: ${jobBytes} bytes → ${wireTimeMs['9600']} ms at 9600 baud, ${wireTimeMs['115200']} ms at 115200 baud → ${file}`,
);
