import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServiceModeView } from '../../../kiosk-config/src/index';
import { ServiceMode } from '../fleet/service-mode';
import { createLogger } from '../logging/logger';
import { type ResetReason, VisitorSession } from '../session/visitor-session';
import { RestartPolicy } from './restart-policy';
import { ScreenRecovery, type SupervisionLogger } from './screen-recovery';

const MINUTE = 60_000;
const quiet = createLogger({ level: 'silent' });

/** A real session and a real service mode (in a temp folder), and what they told. */
async function kiosk() {
  const resets: ResetReason[] = [];
  const views: ServiceModeView[] = [];
  const session = new VisitorSession(60_000, 10_000, {
    onIdleWarning: () => {},
    onReset: (reason) => resets.push(reason),
  });
  const serviceMode = await ServiceMode.open(
    await mkdtemp(path.join(tmpdir(), 'okno-recovery-')),
    (view) => views.push(view),
    quiet,
  );
  const lines: string[] = [];
  const log: SupervisionLogger = {
    info: (_obj, msg) => lines.push(msg),
    warn: (_obj, msg) => lines.push(msg),
    error: (_obj, msg) => lines.push(msg),
  };
  let now = 0;
  const recovery = new ScreenRecovery({
    session,
    serviceMode,
    log,
    policy: new RestartPolicy({
      maxFailures: 3,
      windowMs: 10 * MINUTE,
      slowRetryMs: MINUTE,
      recoverAfterMs: 10 * MINUTE,
    }),
    now: () => now,
  });
  return {
    session,
    serviceMode,
    recovery,
    resets,
    views,
    lines,
    at: (ms: number) => {
      now = ms;
    },
  };
}

describe('ScreenRecovery', () => {
  it("ends the visitor's session when the page is lost (the new page starts at home), and only then", async () => {
    const k = await kiosk();
    k.session.activity();
    expect(k.recovery.pageLost('killed')).toBe(0);
    expect(k.resets).toEqual(['restart']);
    expect(k.session.active).toBe(false);
    k.recovery.pageLost('crashed');
    expect(k.resets).toEqual(['restart']);
    k.session.dispose();
  });

  it('does not count a window closed by a key or a restart for memory: back at once, never out of service', async () => {
    const k = await kiosk();
    for (let i = 0; i < 10; i += 1) {
      expect(k.recovery.pageLost('closed')).toBe(0);
      expect(k.recovery.pageLost('memory')).toBe(0);
    }
    expect(k.recovery.policy.failuresAt(0)).toBe(0);
    expect(k.serviceMode.view).toEqual({ inService: true });
  });

  it('puts the kiosk out of service at the limit (the screens and the health report see it), and back once the page stays up', async () => {
    const k = await kiosk();
    expect(k.recovery.pageLost('crashed')).toBe(0);
    k.at(MINUTE);
    expect(k.recovery.pageLost('frozen')).toBe(1_000);
    k.at(2 * MINUTE);
    expect(k.recovery.pageLost('killed')).toBe(MINUTE);
    expect(k.serviceMode.screenFailing).toBe(true);
    expect(k.serviceMode.view).toMatchObject({ inService: false });
    expect(k.serviceMode.remote).toEqual({ inService: true });
    expect(k.views).toEqual([expect.objectContaining({ inService: false })]);
    expect(k.lines).toContain('kiosk out of service: its page keeps failing (technician alerted)');

    k.at(11 * MINUTE);
    k.recovery.pageAlive();
    expect(k.serviceMode.screenFailing).toBe(true);
    k.at(12 * MINUTE);
    k.recovery.pageAlive();
    expect(k.serviceMode.screenFailing).toBe(false);
    expect(k.serviceMode.view).toEqual({ inService: true });
    expect(k.views.at(-1)).toEqual({ inService: true });
  });

  it("leaves the centre's out-of-service mode to the centre", async () => {
    const k = await kiosk();
    await k.serviceMode.set({ inService: false, instead: 'Обратитесь в окно 3' });
    for (let i = 0; i < 3; i += 1) k.recovery.pageLost('crashed');
    k.at(30 * MINUTE);
    k.recovery.pageAlive();
    expect(k.serviceMode.screenFailing).toBe(false);
    expect(k.serviceMode.view).toEqual({ inService: false, instead: 'Обратитесь в окно 3' });
  });
});
