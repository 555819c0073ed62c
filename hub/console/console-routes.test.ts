import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../test/hub-test-support';
import { addConsoleUser, ConsoleClient, enrollKioskIn, reportPrinter } from './console-test-support';

const PASSWORD = 'correct horse battery';

describe('the web console over HTTP', () => {
  let hub: TestHub;

  beforeEach(async () => {
    hub = await startTestHub();
    await addConsoleUser(hub, 'admin', 'regional_admin', PASSWORD);
    await addConsoleUser(hub, 'head1', 'office_head', PASSWORD, 'mfc-demo-01');
    await addConsoleUser(hub, 'tech', 'technician', PASSWORD);
  });
  afterEach(async () => {
    await hub.dispose();
  });

  it('sends signed-out visitors to the sign-in page, with a strict CSP and no-store', async () => {
    const client = new ConsoleClient(hub.url);
    const page = await client.get('/console');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/console/sign-in');
    const response = await fetch(`${hub.url}/console/sign-in`);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const openApi = (await (await fetch(`${hub.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openApi.paths).filter((p) => p.startsWith('/console'))).toEqual([]);
  });

  it('signs in with an HttpOnly SameSite=Strict cookie, stores only the session id hash, and signs out', async () => {
    const client = new ConsoleClient(hub.url);
    await client.get('/console/sign-in');
    const response = await fetch(`${hub.url}/console/sign-in`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: hub.url,
        cookie: `okno_console_sign_in=${client.csrfToken}`,
      },
      body: new URLSearchParams({ _csrf: client.csrfToken, login: 'admin', password: PASSWORD }).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    const session = response.headers.getSetCookie().find((c) => c.startsWith('okno_console='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).not.toMatch(/Secure/); // plain http on 127.0.0.1; https adds it
    const id = /^okno_console=([^;]+)/.exec(session ?? '')?.[1] ?? '';
    const rows = await hub.console.store.listAudit(10);
    expect(rows.map((r) => r.action)).toContain('sign_in');
    expect(JSON.stringify(rows)).not.toContain(id);

    const signedIn = await client.signIn('admin', PASSWORD);
    expect(signedIn.status).toBe(303);
    expect((await client.get('/console')).text).toContain('Терминалы');
    const out = await client.post('/console/sign-out', { _csrf: client.csrfToken });
    expect(out.status).toBe(303);
    expect((await client.get('/console')).status).toBe(303);
  });

  it('refuses a POST without the token, with a wrong token, and from another origin', async () => {
    const client = new ConsoleClient(hub.url);
    await client.signIn('admin', PASSWORD);
    const kiosk = await enrollKioskIn(hub, 'kiosk-a', 'mfc-demo-01');
    await reportPrinter(hub, kiosk, 'paper_near_end');
    const [alert] = await hub.console.fleet.listAlerts();
    const alertId = alert?.alertId ?? '';

    expect((await client.post('/console/alerts/acknowledge', { alertId })).status).toBe(403);
    expect((await client.post('/console/alerts/acknowledge', { alertId, _csrf: 'x'.repeat(43) })).status).toBe(403);
    const foreign = await client.post(
      '/console/alerts/acknowledge',
      { alertId, _csrf: client.csrfToken },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    expect(
      (await client.post('/console/alerts/acknowledge', { alertId, _csrf: client.csrfToken }, { origin: null })).status,
    ).toBe(403);
    expect((await hub.console.fleet.listAlerts())[0]?.acknowledgedAt).toBeUndefined();

    const accepted = await client.post('/console/alerts/acknowledge', { alertId, _csrf: client.csrfToken });
    expect(accepted.status).toBe(303);
    expect((await hub.console.fleet.listAlerts())[0]?.acknowledgedBy).toBe('admin');
    // Through the fleet store: the webhook's queue has the acknowledgement.
    const queued = await hub.fleet.undeliveredNotifications(10);
    expect(queued.map((n) => [n.alertId, n.event])).toContainEqual([alertId, 'acknowledged']);
    const actions = (await hub.console.store.listAudit(20)).map((r) => r.action);
    expect(actions.filter((a) => a === 'csrf_refused')).toHaveLength(4);
    expect(actions).toContain('alert_acknowledged');
  });

  it('refuses a sign-in POST from another origin or without the form token', async () => {
    const client = new ConsoleClient(hub.url);
    await client.get('/console/sign-in');
    const token = client.csrfToken;
    expect(
      (
        await client.post(
          '/console/sign-in',
          { _csrf: token, login: 'admin', password: PASSWORD },
          { origin: 'http://evil.example' },
        )
      ).status,
    ).toBe(403);
    expect((await client.post('/console/sign-in', { _csrf: 'nope', login: 'admin', password: PASSWORD })).status).toBe(
      403,
    );
  });

  it('shows an office head only their office: other kiosks, queues, payments and alerts answer 404 as unknown ones', async () => {
    const own = await enrollKioskIn(hub, 'kiosk-own', 'mfc-demo-01');
    const other = await enrollKioskIn(hub, 'kiosk-other', 'mfc-demo-02');
    await reportPrinter(hub, own, 'ok');
    await reportPrinter(hub, other, 'paper_out');
    const head = new ConsoleClient(hub.url);
    await head.signIn('head1', PASSWORD);

    const fleet = await head.get('/console');
    expect(fleet.text).toContain('kiosk-own');
    expect(fleet.text).not.toContain('kiosk-other');
    expect(fleet.text).not.toContain('mfc-demo-02');
    expect((await head.get('/console/kiosks/kiosk-own')).status).toBe(200);
    expect((await head.get('/console/kiosks/kiosk-other')).status).toBe(404);
    expect((await head.get('/console/kiosks/no-such-kiosk')).status).toBe(404);
    const queue = await head.get('/console/offices/mfc-demo-01/queue');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain('Ожидают');
    expect((await head.get('/console/offices/mfc-demo-02/queue')).status).toBe(404);
    const payments = await head.get('/console/offices/mfc-demo-01/payments');
    expect(payments.status).toBe(200);
    expect(payments.text).toContain('Сверка итогов');
    expect((await head.get('/console/offices/mfc-demo-02/payments')).status).toBe(404);
    expect((await head.get('/console/alerts')).text).not.toContain('kiosk-other');

    const [foreignAlert] = await hub.console.fleet.listAlerts({ kioskId: 'kiosk-other' });
    const ack = await head.post('/console/alerts/acknowledge', {
      alertId: foreignAlert?.alertId ?? '',
      _csrf: head.csrfToken,
    });
    expect(ack.status).toBe(404);
    expect((await hub.console.fleet.listAlerts({ kioskId: 'kiosk-other' }))[0]?.acknowledgedAt).toBeUndefined();

    const admin = new ConsoleClient(hub.url);
    await admin.signIn('admin', PASSWORD);
    expect((await admin.get('/console/kiosks/kiosk-other')).status).toBe(200);
    expect((await admin.get('/console/offices/mfc-demo-02/payments')).status).toBe(200);
  });

  it('answers a technician 403 on payments, of every office, and audits it', async () => {
    const tech = new ConsoleClient(hub.url);
    await tech.signIn('tech', PASSWORD);
    expect((await tech.get('/console')).status).toBe(200);
    expect((await tech.get('/console/offices/mfc-demo-01/queue')).status).toBe(200);
    const payments = await tech.get('/console/offices/mfc-demo-01/payments');
    expect(payments.status).toBe(403);
    expect(payments.text).not.toContain('₽');
    expect((await tech.get('/console/offices/mfc-demo-02/payments')).status).toBe(403);
    expect((await tech.get('/console')).text).not.toContain('/payments');
    expect((await hub.console.store.listAudit(5)).some((r) => r.actor === 'tech' && r.action === 'denied')).toBe(true);
  });

  it('locks a user out after repeated failures, even with the right password, and keeps the lock across a restart', async () => {
    const client = new ConsoleClient(hub.url);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await client.signIn('head1', 'wrong password!')).status).toBe(401);
    }
    const locked = await client.signIn('head1', PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('Слишком много неудачных попыток');

    await hub.close();
    const again = await startTestHub({
      dbPath: hub.dbPath,
      seedDemo: false,
      autoApproveNewKiosks: false,
      provisioningTokens: [],
    });
    try {
      const fresh = new ConsoleClient(again.url);
      expect((await fresh.signIn('head1', PASSWORD)).status).toBe(429);
      // Another user from the same address is not locked yet (the address allows more failures).
      expect((await fresh.signIn('admin', PASSWORD)).status).toBe(303);
    } finally {
      await again.dispose();
    }
  });

  it('marks the cookies Secure behind a trusted TLS proxy, and expects the https origin there', async () => {
    const behindProxy = await startTestHub({ config: { trustProxy: ['127.0.0.1'] } });
    try {
      await addConsoleUser(behindProxy, 'admin', 'regional_admin', PASSWORD);
      const host = new URL(behindProxy.url).host;
      const viaTls = { 'x-forwarded-proto': 'https' };
      const form = await fetch(`${behindProxy.url}/console/sign-in`, { headers: viaTls });
      const formCookie = form.headers.getSetCookie()[0] ?? '';
      expect(formCookie).toMatch(/; Secure/);
      const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
      const signIn = (origin: string) =>
        fetch(`${behindProxy.url}/console/sign-in`, {
          method: 'POST',
          headers: {
            ...viaTls,
            origin,
            'content-type': 'application/x-www-form-urlencoded',
            cookie: `okno_console_sign_in=${token}`,
          },
          body: new URLSearchParams({ _csrf: token, login: 'admin', password: PASSWORD }).toString(),
          redirect: 'manual',
        });
      expect((await signIn(`http://${host}`)).status).toBe(403);
      const signedIn = await signIn(`https://${host}`);
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.getSetCookie().find((c) => c.startsWith('okno_console='))).toMatch(
        /HttpOnly; SameSite=Strict; Secure/,
      );
    } finally {
      await behindProxy.dispose();
    }
  });

  it('shows a kiosk page from the fleet store: state, versions, devices with details, alerts, events', async () => {
    const kiosk = await enrollKioskIn(hub, 'kiosk-page', 'mfc-demo-01');
    await reportPrinter(hub, kiosk, 'ok');
    await reportPrinter(hub, kiosk, 'paper_out', 'paper_out');
    await hub.hub.fleet?.flush(); // the history is written in batches
    const admin = new ConsoleClient(hub.url);
    await admin.signIn('admin', PASSWORD);
    const page = await admin.get('/console/kiosks/kiosk-page');
    expect(page.status).toBe(200);
    expect(page.text).toContain('1.4.0'); // the app version it reported
    expect(page.text).toContain('paper_out');
    expect(page.text).toContain('последний сбой paper_out');
    expect(page.text).toContain('В принтере талонов кончилась бумага');
    expect(page.text).toContain('printer: ok → paper_out');
    const fleet = await admin.get('/console');
    expect(fleet.text).toContain('kiosk-page');
    expect(fleet.text).toContain('работает'); // the visitor-facing state the kiosk reported
  });

  it("gives live pages a stamp that moves when the user's own kiosks change, not another office's", async () => {
    const own = await enrollKioskIn(hub, 'kiosk-own', 'mfc-demo-01');
    const other = await enrollKioskIn(hub, 'kiosk-other', 'mfc-demo-02');
    await reportPrinter(hub, own, 'ok');
    await reportPrinter(hub, other, 'ok');
    const head = new ConsoleClient(hub.url);
    expect((await fetch(`${hub.url}/console/live-stamp`, { headers: { 'x-okno-live': '1' } })).status).toBe(401);
    await head.signIn('head1', PASSWORD);
    const first = await head.get('/console/live-stamp');
    expect(first.text).toMatch(/^[\w-]{16}$/);
    expect((await head.get('/console/live-stamp')).text).toBe(first.text);
    await reportPrinter(hub, other, 'paper_out'); // another office's: not theirs to notice
    expect((await head.get('/console/live-stamp')).text).toBe(first.text);
    await reportPrinter(hub, own, 'paper_near_end');
    expect((await head.get('/console/live-stamp')).text).not.toBe(first.text);
  });

  it('issues remote commands through the command service for a technician, never for an office head, and audits them', async () => {
    await enrollKioskIn(hub, 'kiosk-cmd', 'mfc-demo-01');
    const commands = async () => (await hub.hub.commands?.store.listForKiosk('kiosk-cmd')) ?? [];
    const head = new ConsoleClient(hub.url);
    await head.signIn('head1', PASSWORD);
    const headView = await head.get('/console/kiosks/kiosk-cmd');
    expect(headView.text).not.toContain('Пробная печать');
    const refused = await head.post('/console/kiosks/kiosk-cmd/commands', {
      kind: 'printer.testPage',
      _csrf: head.csrfToken,
    });
    expect(refused.status).toBe(403);
    expect(await commands()).toEqual([]);

    const tech = new ConsoleClient(hub.url);
    await tech.signIn('tech', PASSWORD);
    const view = await tech.get('/console/kiosks/kiosk-cmd');
    expect(view.text).toContain('Пробная печать');
    expect(view.text).toContain('value="Талон можно получить у сотрудника центра"');
    expect(view.text).toContain('name="param.hours" value="24"');
    const sent = await tech.post('/console/kiosks/kiosk-cmd/commands', {
      kind: 'printer.testPage',
      _csrf: tech.csrfToken,
    });
    expect(sent).toMatchObject({ status: 303, location: '/console/kiosks/kiosk-cmd' });
    // The form's defaults, as sent; an empty optional field is left to the kiosk's default.
    await tech.post('/console/kiosks/kiosk-cmd/commands', {
      kind: 'service.out',
      'param.instead': 'Талон можно получить у сотрудника центра',
      'param.hours': '',
      _csrf: tech.csrfToken,
    });
    await tech.post('/console/kiosks/kiosk-cmd/commands', {
      kind: 'logs.upload',
      'param.hours': '24',
      _csrf: tech.csrfToken,
    });
    const badHours = await tech.post('/console/kiosks/kiosk-cmd/commands', {
      kind: 'logs.upload',
      'param.hours': '1000',
      _csrf: tech.csrfToken,
    });
    expect(badHours.status).toBe(303);
    expect((await commands()).map((c) => [c.kind, c.params, c.issuer])).toEqual([
      ['logs.upload', { hours: 24 }, 'tech'],
      ['service.out', { instead: 'Талон можно получить у сотрудника центра' }, 'tech'],
      ['printer.testPage', {}, 'tech'],
    ]);
    const after = await tech.get('/console/kiosks/kiosk-cmd');
    expect(after.text).toContain('ждёт доставки');
    expect(after.text).toContain('Выгрузить журналы');
    expect(after.text).toContain('command.issued');
    const audit = (await hub.console.store.listAudit(10)).filter((r) => r.action === 'command_issued');
    expect(audit[0]).toMatchObject({ actor: 'tech', detail: { kind: 'logs.upload', ok: false, error: 'refused' } });
    expect(audit.at(-1)).toMatchObject({
      actor: 'tech',
      subject: 'kiosk-cmd',
      detail: { kind: 'printer.testPage', ok: true, commandId: (await commands()).at(-1)?.id },
    });
  });

  it('does not let a disabled user in, and ends their sessions', async () => {
    const client = new ConsoleClient(hub.url);
    await client.signIn('head1', PASSWORD);
    expect((await client.get('/console')).status).toBe(200);
    await hub.console.store.disableUser('head1', new Date().toISOString());
    expect((await client.get('/console')).status).toBe(303);
    expect((await client.signIn('head1', PASSWORD)).status).toBe(401);
  });
});
