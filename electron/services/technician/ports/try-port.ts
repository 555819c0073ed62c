import { EscPosPrinter } from '../../../../drivers/printer/escpos-printer';
import { loadPrinterProfile } from '../../../../drivers/printer/load-printer-profile';
import { cannotPrintBecause } from '../../../../drivers/printer/receipt-printer';
import { SerialTransport } from '../../../../drivers/transport/serial-transport';
import type { PortChoice, PortTryOutcome } from '../../../../kiosk-config/src/index';
import { CHECK_SLIP_TITLE, type CheckSlipInfo, printCheckSlip } from './check-slip';

/** What «Проверить» needs besides the choice. */
export interface TryPortOptions {
  profilesDir: string;
  kioskId: string;
  timeZone: string;
  /** The port a configured device holds now: it cannot be opened twice. */
  inUse: (path: string) => boolean;
  now?: () => Date;
}

/** Problems a printer's status names, as the page says them. */
const PROBLEM_TEXT: Readonly<Record<string, string>> = {
  paper_out: 'нет бумаги',
  paper_near_end: 'бумага заканчивается',
  cover_open: 'открыта крышка',
  offline: 'принтер не в сети',
  error: 'ошибка принтера',
  not_responding: 'не отвечает',
};

/**
 * «Проверить»: opens the chosen port on its own (nothing is saved, the devices in use are left
 * alone), asks a printer its status with the chosen profile and speed, and prints a short check
 * slip; for a scanner or a document reader, opening the port is the test. Always closes the port.
 */
export async function tryPort(choice: PortChoice, options: TryPortOptions): Promise<PortTryOutcome> {
  const none = { opened: false, answered: false, printed: false, problems: [] as string[] };
  if (options.inUse(choice.path)) {
    return { ...none, message: 'Этот порт занят действующим устройством: сохраните выбор, чтобы переключиться' };
  }
  const profile =
    choice.device === 'printer'
      ? await loadPrinterProfile(choice.profile ?? 'generic-80mm', { dir: options.profilesDir }).catch(() => null)
      : null;
  if (choice.device === 'printer' && profile === null) return { ...none, message: 'Нет такого профиля принтера' };
  const transport = new SerialTransport({
    path: choice.path,
    baudRate: choice.baudRate,
    livenessCheckMs: 0,
    ...(profile ? { flowControl: profile.flowControl } : {}),
  });
  try {
    await transport.open();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ...none, message: `Порт не открывается: ${reason}`.slice(0, 300) };
  }
  if (profile === null) {
    await transport.close().catch(() => undefined);
    return {
      ...none,
      opened: true,
      answered: true,
      message: 'Порт открывается. Отсканируйте код, чтобы проверить сканер.',
    };
  }
  const printer = new EscPosPrinter(transport, profile);
  try {
    const status = await printer.status();
    if (!status.responding) {
      return {
        ...none,
        opened: true,
        message: 'Порт открыт, но принтер не отвечает: проверьте скорость (бод), кабель и питание',
      };
    }
    const problems = status.problems;
    const blocked = cannotPrintBecause(status);
    if (blocked !== null) {
      return {
        ...none,
        opened: true,
        answered: true,
        problems,
        message: `Принтер отвечает, но печатать не может: ${problems.map((p) => PROBLEM_TEXT[p] ?? p).join(', ')}`,
      };
    }
    const info: CheckSlipInfo = {
      kioskId: options.kioskId,
      path: choice.path,
      profileName: profile.name,
      baudRate: choice.baudRate,
      at: (options.now ?? (() => new Date()))(),
      timeZone: options.timeZone,
    };
    const printed = await printCheckSlip(printer, info);
    return {
      opened: true,
      answered: true,
      printed: printed.ok,
      problems,
      message: printed.ok
        ? `Напечатан листок «${CHECK_SLIP_TITLE}»: проверьте, что русские буквы читаются`
        : `Принтер отвечает, но листок не напечатан: ${PROBLEM_TEXT[printed.error.code] ?? printed.error.code}`,
    };
  } finally {
    await printer.close().catch(() => undefined);
  }
}
