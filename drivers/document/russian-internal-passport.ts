/**
 * The machine-readable zone of the Russian internal passport (паспорт гражданина Российской
 * Федерации, issued with an MRZ since July 2011). Sources are listed in `drivers/document/README.md`.
 *
 * Two lines of 44, TD3 positions, national content (columns from 1, as the rules count them):
 *
 *   line 1: 1–2 `PN`, 3–5 `RUS`, 6–44 surname `<<` name `<` patronymic in the table below
 *   line 2: 1–9 the first three digits of the series and the six-digit number, 10 check digit,
 *           11–13 citizenship, 14–19 birth date YYMMDD, 20 check digit, 21 sex, 22–27 expiry
 *           (fillers: the passport's validity depends on age), 28 its check digit (a filler),
 *           29–42 additional data: the last digit of the series, the issue date YYMMDD, the
 *           department code (6 digits), a filler; 43 check digit of 29–42; 44 composite check
 *           digit over 1–10, 14–20 and 22–43 (ICAO weights 7-3-1, filler = 0).
 */
import { FILLER } from './mrz-check-digit';
import { type FieldReading, readDate, readDocumentCode, readSex, readStateCode, splitName } from './mrz-fields';
import type { RussianInternalPassportFields } from './parsed-document';

/**
 * Cyrillic → MRZ character, one to one, as the national rules write names (not the ICAO
 * transliteration of the foreign passport: Ж is `J` here, not `ZH`). Every Latin letter is used,
 * plus the digits 2, 3, 4, 6, 7, 8, 9; 0, 1 and 5 never occur in a name.
 */
export const RUSSIAN_MRZ_TRANSLITERATION: Readonly<Record<string, string>> = {
  А: 'A',
  Б: 'B',
  В: 'V',
  Г: 'G',
  Д: 'D',
  Е: 'E',
  Ё: '2',
  Ж: 'J',
  З: 'Z',
  И: 'I',
  Й: 'Q',
  К: 'K',
  Л: 'L',
  М: 'M',
  Н: 'N',
  О: 'O',
  П: 'P',
  Р: 'R',
  С: 'S',
  Т: 'T',
  У: 'U',
  Ф: 'F',
  Х: 'H',
  Ц: 'C',
  Ч: '3',
  Ш: '4',
  Щ: 'W',
  Ъ: 'X',
  Ы: 'Y',
  Ь: '9',
  Э: '6',
  Ю: '7',
  Я: '8',
};

const FROM_MRZ: ReadonlyMap<string, string> = new Map(
  Object.entries(RUSSIAN_MRZ_TRANSLITERATION).map(([cyrillic, mrz]) => [mrz, cyrillic]),
);

/** The characters a Russian name may hold in the zone. */
const RUSSIAN_NAME_PART = /^[A-Z2346789]+$/;

/**
 * Writes a Cyrillic name (or any words) as the zone does: letters through the table, spaces and
 * hyphens as one filler. Null when a character has no place in the table.
 */
export function transliterateToMrz(cyrillic: string): string | null {
  let out = '';
  for (const char of cyrillic.toUpperCase()) {
    if (char === ' ' || char === '-') out += FILLER;
    else {
      const mrz = RUSSIAN_MRZ_TRANSLITERATION[char];
      if (mrz === undefined) return null;
      out += mrz;
    }
  }
  return out;
}

/** Reads MRZ characters back into Cyrillic; null when one of them stands for no letter. */
export function transliterateFromMrz(mrz: string): string | null {
  let out = '';
  for (const char of mrz) {
    const cyrillic = FROM_MRZ.get(char);
    if (cyrillic === undefined) return null;
    out += cyrillic;
  }
  return out;
}

