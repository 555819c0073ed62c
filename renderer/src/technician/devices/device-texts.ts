import type {
  CloseDayOutcome,
  DeviceKind,
  TechnicianDeviceView,
  TerminalDiagnosisOutcome,
  TestDocumentOutcome,
  TestPrintOutcome,
  TestScanOutcome,
} from '../../../../kiosk-config/src/index';

/** How a device's state reads on its card: its colour, a short state and what the kiosk does about it. */
export interface DeviceWords {
  level: 'ok' | 'warn' | 'fault';
  state: string;
  advice: string;
}

/** The device's name on its card. */
export const DEVICE_NAMES: Readonly<Record<DeviceKind, string>> = {
  printer: 'Принтер талонов',
  scanner: 'Сканер кодов',
  document_reader: 'Считыватель паспортов',
  payment_terminal: 'Платёжный терминал',
};

const NOT_CONNECTED_ADVICE: Readonly<Record<DeviceKind, string>> = {
  printer:
    'Талоны и квитанции не выдаются: принтер не подключён. Проверьте кабель и питание; киоск подключится сам, как только принтер появится.',
  scanner:
    'Коды с квитанций не читаются: посетители вводят номер на экране. Проверьте кабель сканера; киоск подключится сам.',
  document_reader: 'Паспорта не читаются. Проверьте кабель и питание считывателя; киоск подключится сам.',
  payment_terminal:
    'Оплата картой не принимается: терминал не отвечает. Проверьте питание и кабель терминала, затем нажмите «Диагностика терминала».',
};

/** What the kiosk does about a device in its state, in words a technician acts on. */
export function deviceWords(view: TechnicianDeviceView): DeviceWords {
  const { status } = view;
  if (status.kind === 'printer') return printerWords(view);
  if (status.kind === 'payment_terminal') return terminalWords(view);
  if (!status.connected || status.problems.length > 0) {
    return { level: 'fault', state: 'Не подключён', advice: NOT_CONNECTED_ADVICE[status.kind] };
  }
  return status.kind === 'scanner'
    ? { level: 'ok', state: 'Готов', advice: 'Посетители могут сканировать коды с квитанций.' }
    : { level: 'ok', state: 'Готов', advice: 'Паспорт можно приложить к считывателю.' };
}

function printerWords(view: TechnicianDeviceView): DeviceWords {
  const { problems, connected } = view.status;
  const stopped = 'Талоны не выдаются';
  if (problems.includes('paper_out')) {
    return {
      level: 'fault',
      state: 'Закончилась бумага',
      advice: `${stopped}: закончилась бумага. Вставьте новый рулон и закройте крышку; киоск продолжит сам.`,
    };
  }
  if (problems.includes('cover_open')) {
    return {
      level: 'fault',
      state: 'Открыта крышка',
      advice: `${stopped}, пока открыта крышка. Закройте крышку принтера до щелчка.`,
    };
  }
  if (problems.includes('error')) {
    const cutter = view.errorCauses?.includes('cutter');
    return cutter
      ? {
          level: 'fault',
          state: 'Заклинило отрезчик',
          advice: `${stopped}: заклинило отрезчик. Откройте крышку, уберите застрявшую бумагу и закройте; если не помогло, выключите и включите принтер.`,
        }
      : {
          level: 'fault',
          state: 'Ошибка принтера',
          advice: `${stopped}: принтер сообщает об ошибке. Выключите и включите принтер; если ошибка осталась, замените принтер.`,
        };
  }
  if (problems.includes('not_responding')) {
    return {
      level: 'fault',
      state: 'Не отвечает',
      advice: `${stopped}: принтер не отвечает. Проверьте, что он включён; если включён, проверьте профиль и скорость порта в «Подключении».`,
    };
  }
  if (!connected || problems.includes('offline')) {
    return connected
      ? {
          level: 'fault',
          state: 'Остановлен',
          advice: `${stopped}: принтер остановлен (офлайн). Проверьте крышку и бумагу, нажмите кнопку подачи бумаги.`,
        }
      : { level: 'fault', state: 'Не подключён', advice: NOT_CONNECTED_ADVICE.printer };
  }
  if (problems.includes('paper_near_end')) {
    return {
      level: 'warn',
      state: 'Бумага заканчивается',
      advice: 'Талоны печатаются, но рулон скоро кончится: замените его сейчас, пока нет посетителей.',
    };
  }
  return { level: 'ok', state: 'Готов', advice: 'Талоны и квитанции печатаются.' };
}

function terminalWords(view: TechnicianDeviceView): DeviceWords {
  const { status, day } = view;
  if (!status.connected || status.problems.length > 0) {
    return { level: 'fault', state: 'Не готов', advice: NOT_CONNECTED_ADVICE.payment_terminal };
  }
  if (day && day.unsettled > 0) {
    return {
      level: 'warn',
      state: 'Готов, есть незавершённые оплаты',
      advice: `Оплата картой принимается. Незавершённых оплат: ${day.unsettled}; киоск доводит их сам, смену можно закрыть после.`,
    };
  }
  return { level: 'ok', state: 'Готов', advice: 'Оплата картой принимается.' };
}

