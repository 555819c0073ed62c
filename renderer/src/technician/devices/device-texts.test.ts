import { describe, expect, it } from 'vitest';
import type { DeviceStatus, TechnicianDeviceView } from '../../../../kiosk-config/src/index';
import { deviceWords, identityWords, testPrintWords } from './device-texts';

const printer = (
  problems: DeviceStatus['problems'],
  more: Partial<TechnicianDeviceView> = {},
): TechnicianDeviceView => ({
  status: { id: 'printer', kind: 'printer', connected: true, simulated: false, problems, address: '/dev/ttyS0' },
  ...more,
});

describe('what the devices page says the kiosk does', () => {
  it('names the printer fault that stops tickets first, and what to do', () => {
    expect(deviceWords(printer(['paper_out']))).toMatchObject({
      level: 'fault',
      state: 'Закончилась бумага',
      advice: expect.stringMatching(/^Талоны не выдаются: закончилась бумага\. Вставьте новый рулон/),
    });
    expect(deviceWords(printer(['cover_open'])).state).toBe('Открыта крышка');
    expect(deviceWords(printer(['error'], { errorCauses: ['cutter'] })).state).toBe('Заклинило отрезчик');
    expect(deviceWords(printer(['error'])).state).toBe('Ошибка принтера');
    expect(deviceWords(printer(['not_responding'])).state).toBe('Не отвечает');
    expect(deviceWords(printer(['paper_near_end']))).toMatchObject({ level: 'warn', state: 'Бумага заканчивается' });
    expect(deviceWords(printer([]))).toEqual({ level: 'ok', state: 'Готов', advice: 'Талоны и квитанции печатаются.' });
  });

  it('tells an unplugged printer from one stopped off-line', () => {
    const unplugged = printer(['offline']);
    unplugged.status.connected = false;
    expect(deviceWords(unplugged).state).toBe('Не подключён');
    expect(deviceWords(printer(['offline'])).state).toBe('Остановлен');
  });

  it('says what the terminal with unsettled payments means for the day close', () => {
    const terminal: TechnicianDeviceView = {
      status: {
        id: 'payment_terminal',
        kind: 'payment_terminal',
        connected: true,
        simulated: true,
        problems: [],
        address: 'zvt',
      },
      day: { paymentsSinceClose: 3, unsettled: 1 },
    };
    expect(deviceWords(terminal)).toMatchObject({
      level: 'warn',
      advice: expect.stringContaining('Незавершённых оплат: 1'),
    });
  });

  it('words the test print and the identity a printer did not report', () => {
    expect(testPrintWords({ outcome: 'failed', fault: 'paper_out', identity: {} })).toBe(
      'Не напечатано: закончилась бумага.',
    );
    expect(identityWords({ model: 'TM-T20III' })).toBe(
      'Производитель: не сообщает · Модель: TM-T20III · Прошивка: не сообщает',
    );
  });
});
