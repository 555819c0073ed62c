/**
 * An `Intl.DateTimeFormat` on the office's clock. An unknown zone (or none yet, before
 * `kiosk.info` answered) falls back to the machine's rather than failing: a time a little off
 * beats a screen that breaks.
 */
export function zonedFormat(
  locale: string,
  options: Intl.DateTimeFormatOptions,
  timeZone: string | undefined,
): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat(locale, options);
  }
}
