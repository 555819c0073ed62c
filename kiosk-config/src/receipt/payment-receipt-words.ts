import type { ScreenLanguage } from '../contract/screen-language';

/**
 * The words of a payment receipt that are for the visitor, in their language. Everything else on
 * the receipt stays Russian in every language, because the law or the reader needs it so
 * (docs/payments.md, "The receipt's language"): the title «КВИТАНЦИЯ ОБ ОПЛАТЕ», the fee's name,
 * «ИТОГО», the bank's references (authorisation code, RRN, the terminal and its receipt number),
 * the payment's details (УИН, payee, ИНН, КПП, account, БИК, bank, КБК, ОКТМО, purpose), «КОПИЯ»,
 * the terminal's slip and the fiscal registrar's lines.
 */
export interface PaymentReceiptWords {
  /** The title in the visitor's language, under the Russian one; none in Russian. */
  title?: string;
  card: string;
  paidAt: string;
  kiosk: string;
  /** The kiosk's short reference of the payment (staff find it by it). */
  reference: string;
  ticket: string;
  /** The closing advice; in another language, printed under the Russian one. */
  keep: string;
}

/** The payment receipt's words in each screen language (which one prints: the printer's code page decides). */
export const PAYMENT_RECEIPT_WORDS: Readonly<Record<ScreenLanguage, PaymentReceiptWords>> = {
  ru: {
    card: 'Карта',
    paidAt: 'Дата и время',
    kiosk: 'Киоск',
    reference: 'Номер операции',
    ticket: 'Талон',
    keep: 'Сохраните квитанцию до получения услуги',
  },
  en: {
    title: 'Payment receipt',
    card: 'Card',
    paidAt: 'Date and time',
    kiosk: 'Kiosk',
    reference: 'Operation no.',
    ticket: 'Ticket',
    keep: 'Keep this receipt until you receive the service',
  },
  tt: {
    title: 'Түләү квитанциясе',
    card: 'Карта',
    paidAt: 'Көне һәм вакыты',
    kiosk: 'Киоск',
    reference: 'Операция номеры',
    ticket: 'Талон',
    keep: 'Хезмәт алганчы квитанцияне саклагыз',
  },
};
