import { formatRoubles } from '../../../kiosk-config/src/hub/payments-api';
import type { PaymentReceiptFace } from '../../../kiosk-config/src/receipt/payment-receipt';
import { officeWallClock } from '../../../kiosk-config/src/time/office-time';
import type { PaymentRecord } from './payment-journal';

/** Where the receipt was issued. */
export interface ReceiptPlace {
  officeName: string;
  kioskId: string;
  timeZone: string;
}

/**
 * A terminal's slip line made safe for any receipt printer: characters both code pages (CP866,
 * Windows-1251) print are kept, anything else (box drawing, a terminal's private symbols)
 * becomes a space. The kiosk's own text is never replaced (the encoder refuses what it cannot
 * print); this is only for text the kiosk did not write.
 */
export function printableSlipLine(line: string): string {
  return line
    .normalize('NFC')
    .replace(/[^\x20-\x7e\u0410-\u044f\u0401\u0451№]/gu, ' ')
    .trimEnd()
    .slice(0, 120);
}

/**
 * The receipt of a journaled payment (approved: it has a transaction), as data for
 * `paymentReceipt`. `copy` for reprints. The same face goes to the screen when the receipt
 * could not be printed.
 */
export function receiptFaceFor(payment: PaymentRecord, place: ReceiptPlace, copy = false): PaymentReceiptFace {
  const transaction = payment.transaction;
  if (!transaction) throw new Error(`payment ${payment.id} has no approved transaction to print`);
  const approvedAt = new Date(transaction.at);
  const at = Number.isNaN(approvedAt.getTime()) ? new Date(payment.updatedAt) : approvedAt;
  const amount = formatRoubles(payment.amountMinor);
  const { charge } = payment;
  const face: PaymentReceiptFace = {
    officeName: place.officeName,
    items: [{ name: charge.title, amount }],
    total: amount,
    card: transaction.maskedPan,
    authCode: transaction.authCode,
    rrn: transaction.rrn,
    paidAt: officeWallClock(at, place.timeZone),
    kioskId: place.kioskId,
    // The first block of the payment id: enough for staff to find it in the journal.
    reference: payment.id.slice(0, 8).toUpperCase(),
    receiptNo: transaction.reference.receiptNo,
  };
  if (copy) face.copy = true;
  if (charge.uin) face.uin = charge.uin;
  if (charge.payee) {
    const { name, inn, kpp, account, bic, bankName } = charge.payee;
    face.payee = { name, inn, kpp, account, bic, ...(bankName === undefined ? {} : { bankName }) };
  }
  if (charge.purpose) face.purpose = charge.purpose;
  if (charge.kbk) face.kbk = charge.kbk;
  if (charge.oktmo) face.oktmo = charge.oktmo;
  if (transaction.terminalId) face.terminalId = transaction.terminalId;
  if (payment.ticketNumber) face.ticketNumber = payment.ticketNumber;
  const slip = transaction.slip.map(printableSlipLine);
  if (slip.some((line) => line !== '')) face.slip = slip;
  if (payment.fiscal) {
    face.fiscalLines = payment.fiscal.lines.map(printableSlipLine);
    if (payment.fiscal.checkUrl) face.checkUrl = payment.fiscal.checkUrl;
  }
  return face;
}
