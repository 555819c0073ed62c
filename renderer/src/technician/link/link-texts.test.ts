import { describe, expect, it } from 'vitest';
import { agoText, durationText, offsetText, sizeText } from './link-texts';

describe('the «Связь» page texts', () => {
  it('says which way the clock is off, by how much and how sure', () => {
    expect(offsetText(125_400, 180)).toBe('Часы терминала отстают на 2 мин 5 с (± 0,2 с)');
    expect(offsetText(-4_300, 450)).toBe('Часы терминала спешат на 4,3 с (± 0,5 с)');
    expect(offsetText(600, 250)).toBe('Часы верны (расхождение меньше 1,0 с)');
    expect(offsetText(1_800, 2_000)).toBe('Часы верны (расхождение меньше 2,0 с)');
  });

  it('durations, ages and sizes', () => {
    expect(durationText(3 * 86_400_000 + 7_200_000)).toBe('3 дн 2 ч');
    expect(durationText(3_900_000)).toBe('1 ч 5 мин');
    expect(agoText('2026-12-07T08:00:00Z', Date.parse('2026-12-07T08:00:02Z'))).toBe('только что');
    expect(agoText('2026-12-07T08:00:00Z', Date.parse('2026-12-07T08:12:00Z'))).toBe('12 мин назад');
    expect(sizeText(15_517_876_224)).toBe('14 ГБ');
    expect(sizeText(1_536)).toBe('1,5 КБ');
  });
});
