import type { WaitEstimate } from '../../../kiosk-config/src/hub/queue-api';

/**
 * The wait estimate: a range of minutes, never a falsely precise minute (docs/queue.md).
 *
 * Pure: the caller gathers the numbers (`queue-position.ts`); this only does the arithmetic,
 * so it is tested on recorded service times without a database or a clock.
 */

/** Fewer recent service times than this and the catalogue's typical minutes are used instead. */
export const MIN_RECENT_SAMPLES = 5;
/** Service times taken into account: the newest this many… */
export const SAMPLE_LIMIT = 30;
/** …finished within this many days. */
export const SAMPLE_DAYS = 14;
/** Windows that called a queue within this many minutes are taken as serving it now. */
export const ACTIVE_WINDOW_MINUTES = 60;
/** The range is widened to whole steps of this many minutes. */
export const ROUNDING_MINUTES = 5;
/** The typical minutes are taken as ± this share. */
export const TYPICAL_SPREAD = 0.3;

/** What the estimate is made from. */
export interface WaitInputs {
  /** Waiting tickets called before this one. */
  peopleAhead: number;
  /** Minutes each recently served visitor of this queue took (`called → finished`). */
  serviceMinutes: readonly number[];
  /** Windows serving this queue now; fewer than one counts as one. */
  windows: number;
  /** The catalogue's typical minutes, summed over the tickets ahead (the fallback). */
  typicalMinutesAhead: number;
}

/**
 * `peopleAhead × p25 … peopleAhead × p75` of the recent service times, divided by the windows
 * serving the queue, rounded outward to 5 minutes (basis `recent`); with fewer than 5 service
 * times, the typical minutes ± 30% the same way (basis `typical`). Null with nobody ahead.
 */
export function estimateWait(inputs: WaitInputs): WaitEstimate | null {
  if (inputs.peopleAhead <= 0) return null;
  const windows = Math.max(1, inputs.windows);
  const samples = inputs.serviceMinutes.filter((m) => Number.isFinite(m) && m > 0);
  if (samples.length >= MIN_RECENT_SAMPLES) {
    const low = (inputs.peopleAhead * percentile(samples, 0.25)) / windows;
    const high = (inputs.peopleAhead * percentile(samples, 0.75)) / windows;
    return roundOutward(low, high, 'recent');
  }
  const typical = inputs.typicalMinutesAhead / windows;
  return roundOutward(typical * (1 - TYPICAL_SPREAD), typical * (1 + TYPICAL_SPREAD), 'typical');
}

/** The `p` quantile (0…1) with linear interpolation between the nearest ranks. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const below = sorted[Math.floor(rank)] as number;
  const above = sorted[Math.ceil(rank)] as number;
  return below + (above - below) * (rank - Math.floor(rank));
}

/**
 * `low` down and `high` up to whole steps of 5 minutes, at least one step apart: «10–15 минут»
 * rather than «12 минут», which a visitor would take as a promise.
 */
export function roundOutward(low: number, high: number, basis: WaitEstimate['basis']): WaitEstimate {
  const minMinutes = Math.max(0, Math.floor(low / ROUNDING_MINUTES) * ROUNDING_MINUTES);
  const maxMinutes = Math.max(minMinutes + ROUNDING_MINUTES, Math.ceil(high / ROUNDING_MINUTES) * ROUNDING_MINUTES);
  return { minMinutes, maxMinutes, basis };
}
