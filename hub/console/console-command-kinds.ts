import { DEFAULT_OUT_OF_SERVICE_INSTEAD } from '../../kiosk-config/src/contract/service-mode';
import { COMMAND_KINDS, type CommandKind } from '../../kiosk-config/src/hub/remote-commands';
import type { ConsoleCommandKind } from './console-fleet-source';

/** The button of each kind of the allow-list (a new kind without a label does not compile). */
const COMMAND_LABELS = {
  'content.refresh': 'Обновить контент',
  'app.restart': 'Перезапустить приложение',
  'service.out': 'Вывести из работы',
  'service.in': 'Вернуть в работу',
  'printer.testPage': 'Пробная печать',
  'terminal.closeDay': 'Закрыть день терминала',
  'logs.upload': 'Выгрузить журналы',
  'screen.capture': 'Снимок экрана',
} as const satisfies Record<CommandKind, string>;

/**
 * The fields a kind's form asks for, with defaults a technician can send as they are. Field
 * names are the kind's parameter names; the allow-list's schema checks what comes back.
 */
const COMMAND_FIELDS: Partial<Record<CommandKind, ConsoleCommandKind['fields']>> = {
  'service.out': [
    { name: 'instead', label: 'Что делать посетителю', defaultValue: DEFAULT_OUT_OF_SERVICE_INSTEAD },
    { name: 'hours', label: 'Часы работы офиса (необязательно)', defaultValue: '' },
  ],
  'logs.upload': [{ name: 'hours', label: 'За сколько часов', defaultValue: '24', numeric: true }],
};

/** Every kind of the allow-list with its Russian label and form fields, in the allow-list's order. */
export const CONSOLE_COMMAND_KINDS: readonly ConsoleCommandKind[] = COMMAND_KINDS.map((kind) => ({
  kind,
  label: COMMAND_LABELS[kind],
  fields: COMMAND_FIELDS[kind] ?? [],
}));

/** The label of a kind (the kind itself when a newer hub stored one this console does not know). */
export function commandLabel(kind: string): string {
  return CONSOLE_COMMAND_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}
