#!/usr/bin/env node
// A fake of a command-line card pilot (Sberbank UPOS `sb_pilot`), for the tests and the demo.
// It behaves as `kiosk-config/payment-profiles/fake-pilot.json` says: run once per operation in
// its working directory, it leaves the result in `e` (first line `<code>,<message>`, then one
// field per line) and the slip in `p`, in CP866 unless FAKE_PILOT_ENCODING says otherwise
// (cp866, koi8-r, windows-1251, utf-8), and keeps its last operation and the day's operations in
// `fake-pilot-state.json`. Plain Node, no dependencies; it never charges anything.
//
// Usage: fake-pilot.mjs <op> [amount in kopecks] [card type] [QSELECT] [rrn]
//   1 <amount>                        sale
//   3 <amount> [type QSELECT <rrn>]   refund
//   8 <amount> [type QSELECT <rrn>]   cancel a sale of the day: by RRN, else the last of that amount
//                                     (9001 when there is none, e.g. already cancelled); its record
//                                     carries the cancelled sale's check number and RRN
//   7                                 end of day: totals slip, the day starts afresh
//   47 [n]                            status: the terminal id on line 7
//   12                                a copy of the last slip in p
//   last                              (the fake's own) the last operation's record in e, with the
//                                     operation on line 14 and the amount on line 15; 9404 when none
//
// Faults, for every run from FAKE_PILOT_FAULT, or for the next run only from a file
// `fake-pilot-fault` in the working directory (read, then removed):
//   decline             code 4451 «Недостаточно средств»
//   cancel              code 2000, as if the visitor pressed ОТМЕНА on the pinpad
//   hang                any operation never exits (nor does a child it starts, for the process-group
//                       kill); both pids in `fake-pilot.pids`
//   hang_stubborn       the same, and both ignore SIGTERM (only SIGKILL ends them)
//   crash_after_charge  records the sale as approved, writes neither e nor p, exits 70
//   garbage             records the sale as approved, writes binary junk in e and no slip
//   no_slip             a normal approval without p
// FAKE_PILOT_DELAY_MS: pause between the screen messages written to `fake-pilot-status`.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const STATE_FILE = 'fake-pilot-state.json';
const FAULT_FILE = 'fake-pilot-fault';
const PROGRESS_FILE = 'fake-pilot-status';
const TERMINAL_ID = '00012345';
const MERCHANT_ID = '123456789012';
const CARD = '427638******1234';

const encode = encoder(process.env.FAKE_PILOT_ENCODING ?? 'cp866');
const delayMs = Number(process.env.FAKE_PILOT_DELAY_MS ?? 0);
const fault = takeFault();
const [op = '', amountArg = '', , qselect, referenceArg] = process.argv.slice(2);
const state = loadState();

await main();

async function main() {
  if (fault === 'hang' || fault === 'hang_stubborn') {
    await screen(['Приложите или вставьте карту']);
    return hang(fault === 'hang_stubborn');
  }
  switch (op) {
    case '1':
      return sale();
    case '3':
      return refund();
    case '8':
      return cancel();
    case '7':
      return endOfDay();
    case '47':
      return writeResult(0, 'Связь с банком установлена', { 7: TERMINAL_ID });
    case '12':
      if (state.lastSlip) writeFile('p', state.lastSlip);
      return writeResult(state.lastSlip ? 0 : 9404, state.lastSlip ? 'Копия чека' : 'Нет операций');
    case 'last':
      if (!state.lastOp) return writeResult(9404, 'Нет операций');
      return writeFile('e', state.lastOp);
    default:
      return writeResult(9002, `Неизвестная операция ${op}`);
  }
}

