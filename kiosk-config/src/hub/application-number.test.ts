import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APPLICATION_NUMBER_PATTERN,
  ApplicationNumber,
  maskApplicationNumber,
  normaliseApplicationNumber,
} from './application-number';
import {
  APPLICATION_NUMBER_FORMATS,
  type ApplicationNumberFormat,
  canonicalByFormat,
} from './application-number-formats';

/** Every known format × the ways a visitor types it → the number as the agency prints it. */
const TYPED: Record<string, { canonical: string; typed: Record<string, string> }[]> = {
  'rosreestr-kuvd': [
    {
      canonical: 'КУВД-001/2021-3670443',
      typed: {
        pure: 'КУВД-001/2021-3670443',
        'Latin look-alikes in the Cyrillic prefix': 'KYBД-001/2021-3670443',
        lowercase: 'кувд-001/2021-3670443',
        'lowercase Latin look-alikes': 'kyвд-001/2021-3670443',
        'letters О, O and З for digits': 'КУВД-ОО1/2O21-З67О44З',
        'spaces and everything at once': ' kyвд - oо1 / 2О21 - з67о443 ',
      },
    },
  ],
  'rosreestr-pkpvdmfc': [
    {
      canonical: 'PKPVDMFC-2021-01-28-548444',
      typed: {
        pure: 'PKPVDMFC-2021-01-28-548444',
        'Cyrillic Р, К, Р, М, С in the Latin prefix': 'РКРVDМFС-2021-01-28-548444',
        lowercase: 'pkpvdmfc-2021-01-28-548444',
        'lowercase Cyrillic look-alikes': 'ркрvdмfс-2021-01-28-548444',
        'letters О and O for zeros': 'PKPVDMFC-2О21-O1-28-548444',
      },
    },
    {
      canonical: 'PKPVDMFC-2024-03-11-112233',
      typed: {
        pure: 'PKPVDMFC-2024-03-11-112233',
        'Cyrillic Р, К, Р, М, С in the Latin prefix': 'РКРVDМFС-2024-03-11-112233',
        lowercase: 'pkpvdmfc-2024-03-11-112233',
        'letters О and З for digits': 'РКРVDМFС-2О24-ОЗ-11-1122ЗЗ',
      },
    },
  ],
  'mfc-ten-digits': [
    {
      canonical: '2345678901',
      typed: {
        pure: '2345678901',
        lowercase: '23456789o1',
        'letters З and О for digits': '2З456789О1',
        'Latin capital O for the zero': '23456789O1',
      },
    },
  ],
};

describe('application number formats', () => {
  it('has a table of typed variants for every format, and every format reads its own example', () => {
    expect(Object.keys(TYPED).sort()).toEqual(APPLICATION_NUMBER_FORMATS.map((format) => format.id).sort());
    for (const format of APPLICATION_NUMBER_FORMATS) {
      expect(canonicalByFormat(format.example), format.id).toBe(format.example);
      expect(ApplicationNumber.parse(format.example)).toBe(format.example);
    }
  });

  it('no format reads another format’s example: the formats cannot be confused', () => {
    for (const format of APPLICATION_NUMBER_FORMATS) {
      for (const other of APPLICATION_NUMBER_FORMATS.filter((f) => f !== format)) {
        expect(canonicalByFormat(format.example, [other]), `${format.id} as ${other.id}`).toBeNull();
      }
    }
  });

  describe.each(Object.entries(TYPED))('%s', (_id, numbers) => {
    const cases = numbers.flatMap(({ canonical, typed }) =>
      Object.entries(typed).map(([variant, text]) => ({ variant, text, canonical })),
    );
    it.each(cases)('$variant: «$text» → $canonical', ({ text, canonical }) => {
      expect(normaliseApplicationNumber(text)).toBe(canonical);
      expect(ApplicationNumber.parse(text)).toBe(canonical);
      expect(maskApplicationNumber(text)).toBe(maskApplicationNumber(canonical));
    });
  });
});

describe('what normalisation leaves alone', () => {
  it('only upper-cases a number of no known format: no look-alike is replaced there', () => {
    expect(normaliseApplicationNumber(' abc-12o/з ')).toBe('ABC-12O/З');
    expect(normaliseApplicationNumber('РКРVDМFС-2021-01-28')).toBe('РКРVDМFС-2021-01-28');
    expect(normaliseApplicationNumber('23456789012')).toBe('23456789012');
  });

  it('does not turn a word of look-alikes into digits: half the letters and digits must be typed exactly', () => {
    expect(normaliseApplicationNumber('ОЗОЗОЗОЗОЗ')).toBe('ОЗОЗОЗОЗОЗ');
    expect(normaliseApplicationNumber('ЗЗ45О7О9ОО')).toBe('ЗЗ45О7О9ОО');
    // Exactly half is still a number.
    expect(normaliseApplicationNumber('ЗЗ4567О9ОО')).toBe('3345670900');
  });

  it('does not replace separators: a `-` typed for `/` is not a КУВД number', () => {
    expect(normaliseApplicationNumber('кувд-001-2021-3670443')).toBe('КУВД-001-2021-3670443');
  });
});

describe('the rule, on formats made up for it', () => {
  const made = (id: string, prefix: string, run: number): ApplicationNumberFormat => ({
    id,
    issuer: id,
    example: `${prefix}${'1'.repeat(run)}`,
    segments: [
      { kind: 'literal', text: prefix },
      { kind: 'digits', min: run, max: run },
    ],
  });

  it('reads 0 and 3 as О and З only where the format prints those letters', () => {
    const zone = [made('zone', 'ЗОНА-', 5)];
    expect(canonicalByFormat('30HA-12030', zone)).toBe('ЗОНА-12030');
    expect(canonicalByFormat('3OНА-1З030', zone)).toBe('ЗОНА-13030');
    expect(canonicalByFormat('ЗОНА-12O30', zone)).toBe('ЗОНА-12030');
  });

  it('prefers the format closest to what was typed, and guesses nothing on a tie', () => {
    const twins = [made('latin', 'AB-', 2), made('cyrillic', 'АВ-', 2)];
    expect(canonicalByFormat('AB-12', twins)).toBe('AB-12');
    expect(canonicalByFormat('АВ-12', twins)).toBe('АВ-12');
    expect(canonicalByFormat('AВ-12', twins)).toBeNull();
  });

  it('two formats reading the same number agree, so that is no tie', () => {
    expect(canonicalByFormat('AB-12', [made('one', 'AB-', 2), made('two', 'AB-', 2)])).toBe('AB-12');
  });
});

describe('normalisation, as properties', () => {
  const lookAlikeText = fc.string({
    unit: fc.constantFrom(...'PKVDMFCРКМСКУВДABEHOTXYАВЕНОТХУО0З3-/_. 0123456789kyвдoз'),
    maxLength: 40,
  });
  const typedVariant = fc.constantFrom(
    ...Object.values(TYPED).flatMap((numbers) => numbers.flatMap(({ typed }) => Object.values(typed))),
  );

  it('never throws and is idempotent, on any text and on look-alike soup', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 60 }), lookAlikeText, typedVariant), (raw) => {
        const once = normaliseApplicationNumber(raw);
        expect(normaliseApplicationNumber(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives a valid number of a known format its canonical text, whatever its look-alikes', () => {
    fc.assert(
      fc.property(typedVariant, (raw) => {
        const once = normaliseApplicationNumber(raw);
        expect(APPLICATION_NUMBER_PATTERN.test(once)).toBe(true);
        expect(canonicalByFormat(once)).toBe(once);
      }),
    );
  });
});
