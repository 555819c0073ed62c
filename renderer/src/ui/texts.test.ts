import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../kiosk-config/src/index';
import { isWorthRetrying, printerUnavailableMessage, secondsRu, ticketErrorMessage, ticketErrorTitle } from './texts';

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
  });
});

describe('printerUnavailableMessage', () => {
  it('says why and what to do', () => {
    expect(printerUnavailableMessage('paper_out')).toMatch(/^В принтере талонов закончилась бумага,.*сотруднику/u);
    expect(printerUnavailableMessage('offline')).toMatch(/^Принтер талонов временно не работает,/u);
  });
});

describe('secondsRu', () => {
  it('agrees the noun with the number', () => {
    expect(secondsRu(1)).toBe('1 секунду');
    expect(secondsRu(3)).toBe('3 секунды');
    expect(secondsRu(5)).toBe('5 секунд');
    expect(secondsRu(11)).toBe('11 секунд');
    expect(secondsRu(21)).toBe('21 секунду');
    expect(secondsRu(0)).toBe('0 секунд');
  });
});
