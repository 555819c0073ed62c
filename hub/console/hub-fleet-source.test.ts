import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthChange, healthyState } from '../fleet/fleet-test-support';
import {
  enrollKiosk,
  postJson,
  startTestHub,
  type TestClock,
  type TestHub,
  type TestKiosk,
  testClock,
} from '../test/hub-test-support';

const T0 = '2026-03-02T09:00:00.000Z';

/** `HubFleetSource` over a real hub on SQLite with a clock the test moves. */
describe('HubFleetSource', () => {
  let hub: TestHub;
  let kiosk: TestKiosk;
  let clock: TestClock;

  beforeEach(async () => {
    clock = testClock(T0);
    hub = await startTestHub({ now: clock.now });
    kiosk = await enrollKiosk(hub.url, 'kiosk-source');
  });
  afterEach(async () => hub.dispose());

  const source = () => hub.console.fleet;
  const beat = (body: unknown) => postJson(`${hub.url}/v1/kiosks/heartbeat`, body, kiosk.headers);

  it('tells a kiosk never heard from, then its reported state, then silent while its silence alert is open', async () => {
    expect((await source().findKiosk(kiosk.kioskId))?.state).toBe('unknown');
    const change = healthChange(healthyState({ visitor: { state: 'out_of_service', reason: 'remote_command' } }));
    await beat(change);
    expect(await source().findKiosk(kiosk.kioskId)).toMatchObject({
      state: 'out_of_service',
      appVersion: '1.4.0',
      contentVersion: 3,
      lastContactAt: T0,
    });
    clock.advance(4 * 60_000);
    await hub.hub.fleet?.checkAll();
    expect((await source().findKiosk(kiosk.kioskId))?.state).toBe('silent');
    const [silence] = await source().listAlerts({ kioskId: kiosk.kioskId });
    expect(silence).toMatchObject({ rule: 'kiosk_silent', officeId: kiosk.officeId, severity: 'critical' });

    await beat({ unchanged: change.hash });
    expect((await source().findKiosk(kiosk.kioskId))?.state).toBe('out_of_service');
    expect(await source().listAlerts()).toEqual([]);
    expect(await source().listAlerts({ includeClosed: true })).toMatchObject([
      { rule: 'kiosk_silent', closedAt: '2026-03-02T09:04:00.000Z' },
    ]);
  });

  it('answers an acknowledgement of a closed or unknown alert with its code', async () => {
    const change = healthChange(healthyState());
    await beat(change);
    clock.advance(4 * 60_000);
    await hub.hub.fleet?.checkAll();
    const [silence] = await source().listAlerts();
    await beat({ unchanged: change.hash });
    const closed = await source().acknowledgeAlert(silence?.alertId ?? '', 'tech');
    expect(closed).toMatchObject({ ok: false, error: { code: 'closed' } });
    expect(await source().acknowledgeAlert('no-such-alert', 'tech')).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('shows a command past its time-to-live as expired before its kiosk asks again, and refuses a kind off the allow-list', async () => {
    const commands = source().commands;
    if (!commands) throw new Error('the hub has remote commands');
    const issued = await commands.issue({
      kioskId: kiosk.kioskId,
      kind: 'screen.capture',
      params: {},
      issuedBy: 'tech',
    });
    expect(issued).toMatchObject({ ok: true, value: { state: 'pending', label: 'Снимок экрана' } });
    clock.advance(11 * 60_000);
    expect(await commands.list(kiosk.kioskId, 10)).toMatchObject([{ kind: 'screen.capture', state: 'expired' }]);
    expect(
      await commands.issue({ kioskId: kiosk.kioskId, kind: 'shell.run', params: {}, issuedBy: 'tech' }),
    ).toMatchObject({ ok: false, error: { code: 'unknown_kind' } });
    expect(
      await commands.issue({ kioskId: 'no-such-kiosk', kind: 'service.in', params: {}, issuedBy: 'tech' }),
    ).toMatchObject({ ok: false, error: { code: 'unknown_kiosk' } });
  });
});
