import { describe, expect, it } from 'vitest';
import { russian } from '../../i18n/languages';
import { type BookingProblem, bookingProblemTexts } from './booking-texts';

const problems: BookingProblem[] = [
  { outcome: 'too_early', slotTime: '14:30', opensAt: '14:15' },
  { outcome: 'too_late', slotTime: '11:00' },
  { outcome: 'wrong_office', officeName: 'МФЦ пгт Сосновка' },
  { outcome: 'already_used', ticketNumber: 'Б-003' },
  { outcome: 'cancelled' },
  { outcome: 'not_found' },
  { outcome: 'hub_unreachable' },
];

describe('bookingProblemTexts', () => {
  it('gives every outcome a plain Russian sentence without technical words', () => {
    for (const problem of problems) {
      const { title, message, action } = bookingProblemTexts(problem);
      for (const text of [title, message, action]) expect(text).toMatch(/^[А-ЯЁ]/u);
      expect(message).toMatch(/\.$/u);
      expect(message).not.toMatch(/[a-z_]{3,}/iu);
    }
  });

  it('says the times, the office and the ticket as the hub gave them', () => {
    expect(bookingProblemTexts(problems[0] as BookingProblem).message).toMatch(
      /^Вы пришли раньше\. Запись на 14:30, регистрация откроется в 14:15\./u,
    );
    expect(bookingProblemTexts(problems[1] as BookingProblem).message).toMatch(/^Время записи 11:00 прошло\./u);
    expect(bookingProblemTexts(problems[2] as BookingProblem).message).toMatch(
      /^Эта запись в другой офис: МФЦ пгт Сосновка\./u,
    );
    expect(bookingProblemTexts(problems[3] as BookingProblem).message).toMatch(
      /^По этой записи уже выдан талон Б-003\./u,
    );
    expect(bookingProblemTexts({ outcome: 'not_found' }).message).toMatch(/^Запись не найдена\. Проверьте код/u);
    expect(bookingProblemTexts({ outcome: 'hub_unreachable' }).message).toMatch(
      /^Нет связи, проверить запись нельзя\./u,
    );
  });

  it('offers a walk-in ticket where the visitor can still be seen today', () => {
    const remedy = (problem: BookingProblem) => bookingProblemTexts(problem).remedy;
    expect(remedy({ outcome: 'too_late', slotTime: '11:00' })).toBe('walk-in');
    expect(remedy({ outcome: 'hub_unreachable' })).toBe('walk-in');
    expect(remedy({ outcome: 'cancelled' })).toBe('walk-in');
    expect(remedy({ outcome: 'not_found' })).toBe('edit-code');
    expect(remedy({ outcome: 'too_early', slotTime: '14:30', opensAt: '14:15' })).toBe('done');
    expect(bookingProblemTexts({ outcome: 'too_late', slotTime: '11:00' }).action).toBe('Взять обычный талон');
  });

  it('has the inline notice for a mistyped code', () => {
    expect(russian('booking.codeInvalid')).toBe('В коде ошибка, проверьте цифры.');
  });
});
