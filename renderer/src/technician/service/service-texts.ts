import type { TechnicianServiceView, UsbExportAnswer } from '../../../../kiosk-config/src/index';

type DeviceKind = TechnicianServiceView['devices'][number]['kind'];

const DEVICE_NAMES: Record<DeviceKind, string> = {
  printer: 'Принтер талонов',
  scanner: 'Сканер',
  document_reader: 'Считыватель документов',
  payment_terminal: 'Платёжный терминал',
};

const CONDITIONS: Record<string, string> = {
  ok: 'в порядке',
  ready: 'готов',
  offline: 'не отвечает',
  cover_open: 'открыта крышка',
  paper_out: 'нет бумаги',
  paper_near_end: 'бумага заканчивается',
  error: 'ошибка',
  not_ready: 'не готов',
};

/** A device's name in Russian. */
export function deviceName(kind: DeviceKind): string {
  return DEVICE_NAMES[kind];
}

/** A condition or a fault's code in Russian (the code itself when unknown). */
export function conditionText(code: string): string {
  return CONDITIONS[code] ?? code;
}

const VISITOR_STATES: Record<TechnicianServiceView['visitor']['state'], string> = {
  in_service: 'Терминал обслуживает посетителей',
  degraded: 'Терминал работает с ограничениями',
  out_of_service: 'Терминал выведен из работы',
  updating: 'Терминал обновляет содержимое',
};

/** What visitors meet now, in words. */
export function visitorStateText(visitor: TechnicianServiceView['visitor']): string {
  return VISITOR_STATES[visitor.state];
}

const STEPS: Record<Extract<UsbExportAnswer, { outcome: 'failed' }>['step'], string> = {
  bundle: 'не удалось собрать файлы',
  mount: 'флешку не удалось подключить',
  write: 'запись прервалась (флешку вынули или она заполнена)',
  verify: 'записанное не совпало при проверке',
  unmount: 'флешку не удалось отключить',
};

/** How an export to a stick ended, for the technician. */
export function usbExportText(answer: UsbExportAnswer): string {
  if (answer.outcome === 'done') {
    return answer.poweredOff
      ? `Записано и проверено: папка ${answer.folder}. Можно извлекать`
      : `Записано и проверено: папка ${answer.folder}. Флешка отключена, можно извлекать`;
  }
  if (answer.outcome === 'not_found') return 'Флешка не найдена: вставьте её и нажмите «Найти флешку»';
  return `Ошибка: ${STEPS[answer.step]}. Файлы на флешке не считаются записанными (${answer.problem})`;
}
