/**
 * How to choose the century of a two-digit year: `past` for birth and issue dates (the latest
 * century that does not put the date in the future); `expiry` for expiry dates (2000s unless that
 * lands more than `EXPIRY_WINDOW_YEARS` ahead, so a long-expired document still reads right).
 */
export type CenturyRule = 'past' | 'expiry';

/** How far ahead an expiry date may lie before its year is read as 19xx. */
export const EXPIRY_WINDOW_YEARS = 50;

/** A YYMMDD field read as a date, or why not. */
export type MrzDateReading = { ok: true; iso: string | null } | { ok: false };

/**
 * Reads an MRZ date (`YYMMDD`) as ISO 8601 with the century inferred.
 *
 * ICAO lets an unknown day, or day and month, be fillers: `7408<<` gives `1974-08`, `74<<<<`
 * gives `1974`. All fillers give `iso: null` (the caller decides whether that is allowed).
 * Calendar-impossible dates (month 13, 31 April, 29 February 2023) are `ok: false`.
 */
export function readMrzDate(yymmdd: string, rule: CenturyRule, today: Date): MrzDateReading {
  if (/^<{6}$/.test(yymmdd)) return { ok: true, iso: null };
  const match = /^(\d\d)(\d\d|<<)(\d\d|<<)$/.exec(yymmdd);
  if (!match) return { ok: false };
  const [, yy = '', mm = '', dd = ''] = match;
  // A known day in an unknown month means nothing.
  if (mm === '<<' && dd !== '<<') return { ok: false };
  const month = mm === '<<' ? null : Number(mm);
  const day = dd === '<<' ? null : Number(dd);
  if (month !== null && (month < 1 || month > 12)) return { ok: false };

  const year = inferYear(Number(yy), month ?? 1, day ?? 1, rule, today);
  if (month !== null && day !== null && (day < 1 || day > daysInMonth(year, month))) return { ok: false };
  const parts = [String(year).padStart(4, '0')];
  if (month !== null) parts.push(pad2(month));
  if (day !== null) parts.push(pad2(day));
  return { ok: true, iso: parts.join('-') };
}

function inferYear(yy: number, month: number, day: number, rule: CenturyRule, today: Date): number {
  const todayYear = today.getFullYear();
  const in2000s = 2000 + yy;
  if (rule === 'expiry') return in2000s > todayYear + EXPIRY_WINDOW_YEARS ? 1900 + yy : in2000s;
  const todayKey = todayYear * 10000 + (today.getMonth() + 1) * 100 + today.getDate();
  // The earliest date the field can mean decides: a birth month of this year is not in the future.
  return in2000s * 10000 + month * 100 + day > todayKey ? 1900 + yy : in2000s;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
