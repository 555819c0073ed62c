import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SystemClock } from './system-clock';
import { FakeSystemCommands } from './system-commands-test-support';
import { parseTimedatectlShow, setTimeArgs } from './timedatectl';

/** `timedatectl show` of systemd 252 (Debian 12), NTP off. */
const SHOW_NTP_OFF = `Timezone=Europe/Moscow
LocalRTC=no
CanNTP=yes
NTP=no
NTPSynchronized=no
TimeUSec=Mon 2026-12-07 11:30:00 MSK
RTCTimeUSec=Mon 2026-12-07 08:30:00 MSK
`;

const offset = (offsetMs: number, uncertaintyMs = 40) => ({ offsetMs, uncertaintyMs, measuredAt: 0, samples: 3 });

describe('parseTimedatectlShow', () => {
  it('reads the zone and whether network time keeps the clock', () => {
    expect(parseTimedatectlShow(SHOW_NTP_OFF)).toEqual({
      timeZone: 'Europe/Moscow',
      ntpActive: false,
      ntpSynchronized: false,
    });
    expect(
      parseTimedatectlShow(
        SHOW_NTP_OFF.replace('NTP=no', 'NTP=yes').replace('NTPSynchronized=no', 'NTPSynchronized=yes'),
      ),
    ).toEqual({
      timeZone: 'Europe/Moscow',
      ntpActive: true,
      ntpSynchronized: true,
    });
  });

  it('does not trust an output without a clear NTP= line', () => {
    expect(parseTimedatectlShow('Timezone=UTC\n')).toBeUndefined();
    expect(parseTimedatectlShow('NTP=maybe\n')).toBeUndefined();
    expect(parseTimedatectlShow('')).toBeUndefined();
  });

  it('never throws, and any answer it gives comes from an NTP= line', () => {
    const line = fc
      .tuple(fc.constantFrom('NTP', 'NTPSynchronized', 'Timezone', 'CanNTP', 'X'), fc.string())
      .map(([k, v]) => `${k}=${v}`);
    fc.assert(
      fc.property(fc.array(fc.oneof(line, fc.string()), { maxLength: 12 }), (lines) => {
        const text = lines.join('\n');
        const parsed = parseTimedatectlShow(text);
        if (parsed !== undefined) expect(text).toMatch(/^\s*NTP\s*=\s*(yes|no)\s*$/m);
      }),
    );
  });

  it('set-time gets a UTC timestamp with its zone named, in whole seconds', () => {
    expect(setTimeArgs(new Date('2026-12-07T08:30:12.600Z'))).toEqual(['set-time', '2026-12-07 08:30:13 UTC']);
  });
});

describe('SystemClock.setFromHub', () => {
  const now = () => Date.parse('2026-12-07T08:30:00.000Z');

  it('sets the hub time with timedatectl when network time is off', async () => {
    const commands = new FakeSystemCommands({
      'timedatectl show': { stdout: SHOW_NTP_OFF },
      'timedatectl set-time': {},
    });
    const outcome = await new SystemClock(commands, now).setFromHub(offset(-125_000));
    expect(outcome).toEqual({ outcome: 'set', correctedByMs: -125_000 });
    expect(commands.calls).toEqual(['timedatectl show', 'timedatectl set-time 2026-12-07 08:27:55 UTC']);
  });

  it('refuses while network time keeps the clock, and sets nothing', async () => {
    const commands = new FakeSystemCommands({
      'timedatectl show': { stdout: SHOW_NTP_OFF.replace('NTP=no', 'NTP=yes') },
    });
    expect(await new SystemClock(commands, now).setFromHub(offset(-125_000))).toEqual({ outcome: 'ntp_active' });
    expect(commands.calls).toEqual(['timedatectl show']);
  });

  it('leaves a clock alone that is right within the measurement, or not measured', async () => {
    const commands = new FakeSystemCommands({ 'timedatectl show': { stdout: SHOW_NTP_OFF } });
    const clock = new SystemClock(commands, now);
    expect(await clock.setFromHub(offset(700, 40))).toEqual({ outcome: 'already_right' });
    expect(await clock.setFromHub(offset(1800, 2000))).toEqual({ outcome: 'already_right' });
    expect(await clock.setFromHub(undefined)).toEqual({ outcome: 'not_measured' });
    expect(commands.calls.filter((call) => call.includes('set-time'))).toEqual([]);
  });

  it('says why when timedatectl is missing or refuses (no polkit rule)', async () => {
    const missing = new SystemClock(new FakeSystemCommands({}), now);
    expect(await missing.setFromHub(offset(-125_000))).toEqual({
      outcome: 'failed',
      problem: 'spawn timedatectl ENOENT',
    });
    const refused = new SystemClock(
      new FakeSystemCommands({
        'timedatectl show': { stdout: SHOW_NTP_OFF },
        'timedatectl set-time': { code: 1, stderr: 'Failed to set time: Access denied\n' },
      }),
      now,
    );
    expect(await refused.setFromHub(offset(-125_000))).toEqual({
      outcome: 'failed',
      problem: 'Failed to set time: Access denied',
    });
  });
});
