import { PAYMENT_RECEIPT_WORDS, type PaymentReceiptWords } from './payment-receipt-words';
import type { ReceiptDocument, ReceiptLine } from './receipt-document';

/**
 * The payment receipt as data: what it says and how it is laid out (sizes, alignment,
 * label/value columns, QR, cut), never bytes. The printer driver renders it for the model's
 * profile: its columns fit 32 characters on 58 mm as well as 48 on 80 mm. (The ticket and the
 * status slip live with their services: `tickets/ticket-receipt.ts`, `status/status-slip.ts`.)
 *
 * Amounts are written with «руб.», not «₽»: neither CP866 nor Windows-1251 has the rouble sign,
 * and the encoder refuses what it cannot print rather than print '?'.
 */

/** One paid item: a fee and its amount, formatted (e.g. `1 500,00 руб.`). */
export interface PaymentItem {
  name: string;
  amount: string;
}

/** The payee's bank details, printed so the agency can find the payment (all strings). */
export interface PaymentReceiptPayee {
  name: string;
  inn: string;
  kpp: string;
  account: string;
  bic: string;
  bankName?: string;
}

/** What a payment receipt says (a card payment of state fees at the kiosk). */
export interface PaymentReceiptFace {
  officeName: string;
  items: PaymentItem[];
  /** The total, formatted. */
  total: string;
  /** The card as the terminal masks it, e.g. `**** 1234`. */
  card: string;
  /** The acquirer's authorisation code and retrieval reference number. */
  authCode: string;
  rrn: string;
  /** The unique accrual identifier (УИН) the payment was made against, when there is one. */
  uin?: string;
  /** Office wall-clock time of the payment. */
  paidAt: string;
  /** A link to the payment's check, printed as a QR code. */
  checkUrl?: string;
  /** A reprint: «КОПИЯ» at the top and the bottom. */
  copy?: boolean;
  /** Who gets the money, and why (назначение платежа), КБК and ОКТМО. */
  payee?: PaymentReceiptPayee;
  purpose?: string;
  kbk?: string;
  oktmo?: string;
  /** The kiosk that took the payment and its short reference (for a copy at the counter). */
  kioskId?: string;
  reference?: string;
  /** The terminal's id and receipt number. */
  terminalId?: string;
  receiptNo?: string;
  /** The queue ticket the visitor holds. */
  ticketNumber?: string;
  /** The terminal's own slip, line by line (printed as it came, below the kiosk's part). */
  slip?: string[];
  /** What a fiscal registrar adds (ФН, ФД, ФПД…); none without one (see docs/payments.md). */
  fiscalLines?: string[];
}

/**
 * A payment receipt as a receipt document. Optional parts print only when given. `words`: the
 * visitor's labels in the language it prints in (Russian when absent); the legal lines stay
 * Russian whatever the language (`PaymentReceiptWords`).
 */
export function paymentReceipt(
  face: PaymentReceiptFace,
  words: PaymentReceiptWords = PAYMENT_RECEIPT_WORDS.ru,
): ReceiptDocument {
  const lines: ReceiptLine[] = [];
  if (face.copy) lines.push({ type: 'text', text: 'КОПИЯ', align: 'center', bold: true });
  lines.push(
    { type: 'text', text: face.officeName, align: 'center', bold: true },
    { type: 'text', text: 'КВИТАНЦИЯ ОБ ОПЛАТЕ', align: 'center' },
  );
  if (words.title) lines.push({ type: 'text', text: words.title, align: 'center' });
  lines.push({ type: 'rule' });
  for (const item of face.items) lines.push({ type: 'columns', left: item.name, right: item.amount, filler: '.' });
  lines.push({ type: 'rule' });
  lines.push({ type: 'columns', left: 'ИТОГО', right: face.total, bold: true });
  lines.push({ type: 'feed', lines: 1 });
  lines.push({ type: 'columns', left: words.card, right: face.card });
  lines.push({ type: 'columns', left: 'Код авторизации', right: face.authCode });
  lines.push({ type: 'columns', left: 'RRN', right: face.rrn });
  if (face.receiptNo) lines.push({ type: 'columns', left: 'Чек терминала', right: face.receiptNo });
  if (face.terminalId) lines.push({ type: 'columns', left: 'Терминал', right: face.terminalId });
  if (face.uin) lines.push({ type: 'columns', left: 'УИН', right: face.uin });
  lines.push({ type: 'columns', left: words.paidAt, right: face.paidAt });
  if (face.payee) {
    const payee = face.payee;
    lines.push({ type: 'rule' });
    lines.push({ type: 'text', text: `Получатель: ${payee.name}` });
    lines.push({ type: 'columns', left: 'ИНН', right: payee.inn });
    lines.push({ type: 'columns', left: 'КПП', right: payee.kpp });
    lines.push({ type: 'columns', left: 'Счёт', right: payee.account });
    lines.push({ type: 'columns', left: 'БИК', right: payee.bic });
    if (payee.bankName) lines.push({ type: 'text', text: `Банк: ${payee.bankName}` });
  }
  if (face.kbk) lines.push({ type: 'columns', left: 'КБК', right: face.kbk });
  if (face.oktmo) lines.push({ type: 'columns', left: 'ОКТМО', right: face.oktmo });
  if (face.purpose) lines.push({ type: 'text', text: `Назначение: ${face.purpose}` });
  if (face.kioskId || face.reference || face.ticketNumber) lines.push({ type: 'rule' });
  if (face.kioskId) lines.push({ type: 'columns', left: words.kiosk, right: face.kioskId });
  if (face.reference) lines.push({ type: 'columns', left: words.reference, right: face.reference });
  if (face.ticketNumber) lines.push({ type: 'columns', left: words.ticket, right: face.ticketNumber });
  if (face.slip && face.slip.length > 0) {
    lines.push({ type: 'rule' });
    for (const text of face.slip) lines.push({ type: 'text', text });
  }
  if (face.fiscalLines && face.fiscalLines.length > 0) {
    lines.push({ type: 'rule' });
    for (const text of face.fiscalLines) lines.push({ type: 'text', text });
  }
  if (face.checkUrl) lines.push({ type: 'qr', data: face.checkUrl, moduleSize: 5 });
  lines.push({ type: 'text', text: PAYMENT_RECEIPT_WORDS.ru.keep, align: 'center' });
  if (words !== PAYMENT_RECEIPT_WORDS.ru) lines.push({ type: 'text', text: words.keep, align: 'center' });
  if (face.copy) lines.push({ type: 'text', text: 'КОПИЯ', align: 'center', bold: true });
  lines.push({ type: 'cut' });
  return { lines };
}
