import { describe, expect, it } from 'vitest';
import { ScreenLanguage } from '../../../kiosk-config/src/index';
import { printerProfilesDir } from '../app-root';
import { memoryLogger } from '../test-support';
import { codePagePrints, paperOf, printedLanguage, receiptPaper } from './receipt-paper';

describe('whether a code page prints a language', () => {
  it.each([
    ['ru', 'cp866', true],
    ['ru', 'windows-1251', true],
    ['en', 'cp866', true],
    ['en', 'windows-1251', true],
    // ә ө ү җ ң һ are in neither code page.
    ['tt', 'cp866', false],
    ['tt', 'windows-1251', false],
  ] as const)('%s in %s: %s', (language, encoding, prints) => {
    expect(codePagePrints(language, encoding)).toBe(prints);
    expect(paperOf(48, encoding).languages.has(language)).toBe(prints);
  });
});

describe("the receipt printer's paper", () => {
  it('is read from the profile once, with the languages its code page prints', async () => {
    const { log } = memoryLogger();
    const paper = await receiptPaper('generic-58mm', printerProfilesDir(), log);
    expect(paper).toMatchObject({ columns: 32, encoding: 'cp866' });
    expect([...paper.languages].sort()).toEqual(['en', 'ru']);
  });

  it('is 48 columns of CP866 when the profile is unknown or unreadable (logged)', async () => {
    const logger = memoryLogger();
    expect(await receiptPaper(undefined, printerProfilesDir(), logger.log)).toMatchObject({
      columns: 48,
      encoding: 'cp866',
    });
    const unreadable = await receiptPaper('no-such-printer', printerProfilesDir(), logger.log);
    expect(unreadable).toMatchObject({ columns: 48, encoding: 'cp866' });
    expect([...unreadable.languages].sort()).toEqual(['en', 'ru']);
    expect(logger.text()).toContain('printer profile unreadable');
  });
});

describe('the language a receipt prints in', () => {
  it("is the visitor's where the paper prints it, else Russian, the fall-back logged without the visitor", () => {
    const logger = memoryLogger();
    const paper = paperOf(32, 'cp866');
    expect(printedLanguage(paper, 'en', 'status slip', logger.log)).toBe('en');
    expect(printedLanguage(paper, 'ru', 'status slip', logger.log)).toBe('ru');
    expect(logger.lines()).toHaveLength(0);
    expect(printedLanguage(paper, 'tt', 'payment receipt', logger.log)).toBe('ru');
    expect(logger.lines()).toEqual([
      expect.objectContaining({ what: 'payment receipt', wanted: 'tt', printed: 'ru', encoding: 'cp866' }),
    ]);
  });

  it("follows the paper's languages as decided, not the code page at each print", () => {
    const { log } = memoryLogger();
    const tatarPaper = { ...paperOf(32, 'cp866'), languages: new Set(ScreenLanguage.options) };
    expect(printedLanguage(tatarPaper, 'tt', 'ticket', log)).toBe('tt');
  });

  it('never answers a language other than the one asked or Russian', () => {
    const { log } = memoryLogger();
    for (const encoding of ['cp866', 'windows-1251'] as const) {
      for (const language of ScreenLanguage.options) {
        expect(['ru', language]).toContain(printedLanguage(paperOf(48, encoding), language, 'ticket', log));
      }
    }
  });
});
