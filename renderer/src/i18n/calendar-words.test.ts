import { describe, expect, it } from 'vitest';
import { dayOfMonth, onWeekday } from './calendar-words';

describe('calendar words from our own tables', () => {
  it('dates with the month as each language says it', () => {
    expect(dayOfMonth('ru', 12, 0)).toBe('12 января');
    expect(dayOfMonth('en', 12, 0)).toBe('12 January');
    expect(dayOfMonth('tt', 12, 0)).toBe('12 гыйнвар');
    expect(dayOfMonth('ba', 12, 0)).toBe('12 ғинуар');
    expect(dayOfMonth('ru', 7, 11)).toBe('7 декабря');
  });

  it('«on» a weekday, Sunday first', () => {
    expect(onWeekday('ru', 2)).toBe('во вторник');
    expect(onWeekday('en', 1)).toBe('on Monday');
    expect(onWeekday('tt', 5)).toBe('җомга көнне');
    expect(onWeekday('ba', 0)).toBe('йәкшәмбе көндө');
  });
});
