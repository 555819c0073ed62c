import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../kiosk-config/src/index';
import { peoplePhrase } from '../../ui/texts';
import {
  documentsPreviewReason,
  isWorthRetrying,
  listPreview,
  peopleAheadLine,
  printerUnavailableMessage,
  priorityLine,
  serviceClosedLine,
  ticketErrorMessage,
  ticketErrorTitle,
  waitLine,
} from './ticket-texts';

describe('ticketErrorMessage', () => {
  it('gives every fault code a plain Russian sentence without technical words', () => {
    for (const code of ErrorCode.options) {
      const text = ticketErrorMessage(code);
      expect(text).toMatch(/^[А-ЯЁ]/u);
      expect(text).toMatch(/[.!]$/u);
      expect(text).not.toMatch(/[a-z_]{3,}/iu);
      expect(text).toMatch(/сотрудник/u);
    }
  });

  it('tells paper out apart from the cover being open', () => {
    expect(ticketErrorMessage('printer_paper_out')).toContain('закончилась бумага');
    expect(ticketErrorMessage('printer_cover_open')).toContain('Крышка принтера открыта');
    expect(ticketErrorMessage('timeout')).toContain('не вышел ли он из принтера');
  });

  it('does not claim the ticket is unprinted after a timeout', () => {
    expect(ticketErrorTitle('timeout')).not.toMatch(/не напечатан/u);
    expect(ticketErrorTitle('printer_paper_out')).toBe('Талон не напечатан');
  });

  it('offers a retry only where trying again can help', () => {
    expect(isWorthRetrying('printer_paper_out')).toBe(false);
    expect(isWorthRetrying('printer_unavailable')).toBe(false);
    expect(isWorthRetrying('printer_error')).toBe(true);
    expect(isWorthRetrying('timeout')).toBe(true);
    expect(isWorthRetrying('office_closed')).toBe(false);
    expect(isWorthRetrying('booking_required')).toBe(false);
    expect(isWorthRetrying('numbers_exhausted')).toBe(false);
  });

  it('explains the office refusing a ticket apart from the printer failing', () => {
    expect(ticketErrorTitle('office_closed')).toBe('Талон не выдан');
    expect(ticketErrorTitle('numbers_exhausted')).toBe('Талон не выдан');
    expect(ticketErrorMessage('booking_required')).toContain('«У меня запись»');
    expect(ticketErrorMessage('numbers_exhausted')).toMatch(/^Талоны на эту услугу на сегодня закончились\./u);
    expect(ticketErrorMessage('office_closed')).toContain('часы работы');
  });

  it('asks the visitor to wait a few minutes when the hub limits the kiosk, and offers a retry', () => {
    expect(ticketErrorTitle('rate_limited')).toBe('Талон не выдан');
    expect(ticketErrorMessage('rate_limited')).toMatch(/Подождите несколько минут/u);
    expect(isWorthRetrying('rate_limited')).toBe(true);
  });
});

describe('peoplePhrase and the queue lines', () => {
  it('agrees «человек» with the number', () => {
    expect(peoplePhrase(1)).toBe('1 человек');
    expect(peoplePhrase(2)).toBe('2 человека');
    expect(peoplePhrase(4)).toBe('4 человека');
    expect(peoplePhrase(5)).toBe('5 человек');
    expect(peoplePhrase(11)).toBe('11 человек');
    expect(peoplePhrase(12)).toBe('12 человек');
    expect(peoplePhrase(21)).toBe('21 человек');
    expect(peoplePhrase(22)).toBe('22 человека');
    expect(peoplePhrase(111)).toBe('111 человек');
  });

  it('says who is next, how many are ahead, or nothing when it is not known', () => {
    expect(peopleAheadLine(0)).toBe('Вы следующий');
    expect(peopleAheadLine(1)).toBe('Перед вами: 1 человек');
    expect(peopleAheadLine(3)).toBe('Перед вами: 3 человека');
    expect(peopleAheadLine(7)).toBe('Перед вами: 7 человек');
    expect(peopleAheadLine(null)).toBeNull();
  });

  it('gives the wait as a range of minutes, never a precise minute', () => {
    const wait = (minMinutes: number, maxMinutes: number) => waitLine({ minMinutes, maxMinutes, basis: 'recent' });
    expect(wait(10, 20)).toBe('Примерное ожидание: 10–20 минут');
    expect(wait(2, 4)).toBe('Примерное ожидание: 2–4 минуты');
    expect(wait(15, 21)).toBe('Примерное ожидание: 15–21 минута');
    expect(wait(0, 10)).toBe('Примерное ожидание: до 10 минут');
    expect(wait(0, 1)).toBe('Примерное ожидание: до 1 минуты');
    expect(wait(15, 15)).toBe('Примерное ожидание: около 15 минут');
    expect(wait(0, 0)).toBe('Примерное ожидание: меньше минуты');
    expect(wait(70, 120)).toBe('Примерное ожидание: больше часа');
    expect(waitLine(null)).toBeNull();
  });

  it('marks a booked ticket with its time', () => {
    expect(priorityLine('14:30')).toBe('По записи на 14:30');
    expect(priorityLine(null)).toBe('По записи');
  });
});

describe('a closed service card', () => {
  // 2026-11-23 is a Monday.
  const monday = '2026-11-23';

  it('tells on a closed service card when it opens', () => {
    expect(serviceClosedLine({ state: 'closed', opensAt: { time: '08:00', daysAhead: 1 } }, monday)).toBe(
      'Сегодня приём закончен. Откроется завтра в 08:00.',
    );
    expect(serviceClosedLine({ state: 'closed' }, monday)).toBe('Сейчас талоны на эту услугу не выдаются.');
  });
});

describe('listPreview', () => {
  it('shows a short list whole and a long one as its first lines and how many more', () => {
    expect(listPreview(['a', 'b', 'c'])).toEqual({ items: ['a', 'b', 'c'], more: 0 });
    // «и ещё 1» would take the room of the line it hides.
    expect(listPreview(['a', 'b', 'c', 'd'])).toEqual({ items: ['a', 'b', 'c', 'd'], more: 0 });
    expect(listPreview(['a', 'b', 'c', 'd', 'e', 'f'])).toEqual({ items: ['a', 'b', 'c'], more: 3 });
  });

  it('says why the list is on the screen instead of on paper', () => {
    expect(documentsPreviewReason('office_printer_unavailable')).toBe('Принтер для листов сейчас не работает.');
    expect(documentsPreviewReason('timeout')).toBe('Лист не получилось распечатать.');
  });
});

describe('printerUnavailableMessage', () => {
  it('says why and what to do', () => {
    expect(printerUnavailableMessage('paper_out')).toMatch(/^В принтере талонов закончилась бумага,.*сотруднику/u);
    expect(printerUnavailableMessage('offline')).toMatch(/^Принтер талонов временно не работает,/u);
  });
});
