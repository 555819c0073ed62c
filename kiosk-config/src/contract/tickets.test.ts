import { describe, expect, it } from 'vitest';
import { kioskCalls } from './kiosk-api';
import { IssuedTicket } from './tickets';

const issueInput = kioskCalls['tickets.issue'].input;

describe("tickets.issue's language", () => {
  it('is optional (Russian then) and takes the screen languages', () => {
    expect(issueInput.safeParse({ serviceId: 'passport' }).success).toBe(true);
    for (const language of ['ru', 'en', 'tt']) {
      expect(issueInput.parse({ serviceId: 'passport', language })).toEqual({ serviceId: 'passport', language });
    }
  });

  it.each([['de'], ['RU'], [''], [7], [null], ['ru-RU']])('refuses %j', (language) => {
    expect(issueInput.safeParse({ serviceId: 'passport', language }).success).toBe(false);
  });

  it('goes with a check-in too, and is refused there when not a screen language', () => {
    const checkInInput = kioskCalls['tickets.checkIn'].input;
    expect(checkInInput.safeParse({ code: '123', language: 'tt' }).success).toBe(true);
    expect(checkInInput.safeParse({ code: '123', language: 'de' }).success).toBe(false);
  });

  it("answers with the language printed, or none from an older main side's answer", () => {
    const ticket = {
      number: 'Б-007',
      serviceId: 'passport',
      serviceName: 'Замена паспорта',
      officeName: 'МФЦ',
      issuedAt: '2026-11-23T10:45:00+03:00',
      peopleAhead: 3,
      wait: null,
      offline: false,
      priority: false,
      documents: [],
      print: 'printed',
    };
    expect(IssuedTicket.safeParse({ ...ticket, printedLanguage: 'ru' }).success).toBe(true);
    expect(IssuedTicket.safeParse(ticket).success).toBe(true);
    expect(IssuedTicket.safeParse({ ...ticket, printedLanguage: 'kk' }).success).toBe(false);
  });
});