async function sale() {
  const amount = readAmount();
  if (amount === null) return;
  await screen(['Приложите или вставьте карту', 'Введите ПИН', 'Связь с банком...']);
  if (fault === 'cancel') return writeResult(2000, 'Операция прервана');
  if (fault === 'decline') {
    writeFile('p', slip('ОПЛАТА', amount, null, 'ОТКАЗ: Недостаточно средств'));
    return writeResult(4451, 'Недостаточно средств', { 7: TERMINAL_ID });
  }
  const record = approval('1', amount);
  state.day.push({ op: '1', amount, rrn: record.rrn, receiptNo: record.receiptNo, cancelled: false });
  remember(record.lines, slip('ОПЛАТА', amount, record, 'ОДОБРЕНО'));
  if (fault === 'crash_after_charge') {
    saveState();
    process.exit(70);
  }
  if (fault === 'garbage') {
    saveState();
    writeFileSync('e', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80, 0x0a, 0x30, 0x2c, 0x00, 0xfe]));
    return;
  }
  await screen(['Заберите карту']);
  finish(record.lines, fault === 'no_slip' ? null : state.lastSlip);
}

async function refund() {
  const amount = readAmount();
  if (amount === null) return;
  await screen(['Приложите или вставьте карту', 'Связь с банком...']);
  if (fault === 'decline') return writeResult(4451, 'Отказ в возврате', { 7: TERMINAL_ID });
  const record = approval('3', amount);
  state.day.push({ op: '3', amount, rrn: record.rrn, receiptNo: record.receiptNo, cancelled: false });
  remember(record.lines, slip('ВОЗВРАТ', amount, record, 'ОДОБРЕНО'));
  finish(record.lines, state.lastSlip);
}

async function cancel() {
  const amount = readAmount();
  if (amount === null) return;
  await screen(['Связь с банком...']);
  const rrn = qselect === 'QSELECT' ? referenceArg : undefined;
  const sales = state.day.filter((o) => o.op === '1' && !o.cancelled && o.amount === amount);
  const target = rrn ? sales.find((o) => o.rrn === rrn) : sales[sales.length - 1];
  if (!target) return writeResult(9001, 'Операция не найдена', { 7: TERMINAL_ID });
  target.cancelled = true;
  // The cancel's record names the sale it cancelled (its check number and RRN), as a reversal's
  // reference does in the PaymentTerminal interface.
  const record = approval('8', amount, { rrn: target.rrn, receiptNo: target.receiptNo });
  remember(record.lines, slip('ОТМЕНА', amount, record, 'ОДОБРЕНО'));
  finish(record.lines, state.lastSlip);
}

function endOfDay() {
  const sales = state.day.filter((o) => o.op === '1');
  const cancelled = sales.filter((o) => o.cancelled);
  const refunds = state.day.filter((o) => o.op === '3');
  const sum = (ops) => ops.reduce((total, o) => total + o.amount, 0);
  const kept = sales.filter((o) => !o.cancelled);
  const line = (label, count, minor) => `${label.padEnd(10)}${String(count).padStart(4)}${roubles(minor).padStart(14)}`;
  const lines = [
    'ПАО СБЕРБАНК',
    'СВЕРКА ИТОГОВ',
    `Терминал: ${TERMINAL_ID}`,
    timestamp().display,
    line('ОПЛАТА', sales.length, sum(sales)),
    line('ОТМЕНА', cancelled.length, sum(cancelled)),
    line('ВОЗВРАТ', refunds.length, sum(refunds)),
    line('ИТОГО', kept.length, sum(kept) - sum(refunds)),
    'Итоги совпали',
  ];
  state.day = [];
  state.lastOp = null;
  saveState();
  writeFile('p', lines);
  writeResult(0, 'Сверка итогов выполнена', { 7: TERMINAL_ID });
}

/** A new approved operation: its record (the lines of e) and its references (or those given). */
function approval(operation, amount, of = {}) {
  state.seq += 1;
  const seq = state.seq;
  const receiptNo = of.receiptNo ?? String(seq).padStart(4, '0');
  const ownRrn = of.rrn ?? `${String(Date.now()).slice(-6)}${String(seq).padStart(6, '0')}`;
  const authCode = String(200000 + (seq % 800000)).slice(-6);
  const lines = new Array(16).fill('');
  lines[0] = '0,ОДОБРЕНО';
  lines[1] = CARD;
  lines[2] = '12/29';
  lines[3] = authCode;
  lines[4] = receiptNo;
  lines[5] = 'VISA';
  lines[6] = '0';
  lines[7] = TERMINAL_ID;
  lines[8] = timestamp().compact;
  lines[9] = ownRrn;
  lines[10] = createHash('sha1').update(`${CARD}${seq}`).digest('hex').toUpperCase();
  lines[13] = MERCHANT_ID;
  lines[14] = operation;
  lines[15] = String(amount);
  return { lines, rrn: ownRrn, receiptNo, authCode };
}

