import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrollKiosk, startTestHub, type TestHub, type TestKiosk } from '../../../hub/test/hub-test-support';
import { kioskTestClient } from '../hub/kiosk-client-test-support';
import { closedPortUrl } from '../hub/test-hub-server';
import { HelpService } from './help-service';

const PHONE = '9123456789';

/**
 * The kiosk's side of «Позвать сотрудника» against a real hub on a SQLite file over HTTP: the
 * request and the call-back reach it through the real hub client; a dead link answers
 * `hub_unreachable` and keeps nothing; the kiosk's log (pino, captured) has the screen and the
 * outcome, never the number.
 */
describe('HelpService with the hub client', () => {
  let hub: TestHub;
  let kiosk: TestKiosk;

  beforeEach(async () => {
    hub = await startTestHub();
    kiosk = await enrollKiosk(hub.url, 'kiosk-help-main');
  });
  afterEach(async () => hub.dispose());

  function helpFor(baseUrl: string) {
    const { client, logger } = kioskTestClient(baseUrl, kiosk);
    const help = new HelpService({
      request: (body) => client.call('helpRequest', body),
      callback: (body) => client.call('helpCallback', body),
      log: logger.log,
    });
    return { help, logger };
  }

  it('raises a help request and queues a call-back at the hub, logging the screen and never the number', async () => {
    const { help, logger } = helpFor(hub.url);
    // The office's ticket queue's count passes the kiosk's check of the hub's answer (the demo office's is empty).
    expect(await help.request({ screen: 'screen-status' })).toEqual({ ok: true, value: { ahead: 0, waiting: 0 } });
    expect(await help.callback({ screen: 'screen-home', phone: PHONE })).toEqual({
      ok: true,
      value: { outcome: 'queued', ahead: 0, expectedWithinMinutes: 15 },
    });
    const [callback] = (await hub.hub.help?.openCallbacks()) ?? [];
    expect(callback).toMatchObject({ kioskId: kiosk.kioskId, screen: 'screen-home', phone: PHONE });
    expect((await hub.hub.help?.openRequests('mfc-demo-01'))?.map((r) => r.screen)).toEqual(['screen-status']);
    expect(logger.text()).toContain('screen-home');
    expect(logger.text()).not.toContain(PHONE);
    expect(hub.log.text()).not.toContain(PHONE);
  });

  it('answers hub_unreachable when the hub cannot be reached, and keeps nothing of the number (nothing queued at the hub, nothing logged)', async () => {
    const { help, logger } = helpFor(await closedPortUrl());
    const answer = await help.callback({ screen: 'screen-home', phone: PHONE });
    expect(answer).toMatchObject({ ok: false, error: { code: 'hub_unreachable' } });
    expect((await help.request({ screen: 'screen-home' })).ok).toBe(false);
    expect(logger.text()).toContain('help call-back not sent');
    expect(logger.text()).not.toContain(PHONE);
    expect(await hub.hub.help?.openCallbacks()).toEqual([]);
  });
});
