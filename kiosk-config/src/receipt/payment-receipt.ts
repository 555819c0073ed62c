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
  /** The unique accrual identifier (УИН) the payment was made against. */
  uin: string;
  /** Office wall-clock time of the payment. */
  paidAt: string;
  /** A link to the payment's check, printed as a QR code. */
  checkUrl?: string;
}

/** A payment receipt as a receipt document. */
export function paymentReceipt(face: PaymentReceiptFace): ReceiptDocument {
  const lines: ReceiptLine[] = [
    { type: 'text', text: face.officeName, align: 'center', bold: true },
    { type: 'text', text: 'КВИТАНЦИЯ ОБ ОПЛАТЕ', align: 'center' },
    { type: 'rule' },
  ];
  for (const item of face.items) lines.push({ type: 'columns', left: item.name, right: item.amount, filler: '.' });
  lines.push({ type: 'rule' });
  lines.push({ type: 'columns', left: 'ИТОГО', right: face.total, bold: true });
  lines.push({ type: 'feed', lines: 1 });
  lines.push({ type: 'columns', left: 'Карта', right: face.card });
  lines.push({ type: 'columns', left: 'Код авторизации', right: face.authCode });
  lines.push({ type: 'columns', left: 'RRN', right: face.rrn });
  lines.push({ type: 'columns', left: 'УИН', right: face.uin });
  lines.push({ type: 'columns', left: 'Дата и время', right: face.paidAt });
  if (face.checkUrl) lines.push({ type: 'qr', data: face.checkUrl, moduleSize: 5 });
  lines.push({ type: 'text', text: 'Сохраните квитанцию до получения услуги', align: 'center' });
  lines.push({ type: 'cut' });
  return { lines };
}
