import type { PrintResult, ReceiptPrinter } from '../../../../drivers/printer/receipt-printer';
import type { ReceiptDocument } from '../../../../kiosk-config/src/index';

/** What the check slip says about where it was printed. */
export interface CheckSlipInfo {
  kioskId: string;
  /** The port as chosen (`/dev/serial/by-id/…`). */
  path: string;
  profileName: string;
  baudRate: number;
  at: Date;
  timeZone: string;
}

/** The title line of the check slip, for tests reading the paper. */
export const CHECK_SLIP_TITLE = 'ПРОВЕРКА ПОДКЛЮЧЕНИЯ';

/**
 * Prints the short slip of «Проверить» on the «Подключение» page: the port, the profile and the
 * speed, and the Cyrillic alphabet (a wrong code page shows at once). The one place the page
 * prints: when the devices page's `printTestPage` exists, this can hand over to it.
 */
export function printCheckSlip(printer: ReceiptPrinter, info: CheckSlipInfo): Promise<PrintResult> {
  const when = info.at.toLocaleString('ru-RU', { timeZone: info.timeZone, dateStyle: 'short', timeStyle: 'short' });
  const document: ReceiptDocument = {
    lines: [
      { type: 'text', text: CHECK_SLIP_TITLE, align: 'center', bold: true },
      { type: 'rule' },
      { type: 'columns', left: 'Киоск', right: info.kioskId },
      { type: 'columns', left: 'Профиль', right: info.profileName },
      { type: 'columns', left: 'Скорость', right: `${info.baudRate} бод` },
      { type: 'text', text: `Порт: ${info.path}` },
      { type: 'columns', left: 'Время', right: when },
      { type: 'text', text: 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ' },
      { type: 'text', text: 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя №' },
      { type: 'feed', lines: 2 },
      { type: 'cut' },
    ],
  };
  return printer.print(document);
}
