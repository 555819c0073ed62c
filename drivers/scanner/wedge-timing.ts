import type { WedgeKey } from './wedge-decoder';

/**
 * Tells a keyboard-wedge scanner from a person by timing. A scanner "types" a whole code in one
 * burst, its keys a few ms apart; a person's keys are 100 ms or more apart. Keys closer than
 * `maxKeyGapMs` form a burst; a longer gap, or Enter/Tab (the scanner's suffix), ends it; a burst
 * of at least `minLength` characters is a scan, anything else is ignored. Pure: the caller gives
 * each key's time and calls `tick` when `deadline` has passed; tested without Electron.
 */

/** Options of `WedgeBurstDetector`. */
export interface WedgeTimingOptions {
  /** Keys at most this many ms apart belong to one burst (default 30). */
  maxKeyGapMs?: number;
  /** Fewest characters of a scan (default 4): a shorter burst is a person, or a bumped key. */
  minLength?: number;
  /** Most characters of a scan (default 4096): a longer burst is dropped, bounding memory. */
  maxLength?: number;
}

/** Defaults of `WedgeTimingOptions`. */
export const WEDGE_TIMING_DEFAULTS: Readonly<Required<WedgeTimingOptions>> = {
  maxKeyGapMs: 30,
  minLength: 4,
  maxLength: 4096,
};

/** How a burst ended: a scan, or keys ignored (only counted: what a person types is theirs). */
export type WedgeOutcome =
  | { kind: 'scan'; text: string; ended: 'suffix' | 'gap' }
  | { kind: 'ignored'; keys: number; reason: 'too_short' | 'too_long' | 'other_key' };

/** See the module comment. */
export class WedgeBurstDetector {
  private readonly maxKeyGapMs: number;
  private readonly minLength: number;
  private readonly maxLength: number;
  private active = false;
  private text = '';
  private keys = 0;
  private lastAt = 0;
  private sawOtherKey = false;
  private overflowed = false;

  constructor(options: WedgeTimingOptions = {}) {
    this.maxKeyGapMs = Math.max(0, options.maxKeyGapMs ?? WEDGE_TIMING_DEFAULTS.maxKeyGapMs);
    this.minLength = Math.max(1, options.minLength ?? WEDGE_TIMING_DEFAULTS.minLength);
    this.maxLength = Math.max(this.minLength, options.maxLength ?? WEDGE_TIMING_DEFAULTS.maxLength);
  }

  /** Takes the next key press (key-down, not auto-repeat) at time `at` (ms); returns the bursts it ended. */
  push(key: WedgeKey, at: number): WedgeOutcome[] {
    // Modifiers come and go around the characters; they neither extend nor break a burst.
    if (key.kind === 'modifier') return [];
    const outcomes = this.tick(at);
    switch (key.kind) {
      case 'char':
        this.begin(at);
        if (this.text.length + key.char.length > this.maxLength) this.overflowed = true;
        else if (!this.overflowed) this.text += key.char;
        break;
      case 'other':
        this.begin(at);
        this.sawOtherKey = true;
        break;
      case 'end':
        // Enter on its own (a person) ends nothing; within a burst it is the scanner's suffix.
        if (this.active) outcomes.push(this.finish('suffix'));
        break;
    }
    return outcomes;
  }

  /** Ends the burst if its gap has passed by `now`; returns it. */
  tick(now: number): WedgeOutcome[] {
    return this.active && now - this.lastAt > this.maxKeyGapMs ? [this.finish('gap')] : [];
  }

  /** When the burst in progress ends unless another key comes (ms), or null with none in progress. */
  get deadline(): number | null {
    return this.active ? this.lastAt + this.maxKeyGapMs + 1 : null;
  }

  /** Forgets the burst in progress. */
  reset(): void {
    this.active = false;
    this.text = '';
    this.keys = 0;
    this.sawOtherKey = false;
    this.overflowed = false;
  }

  private begin(at: number): void {
    this.active = true;
    this.keys++;
    this.lastAt = at;
  }

  private finish(ended: 'suffix' | 'gap'): WedgeOutcome {
    const { text, keys } = this;
    const outcome: WedgeOutcome = this.sawOtherKey
      ? { kind: 'ignored', keys, reason: 'other_key' }
      : this.overflowed
        ? { kind: 'ignored', keys, reason: 'too_long' }
        : text.length < this.minLength
          ? { kind: 'ignored', keys, reason: 'too_short' }
          : { kind: 'scan', text, ended };
    this.reset();
    return outcome;
  }
}
