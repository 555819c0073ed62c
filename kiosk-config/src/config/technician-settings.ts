import { z } from 'zod';
import { KioskConfig, OfficePrinterConfig, PrinterConfig, ScannerConfig } from './kiosk-config';

/**
 * The part of the kiosk config a technician edits on the «Настройки» page, as a zod schema: the
 * form is drawn from it (its JSON Schema), and the same schema checks the values on the screen
 * and again on the main side. Only what a technician should touch on site: no hub address, no
 * keys or tokens, no program paths, no folders.
 */
const sessionShape = KioskConfig.shape.session.shape;
const ticketsShape = KioskConfig.shape.tickets.unwrap().shape;
const contentShape = KioskConfig.shape.content.unwrap().shape;
const fleetShape = KioskConfig.shape.fleet.unwrap().shape;
const officePrinterShape = OfficePrinterConfig.shape;

export const TechnicianSettings = z
  .object({
    session: z
      .object({ idleResetSeconds: sessionShape.idleResetSeconds, idleWarningSeconds: sessionShape.idleWarningSeconds })
      .strict()
      .refine((s) => s.idleWarningSeconds < s.idleResetSeconds, {
        message: 'Предупреждение должно появляться раньше возврата на главный экран',
        path: ['idleWarningSeconds'],
      }),
    tickets: z.object({ footer: ticketsShape.footer, setupRefreshMinutes: ticketsShape.setupRefreshMinutes }).strict(),
    /** The receipt printer's model and speed (its port: the «Подключение» page). Absent: no printer configured. */
    printer: z
      .object({
        profile: PrinterConfig.shape.profile,
        baudRate: z.number().int().min(1200).max(921_600),
      })
      .strict()
      .optional(),
    /** How the serial scanner frames and encodes codes. Absent: no scanner configured. */
    scanner: z
      .object({
        suffix: ScannerConfig.shape.suffix,
        charset: ScannerConfig.shape.charset,
        prefix: ScannerConfig.shape.prefix,
      })
      .strict()
      .optional(),
    /** The office's A4 printer (CUPS queue); empty destination: none. */
    officePrinter: z
      .object({
        destination: z
          .string()
          .max(127)
          .regex(/^(?:[^\s#?'"\\/-][^\s#?'"\\]*)?$/u, 'Имя очереди CUPS, как его показывает `lpstat -p`, без пробелов'),
        timeoutMs: officePrinterShape.timeoutMs,
      })
      .strict(),
    content: z.object({ enabled: contentShape.enabled, pollSeconds: contentShape.pollSeconds }).strict(),
    fleet: z
      .object({
        heartbeatSeconds: fleetShape.heartbeatSeconds,
        streamHeartbeatSeconds: fleetShape.streamHeartbeatSeconds,
      })
      .strict(),
  })
  .strict();
export type TechnicianSettings = z.infer<typeof TechnicianSettings>;

/** The form's sections in order, with their titles. */
export const SETTINGS_SECTIONS: ReadonlyArray<{ id: keyof TechnicianSettings; title: string }> = [
  { id: 'session', title: 'Сеанс посетителя' },
  { id: 'tickets', title: 'Талоны' },
  { id: 'printer', title: 'Принтер талонов' },
  { id: 'scanner', title: 'Сканер' },
  { id: 'officePrinter', title: 'Принтер А4 (документы)' },
  { id: 'content', title: 'Содержимое с центра' },
  { id: 'fleet', title: 'Связь с центром (пульс)' },
];

/** Each field's label on the form, by its dotted path. */
export const SETTINGS_LABELS: Readonly<Record<string, string>> = {
  'session.idleResetSeconds': 'Возврат на главный экран без касаний, с',
  'session.idleWarningSeconds': '«Вы ещё здесь?» за столько секунд до возврата',
  'tickets.footer': 'Последняя строка талона',
  'tickets.setupRefreshMinutes': 'Обновлять услуги и часы работы с центра, мин',
  'printer.profile': 'Модель принтера (профиль)',
  'printer.baudRate': 'Скорость порта, бод',
  'scanner.suffix': 'Окончание кода от сканера',
  'scanner.charset': 'Кодировка сканера',
  'scanner.prefix': 'Префикс, который сканер ставит перед кодом',
  'officePrinter.destination': 'Очередь CUPS (пусто: нет принтера А4)',
  'officePrinter.timeoutMs': 'Ожидание постановки в очередь, мс',
  'content.enabled': 'Получать содержимое с центра',
  'content.pollSeconds': 'Проверять новое содержимое, с',
  'fleet.heartbeatSeconds': 'Пульс без потока событий, с',
  'fleet.streamHeartbeatSeconds': 'Пульс при открытом потоке, с',
};

/** The form's values of a config: what the technician sees before changing anything. */
export function settingsOfConfig(config: KioskConfig): TechnicianSettings {
  const { printer, scanner } = config.devices;
  const printerBaud = printer?.connection.baudRate;
  return {
    session: { ...config.session },
    tickets: { footer: config.tickets.footer, setupRefreshMinutes: config.tickets.setupRefreshMinutes },
    ...(printer && printerBaud !== undefined ? { printer: { profile: printer.profile, baudRate: printerBaud } } : {}),
    ...(scanner && scanner.connection.kind !== 'hid'
      ? { scanner: { suffix: scanner.suffix, charset: scanner.charset, prefix: scanner.prefix } }
      : {}),
    officePrinter: {
      destination: config.officePrinter?.destination ?? '',
      timeoutMs: config.officePrinter?.timeoutMs ?? 15_000,
    },
    content: { enabled: config.content.enabled, pollSeconds: config.content.pollSeconds },
    fleet: { ...config.fleet },
  };
}

/** A config file's JSON as it is stored (input shape: defaults may be left out). */
export type RawConfig = Record<string, unknown>;

/**
 * Writes the form's settings into the config file's JSON (a copy), touching only the fields the
 * form has: whatever else the file says (the hub, keys, paths) is kept as written.
 */
export function applySettings(raw: RawConfig, settings: TechnicianSettings): RawConfig {
  const next = structuredClone(raw);
  const section = (key: string): Record<string, unknown> => {
    const found = next[key];
    if (found !== null && typeof found === 'object' && !Array.isArray(found)) return found as Record<string, unknown>;
    const made: Record<string, unknown> = {};
    next[key] = made;
    return made;
  };
  Object.assign(section('session'), settings.session);
  Object.assign(section('tickets'), settings.tickets);
  Object.assign(section('content'), settings.content);
  Object.assign(section('fleet'), settings.fleet);
  const devices = section('devices');
  const printer = devices.printer as { profile?: string; connection?: Record<string, unknown> } | null | undefined;
  if (settings.printer && printer?.connection) {
    printer.profile = settings.printer.profile;
    printer.connection.baudRate = settings.printer.baudRate;
  }
  const scanner = devices.scanner as Record<string, unknown> | null | undefined;
  if (settings.scanner && scanner) Object.assign(scanner, settings.scanner);
  if (settings.officePrinter.destination === '') {
    delete next.officePrinter;
  } else {
    Object.assign(section('officePrinter'), settings.officePrinter);
  }
  return next;
}

/** The form's flat values (`{ 'session.idleResetSeconds': 60 }`) of the settings. */
export function flattenSettings(settings: TechnicianSettings): Record<string, string | number | boolean | null> {
  const values: Record<string, string | number | boolean | null> = {};
  for (const [section, fields] of Object.entries(settings)) {
    if (fields === undefined) continue;
    for (const [field, value] of Object.entries(fields as Record<string, string | number | boolean>)) {
      values[`${section}.${field}`] = value;
    }
  }
  return values;
}

/**
 * The settings of the form's flat values, for `TechnicianSettings` to check: a section with no
 * value at all is left out (an optional device not configured). Empty number fields are left as
 * null, so the check says «Нужно число».
 */
export function unflattenSettings(values: Readonly<Record<string, string | number | boolean | null>>): unknown {
  const settings: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(values)) {
    const [section, field, ...rest] = key.split('.');
    if (section === undefined || field === undefined || rest.length > 0) continue;
    settings[section] ??= {};
    (settings[section] as Record<string, unknown>)[field] = value;
  }
  return settings;
}
