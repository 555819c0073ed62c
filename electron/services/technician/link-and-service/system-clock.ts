import type { ClockOffset } from '../../hub/clock-offset';
import { commandProblem, type SystemCommands } from './system-commands';
import { parseTimedatectlShow, setTimeArgs, type TimedateState } from './timedatectl';

/** How setting the clock from the hub ended. */
export type SetClockOutcome =
  | { outcome: 'set'; correctedByMs: number }
  /** Network time is on: the system keeps the clock; setting it by hand would be undone. */
  | { outcome: 'ntp_active' }
  /** No answer of the hub measured the offset yet. */
  | { outcome: 'not_measured' }
  /** The offset is within its own uncertainty (or under a second): nothing to correct. */
  | { outcome: 'already_right' }
  /** `timedatectl` could not say whether network time is on, or refused to set the time. */
  | { outcome: 'failed'; problem: string };

/** Below this the clock is called right: `set-time` takes whole seconds. */
const RIGHT_WITHIN_MS = 1000;

/**
 * The kiosk's system clock as `timedatectl` sees it, and setting it to the hub's time where no
 * network time keeps it. Setting needs the polkit rule `build/linux/polkit/50-okno-time.rules`
 * (only `org.freedesktop.timedate1.set-time`, only for the kiosk's user).
 */
export class SystemClock {
  constructor(
    private readonly commands: SystemCommands,
    private readonly now: () => number = Date.now,
  ) {}

  /** What `timedatectl show` says, or why it says nothing (no systemd, no D-Bus in a container). */
  async state(): Promise<{ ok: true; state: TimedateState } | { ok: false; problem: string }> {
    const output = await this.commands.run('timedatectl', ['show']);
    if (output.code !== 0) return { ok: false, problem: commandProblem(output) };
    const state = parseTimedatectlShow(output.stdout);
    return state === undefined ? { ok: false, problem: 'timedatectl show: no NTP= line' } : { ok: true, state };
  }

  /** Sets the clock to the kiosk's time plus `offset` (the hub's time), unless network time keeps it. */
  async setFromHub(offset: ClockOffset | undefined): Promise<SetClockOutcome> {
    if (offset === undefined) return { outcome: 'not_measured' };
    const state = await this.state();
    if (!state.ok) return { outcome: 'failed', problem: state.problem };
    if (state.state.ntpActive) return { outcome: 'ntp_active' };
    if (Math.abs(offset.offsetMs) <= Math.max(offset.uncertaintyMs, RIGHT_WITHIN_MS))
      return { outcome: 'already_right' };
    const output = await this.commands.run('timedatectl', setTimeArgs(new Date(this.now() + offset.offsetMs)));
    if (output.code !== 0) return { outcome: 'failed', problem: commandProblem(output) };
    return { outcome: 'set', correctedByMs: offset.offsetMs };
  }
}