function slip(title, amount, record, verdict) {
  return [
    'ПАО СБЕРБАНК',
    'МФЦ (демонстрационный терминал)',
    `Т: ${TERMINAL_ID}        М: ${MERCHANT_ID}`,
    timestamp().display,
    title,
    `Карта: ${CARD}  VISA`,
    `Сумма (руб):${roubles(amount).padStart(16)}`,
    verdict,
    ...(record
      ? [`Код авторизации: ${record.authCode}`, `Номер операции: ${record.receiptNo}`, `Номер ссылки: ${record.rrn}`]
      : []),
    'Подпись клиента не требуется',
    '========================================',
  ];
}

function remember(lines, slipLines) {
  state.lastOp = lines;
  state.lastSlip = slipLines;
}

function finish(lines, slipLines) {
  saveState();
  if (slipLines) writeFile('p', slipLines);
  writeFile('e', lines);
}

function writeResult(code, message, fields = {}) {
  const lines = [`${code},${message}`];
  for (const [at, value] of Object.entries(fields)) {
    while (lines.length <= Number(at)) lines.push('');
    lines[Number(at)] = value;
  }
  writeFile('e', lines);
}

function readAmount() {
  if (!/^[0-9]{1,12}$/.test(amountArg) || Number(amountArg) === 0) {
    writeResult(9002, 'Неверная сумма');
    return null;
  }
  return Number(amountArg);
}

/** What the pinpad's screen says, one message after another. */
async function screen(messages) {
  for (const message of messages) {
    writeFileSync(PROGRESS_FILE, encode(`${message}\n`));
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

/** Never exits; nor does a child it starts in its process group. */
function hang(stubborn) {
  const ignoreTerm = stubborn ? "process.on('SIGTERM',()=>{});" : '';
  const child = spawn(process.execPath, ['-e', `${ignoreTerm}setInterval(()=>{},1000)`], { stdio: 'ignore' });
  if (stubborn) process.on('SIGTERM', () => undefined);
  writeFileSync('fake-pilot.pids', `${process.pid} ${child.pid}\n`);
  setInterval(() => undefined, 1000);
}

function takeFault() {
  if (existsSync(FAULT_FILE)) {
    const once = readFileSync(FAULT_FILE, 'utf8').trim();
    rmSync(FAULT_FILE, { force: true });
    return once;
  }
  return process.env.FAKE_PILOT_FAULT ?? '';
}

function loadState() {
  try {
    return JSON.parse(readFileSync(STATE_FILE, 'utf8'));
  } catch {
    return { seq: 0, lastOp: null, lastSlip: null, day: [] };
  }
}

function saveState() {
  writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
}

function writeFile(name, lines) {
  writeFileSync(name, encode(`${lines.join('\n')}\n`));
}

function roubles(minor) {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function timestamp() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  const date = [d.getFullYear(), p(d.getMonth() + 1), p(d.getDate())];
  const time = [p(d.getHours()), p(d.getMinutes()), p(d.getSeconds())];
  return {
    compact: `${date.join('')}${time.join('')}`,
    display: `${date[2]}.${date[1]}.${date[0]}            ${time.join(':')}`,
  };
}

/** Text to bytes in a Cyrillic code page, the table taken from the platform's own decoder. */
function encoder(name) {
  if (name === 'utf-8') return (text) => Buffer.from(text, 'utf8');
  const labels = { cp866: 'ibm866', 'koi8-r': 'koi8-r', 'windows-1251': 'windows-1251' };
  const decoder = new TextDecoder(labels[name] ?? 'ibm866');
  const table = new Map();
  for (let byte = 0x80; byte <= 0xff; byte++) {
    const char = decoder.decode(Uint8Array.of(byte));
    if (char !== '\ufffd') table.set(char, byte);
  }
  return (text) =>
    Buffer.from([...text].map((char) => (char.charCodeAt(0) < 0x80 ? char.charCodeAt(0) : (table.get(char) ?? 0x3f))));
}
