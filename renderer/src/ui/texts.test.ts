import { describe, expect, it } from 'vitest';
import { officeClosedLine, opensAtPhrase, secondsPhrase } from './texts';

describe('opening hours in words', () => {
  // 2026-11-23 is a Monday.
  const monday = '2026-11-23';

  it('says today, tomorrow, a weekday or a date', () => {
    expect(opensAtPhrase({ time: '14:00', daysAhead: 0 }, monday)).toBe('сегодня в 14:00');
    expect(opensAtPhrase({ time: '08:00', daysAhead: 1 }, monday)).toBe('завтра в 08:00');
    expect(opensAtPhrase({ time: '08:00', daysAhead: 2 }, monday)).toBe('в среду в 08:00');
    expect(opensAtPhrase({ time: '08:00', daysAhead: 1 }, '2026-11-28')).toBe('завтра в 08:00');
    expect(opensAtPhrase({ time: '09:00', daysAhead: 2 }, '2026-11-28')).toBe('в понедельник в 09:00');
    expect(opensAtPhrase({ time: '09:00', daysAhead: 3 }, '2026-11-28')).toBe('во вторник в 09:00');
    expect(opensAtPhrase({ time: '09:00', daysAhead: 10 }, '2026-12-31')).toBe('10 января в 09:00');
  });

  it('tells the home screen calmly when the office is closed', () => {
    expect(officeClosedLine({ state: 'closed', opensAt: { time: '08:00', daysAhead: 1 } }, monday)).toBe(
      'Сегодня офис уже закрыт. Откроется завтра в 08:00.',
    );
    expect(officeClosedLine({ state: 'closed', opensAt: { time: '14:00', daysAhead: 0 } }, monday)).toBe(
      'Офис сейчас закрыт. Откроется сегодня в 14:00.',
    );
    expect(officeClosedLine({ state: 'closed', opensAt: { time: '08:00', daysAhead: 3 } }, '2026-11-27')).toBe(
      'Офис сейчас закрыт. Откроется в понедельник в 08:00.',
    );
    expect(officeClosedLine({ state: 'closed' }, monday)).toBe('Офис сейчас закрыт.');
  });
});

describe('secondsPhrase', () => {
  it('agrees the noun with the number', () => {
    expect(secondsPhrase(1)).toBe('1 секунду');
    expect(secondsPhrase(3)).toBe('3 секунды');
    expect(secondsPhrase(5)).toBe('5 секунд');
    expect(secondsPhrase(11)).toBe('11 секунд');
    expect(secondsPhrase(21)).toBe('21 секунду');
    expect(secondsPhrase(0)).toBe('0 секунд');
  });
});