/**
 * Reads the fields of a Russian internal passport from zone lines whose check digits have already
 * been verified (and confirmed fixes applied).
 *
 * The names: the parts of a double surname are joined with a hyphen (the zone keeps only a
 * filler between them, and a Russian double surname is written hyphenated); after the `<<`, the
 * first part is the name and the rest the patronymic (`MAMED<OGLY` → «МАМЕД ОГЛЫ»). A compound
 * given name without a patronymic would read as name + patronymic: the zone cannot tell them apart.
 */
export function readRussianInternalPassport(
  lines: readonly string[],
  today: Date,
): FieldReading<RussianInternalPassportFields> {
  const line1 = lines[0] ?? '';
  const line2 = lines[1] ?? '';
  const documentCode = readDocumentCode(line1.slice(0, 2));
  if (!documentCode.ok) return documentCode;
  const issuingState = readStateCode(line1.slice(2, 5), 'issuingState');
  if (!issuingState.ok) return issuingState;
  // Every Russian citizen has a surname: an empty one is a misread.
  const name = splitName(line1.slice(5, 44), RUSSIAN_NAME_PART, { primaryMayBeEmpty: false });
  if (!name.ok) return name;

  const seriesAndNumber = line2.slice(0, 9);
  const seriesLastDigit = line2.charAt(28);
  if (!/^\d{9}$/.test(seriesAndNumber) || !/^\d$/.test(seriesLastDigit)) {
    return { ok: false, field: 'documentNumber' };
  }
  const nationality = readStateCode(line2.slice(10, 13), 'nationality');
  if (!nationality.ok) return nationality;
  const birthDate = readDate(line2.slice(13, 19), 'birthDate', 'past', today);
  if (!birthDate.ok) return birthDate;
  const sex = readSex(line2.charAt(20));
  if (!sex.ok) return sex;
  const expiryDate = readDate(line2.slice(21, 27), 'expiryDate', 'expiry', today);
  if (!expiryDate.ok) return expiryDate;
  const issueDate = readDate(line2.slice(29, 35), 'issueDate', 'past', today);
  // The issue date is always complete: no fillers.
  if (!issueDate.ok || issueDate.value === null || issueDate.value.length !== 10) {
    return { ok: false, field: 'issueDate' };
  }
  const departmentCode = line2.slice(35, 41);
  if (!/^\d{6}$/.test(departmentCode)) return { ok: false, field: 'departmentCode' };
  if (line2.charAt(41) !== FILLER) return { ok: false, field: 'optionalData' };

  const [surnameParts, givenParts] = [name.value.surnameParts, name.value.givenParts];
  const cyrillicSurname = surnameParts.map(transliterateFromMrz);
  const cyrillicGiven = givenParts.map(transliterateFromMrz);
  const [givenName, ...patronymicParts] = cyrillicGiven;
  // The alphabet was checked above, so every part reads back; this keeps the types honest.
  if (cyrillicSurname.includes(null) || cyrillicGiven.includes(null) || !givenName) {
    return { ok: false, field: 'names' };
  }

  const series = `${seriesAndNumber.slice(0, 3)}${seriesLastDigit}`;
  const number = seriesAndNumber.slice(3);
  return {
    ok: true,
    value: {
      format: 'RU_INTERNAL_PASSPORT',
      documentCode: documentCode.value,
      issuingState: issuingState.value,
      documentNumber: `${series}${number}`,
      nationality: nationality.value,
      surname: surnameParts.join(' '),
      givenNames: givenParts.join(' '),
      nameMayBeTruncated: name.value.mayBeTruncated,
      sex: sex.value,
      birthDate: birthDate.value,
      expiryDate: expiryDate.value,
      optionalData: [],
      series,
      number,
      issueDate: issueDate.value,
      departmentCode: `${departmentCode.slice(0, 3)}-${departmentCode.slice(3)}`,
      cyrillic: {
        surname: cyrillicSurname.join('-'),
        givenName,
        patronymic: patronymicParts.length > 0 ? patronymicParts.join(' ') : null,
      },
    },
  };
}
