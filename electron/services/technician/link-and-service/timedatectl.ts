import { z } from 'zod';

/** What `timedatectl show` says of the system clock, as far as the technician needs it. */
export interface TimedateState {
  /** The time zone (`Timezone=`), if given. */
  timeZone: string | undefined;
  /** Network time synchronisation is switched on (`NTP=yes`): the clock is not set by hand then. */
  ntpActive: boolean;
  /** The clock is synchronised now (`NTPSynchronized=yes`). */
  ntpSynchronized: boolean;
}

const YesNo = z.enum(['yes', 'no']);
const TimedateShow = z.object({
  Timezone: z.string().max(64).optional(),
  NTP: YesNo,
  NTPSynchronized: YesNo.optional(),
});

/**
 * Parses `timedatectl show` (`Key=value` lines, systemd ≥ 239). Unknown keys are ignored;
 * without a readable `NTP=` the output is not trusted (undefined): the clock is then not set.
 */
export function parseTimedatectlShow(output: string): TimedateState | undefined {
  const fields: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at).trim();
    if (!/^[A-Za-z]+$/.test(key)) continue;
    fields[key] = line.slice(at + 1).trim();
  }
  const parsed = TimedateShow.safeParse({
    ...(fields.Timezone === undefined ? {} : { Timezone: fields.Timezone }),
    NTP: fields.NTP,
    ...(fields.NTPSynchronized === undefined ? {} : { NTPSynchronized: fields.NTPSynchronized }),
  });
  if (!parsed.success) return undefined;
  return {
    timeZone: parsed.data.Timezone === '' ? undefined : parsed.data.Timezone,
    ntpActive: parsed.data.NTP === 'yes',
    ntpSynchronized: parsed.data.NTPSynchronized === 'yes',
  };
}

/**
 * The arguments of `timedatectl` that set the clock to `at`: a UTC timestamp with its zone
 * named (systemd.time(7)), so the system's time zone cannot shift it. Whole seconds: that is all
 * `set-time` takes.
 */
export function setTimeArgs(at: Date): string[] {
  const iso = new Date(Math.round(at.getTime() / 1000) * 1000).toISOString();
  return ['set-time', `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`];
}
