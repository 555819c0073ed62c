import { describe, expect, it } from 'vitest';
import { encodeText } from '../../../drivers/escpos/codepages';
import type { WaitEstimate } from '../../../kiosk-config/src/index';
import { TICKET_WORDS, type TicketWords } from './ticket-words';

const WAIT: WaitEstimate = { minMinutes: 10, maxMinutes: 20, basis: 'typical' };

/** Every line a language's table can put on a ticket. */
function linesOf(words: TicketWords): string[] {
  const { slotTime, peopleAhead, wait, ...plain } = words;
  return [...Object.values(plain), slotTime('10:50'), peopleAhead(3), wait(WAIT)];
}

describe('the ticket words', () => {
  it('say the wait and the queue in each language', () => {
    expect(TICKET_WORDS.ru.wait(WAIT)).toBe('Ожидание: примерно 10–20 мин');
    expect(TICKET_WORDS.ru.wait({ ...WAIT, maxMinutes: 10 })).toBe('Ожидание: примерно 10 мин');
    expect(TICKET_WORDS.ru.peopleAhead(3)).toBe('Перед вами: 3 чел.');
    expect(TICKET_WORDS.en.wait(WAIT)).toBe('Wait: about 10–20 min');
    expect(TICKET_WORDS.en.peopleAhead(3)).toBe('People ahead of you: 3');
    expect(TICKET_WORDS.tt.slotTime('10:50')).toBe('Язылу вакыты: 10:50');
  });

  it('differ between languages on every line', () => {
    const ru = linesOf(TICKET_WORDS.ru);
    const en = linesOf(TICKET_WORDS.en);
    expect(en.filter((line, index) => line === ru[index])).toEqual([]);
    expect(en).toHaveLength(ru.length);
  });

  it.each(['cp866', 'windows-1251'] as const)('Russian and English encode whole in %s', (encoding) => {
    for (const language of ['ru', 'en'] as const) {
      for (const line of linesOf(TICKET_WORDS[language])) {
        expect(encodeText(line, encoding).ok, `${language}: ${line}`).toBe(true);
      }
    }
  });

  it('are right to fall back for Tatar: its words cannot be encoded in CP866', () => {
    expect(linesOf(TICKET_WORDS.tt).some((line) => !encodeText(line, 'cp866').ok)).toBe(true);
  });
});