const FAULTS: Readonly<Record<NonNullable<TestPrintOutcome['fault']>, string>> = {
  paper_out: 'закончилась бумага',
  cover_open: 'открыта крышка',
  not_responding: 'принтер не отвечает',
  error: 'принтер сообщает об ошибке',
};

/** The test print's result in words. */
export function testPrintWords(outcome: TestPrintOutcome): string {
  switch (outcome.outcome) {
    case 'printed':
      return 'Напечатано: принтер подтвердил печать. Сверьте страницу: все буквы, QR-код и штрихкод.';
    case 'unconfirmed':
      return `Отправлено, но принтер не подтвердил печать${outcome.fault ? ` (${FAULTS[outcome.fault]})` : ''}. Посмотрите, вышла ли страница.`;
    case 'failed':
      return `Не напечатано: ${outcome.fault ? FAULTS[outcome.fault] : 'ошибка'}.`;
    case 'no_printer':
      return 'Не напечатано: принтер не подключён.';
  }
}

/** The printer's reported identity line («не сообщает» for what it did not say). */
export function identityWords(identity: TestPrintOutcome['identity']): string {
  const item = (value: string | undefined) => value ?? 'не сообщает';
  return `Производитель: ${item(identity.maker)} · Модель: ${item(identity.model)} · Прошивка: ${item(identity.firmware)}`;
}

const SCAN_KINDS: Readonly<Record<Extract<TestScanOutcome, { read: true }>['kind'], string>> = {
  payment_qr: 'платёжный QR-код',
  gs1: 'код GS1',
  text: 'текст',
};

/** What a code read means to the kiosk. */
export function scanKindWords(kind: Extract<TestScanOutcome, { read: true }>['kind']): string {
  return SCAN_KINDS[kind];
}

/** A test scan that read nothing. */
export function noScanWords(reason: Extract<TestScanOutcome, { read: false }>['reason']): string {
  switch (reason) {
    case 'timeout':
      return 'За 30 секунд сканер ничего не прочитал. Проверьте кабель и настройки сканера (окончание CR, кодировка).';
    case 'busy':
      return 'Проверка уже идёт.';
    case 'no_scanner':
      return 'Сканер не настроен.';
  }
}

const LAYOUTS: Readonly<Record<Extract<TestDocumentOutcome, { read: true }>['layout'], string>> = {
  td1: 'ID-карта (TD1)',
  td2: 'документ формата TD2',
  td3: 'заграничный паспорт (TD3)',
  ru_internal: 'паспорт гражданина РФ',
};

/** The document test's result: the layout only. */
export function documentTestWords(outcome: TestDocumentOutcome): string {
  if (outcome.read) return `Прочитан: ${LAYOUTS[outcome.layout]}. Данные документа не показываются и не сохраняются.`;
  switch (outcome.reason) {
    case 'timeout':
      return 'За 30 секунд документ не прочитан. Положите документ страницей с кодом (MRZ) к стеклу.';
    case 'mrz_rejected':
      return 'Документ не прочитан: машиночитаемая зона не прошла проверку. Протрите стекло и приложите ровнее.';
    case 'document_timeout':
    case 'document_too_long':
      return 'Считыватель прислал неполные данные. Проверьте настройки окончания строк в «Подключении».';
    case 'disconnected':
      return 'Считыватель отключился во время проверки. Проверьте кабель.';
    case 'no_reader':
      return 'Считыватель не настроен.';
    case 'busy':
      return 'Проверка уже идёт.';
  }
}

/** The terminal diagnosis's result. */
export function diagnosisWords(outcome: TerminalDiagnosisOutcome): string {
  switch (outcome.outcome) {
    case 'ready':
      return `Терминал отвечает и готов${outcome.terminalId ? ` (номер терминала ${outcome.terminalId})` : ''}.`;
    case 'not_ready':
      return `Терминал не готов: ${outcome.reason ?? 'причина не сообщается'}.`;
    case 'no_terminal':
      return 'Терминал не подключён.';
  }
}

/** The day close's result; `money` formats kopecks. */
export function closeDayWords(outcome: CloseDayOutcome, when: (iso: string) => string): string {
  if (outcome.closed) {
    const rubles = (outcome.totalMinor / 100).toLocaleString('ru-RU', { minimumFractionDigits: 2 });
    return `Смена закрыта в ${when(outcome.closedAt)}: оплат ${outcome.count}, на сумму ${rubles} ₽. Итоги отправлены в центр.`;
  }
  switch (outcome.reason) {
    case 'unsettled_payments':
      return 'Смена не закрыта: есть незавершённые оплаты. Подождите несколько минут и повторите.';
    case 'terminal_unavailable':
      return 'Смена не закрыта: терминал не подключён.';
    case 'terminal_failed':
      return `Смена не закрыта: терминал ответил ошибкой (${outcome.message}).`;
  }
}
