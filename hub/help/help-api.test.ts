import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { officeTimeText } from '../console/console-html';
import { addConsoleUser, ConsoleClient } from '../console/console-test-support';
import { DEMO_OFFICE_ID } from '../db/demo-seed';
import {
  enrollKiosk,
  operatorHeaders,
  postJson,
  startTestHub,
  TEST_OPERATOR_TOKEN,
  type TestClock,
  type TestHub,
  type TestKiosk,
  testClock,
} from '../test/hub-test-support';
import { CALLBACK_RETENTION_MS, HelpService } from './help-service';
import { SqliteHelpStore } from './sqlite-help-store';

const T0 = '2026-12-07T09:00:00.000Z';
const PHONE = '9123456789';
const PASSWORD = 'a call-centre password';

/**
 * «Позвать сотрудника» at the hub: a real hub on a SQLite file over HTTP on 127.0.0.1, its console
 * over HTTP too. Help requests reach the office's page with the screen and the time; call-backs
 * reach the call centre (`000`) with the number, which is gone from the database's files once the
 * call is marked made (the file's bytes are read), and from unmade call-backs after a day; the
 * number never reaches the hub's log.
 */
describe('help requests and call-backs at the hub', () => {
  let hub: TestHub;
  let clock: TestClock;
  let kiosk: TestKiosk;

  beforeEach(async () => {
    clock = testClock(T0);
    hub = await startTestHub({ now: clock.now, config: { demoOperatorToken: TEST_OPERATOR_TOKEN } });
    kiosk = await enrollKiosk(hub.url, 'kiosk-help-1');
  });
  afterEach(async () => hub.dispose());

  const ask = (screen: string, requestId = randomUUID(), headers = kiosk.headers) =>
    postJson(`${hub.url}/v1/help/requests`, { requestId, screen }, headers);
  const callBack = (phone = PHONE, requestId = randomUUID(), headers = kiosk.headers) =>
    postJson(`${hub.url}/v1/help/callbacks`, { requestId, screen: 'screen-status', phone }, headers);

  /** Every byte of the hub's database files: the database and its write-ahead log. */
  async function databaseBytes(): Promise<string> {
    const files = await Promise.all(
      ['', '-wal'].map((suffix) => readFile(`${hub.dbPath}${suffix}`).catch(() => Buffer.alloc(0))),
    );
    return Buffer.concat(files).toString('latin1');
  }

  it('puts a help request on the office console with the screen and the time, counts those ahead, and takes a retry once', async () => {
    const first = randomUUID();
    expect(await ask('screen-status', first)).toMatchObject({ status: 200, body: { ahead: 0 } });
    clock.advance(30_000);
    const other = await enrollKiosk(hub.url, 'kiosk-help-2');
    expect((await ask('screen-home', randomUUID(), other.headers)).body).toMatchObject({ ahead: 1 });
    // The same request again (a retry after a lost answer): stored once, same place.
    expect((await ask('screen-status', first)).body).toMatchObject({ ahead: 0 });

    await addConsoleUser(hub, 'head', 'office_head', PASSWORD, DEMO_OFFICE_ID);
    const staff = new ConsoleClient(hub.url);
    await staff.signIn('head', PASSWORD);
    const page = await staff.get(`/console/offices/${DEMO_OFFICE_ID}/help`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('статус заявления: ввод номера');
    expect(page.text).toContain('главный экран');
    expect(page.text).toContain('kiosk-help-2');
    expect(page.text).toContain(officeTimeText(T0, hub.config.timeZone));
    expect(page.text).toMatch(/data-testid="help-waiting">2</);

    const answered = await staff.post(`/console/offices/${DEMO_OFFICE_ID}/help/answered`, {
      _csrf: staff.csrfToken,
      requestId: first,
    });
    expect(answered.status).toBe(303);
    const after = await staff.get(`/console/offices/${DEMO_OFFICE_ID}/help`);
    expect(after.text).toMatch(/data-testid="help-waiting">1</);
    expect(after.text).not.toContain('статус заявления: ввод номера');
    // Another office's head sees nothing of this one.
    await addConsoleUser(hub, 'other-head', 'office_head', PASSWORD, 'mfc-demo-02');
    const stranger = new ConsoleClient(hub.url);
    await stranger.signIn('other-head', PASSWORD);
    expect((await stranger.get(`/console/offices/${DEMO_OFFICE_ID}/help`)).status).toBe(404);
  });

  it("tells with each help request how many visitors wait in the office's ticket queue: its day's waiting tickets only", async () => {
    const issue = () =>
      postJson(`${hub.url}/v1/tickets`, { ticketId: randomUUID(), serviceId: 'pension-consult' }, kiosk.headers);
    // The demo office's queue holds only yesterday's served visitors.
    expect((await ask('screen-home')).body).toEqual({ ahead: 0, waiting: 0 });
    for (let i = 0; i < 3; i += 1) expect((await issue()).body).toMatchObject({ outcome: 'issued' });
    expect((await ask('screen-home')).body).toEqual({ ahead: 1, waiting: 3 });
    // A visitor called to a window waits no longer.
    const called = await postJson(
      `${hub.url}/v1/operator/call-next`,
      { officeId: DEMO_OFFICE_ID, window: '1' },
      operatorHeaders(),
    );
    expect(called.status).toBe(200);
    expect((await ask('screen-status')).body).toEqual({ ahead: 2, waiting: 2 });
    // The next office day starts with an empty queue: yesterday's unserved tickets are not counted.
    clock.advance(24 * 3_600_000);
    expect((await ask('screen-home')).body).toEqual({ ahead: 3, waiting: 0 });
    expect(hub.log.lines()).toContainEqual(expect.objectContaining({ msg: 'help requested', ahead: 3, waiting: 0 }));
  });

  it('refuses a screen that is not a screen id, a caller without a credential, and a sixth request in ten minutes', async () => {
    expect((await ask('Иванов Иван')).status).toBe(400);
    expect((await ask('screen-home', randomUUID(), {})).status).toBe(401);
    for (let i = 0; i < 5; i += 1) expect((await ask('screen-home')).status).toBe(200);
    const limited = await ask('screen-home');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    clock.advance(600_000);
    expect((await ask('screen-home')).status).toBe(200);
  });

  it('queues a call-back at the call centre (000), and erases the number from the files once the call is made', async () => {
    const requestId = randomUUID();
    expect((await callBack(PHONE, requestId)).body).toEqual({ outcome: 'queued', ahead: 0, expectedWithinMinutes: 15 });
    expect((await callBack('9001112233')).body).toEqual({ outcome: 'queued', ahead: 1, expectedWithinMinutes: 15 });
    expect((await callBack('123')).status).toBe(400);

    await addConsoleUser(hub, 'centre', 'office_head', PASSWORD, '000');
    const centre = new ConsoleClient(hub.url);
    await centre.signIn('centre', PASSWORD);
    expect((await centre.get('/console')).text).toContain('Обратные звонки');
    const page = await centre.get('/console/call-centre');
    expect(page.text).toContain('+7 912 345-67-89');
    expect(page.text).toContain(DEMO_OFFICE_ID);
    expect(await databaseBytes()).toContain(PHONE);

    const called = await centre.post('/console/call-centre/called', { _csrf: centre.csrfToken, requestId });
    expect(called.status).toBe(303);
    expect((await centre.get('/console/call-centre')).text).not.toContain('+7 912 345-67-89');

    // The row stays (when, where, by whom), the number does not: not in the row, not in any byte of the files.
    const db = new Database(hub.dbPath, { readonly: true });
    try {
      expect(
        db.prepare('SELECT phone, outcome, closed_by FROM help_callbacks WHERE request_id = ?').get(requestId),
      ).toEqual({ phone: null, outcome: 'called', closed_by: 'centre' });
    } finally {
      db.close();
    }
    expect(await databaseBytes()).not.toContain(PHONE);
    expect(await databaseBytes()).toContain('9001112233');

    // An office head elsewhere neither sees nor closes the call centre's page.
    await addConsoleUser(hub, 'head', 'office_head', PASSWORD, DEMO_OFFICE_ID);
    const head = new ConsoleClient(hub.url);
    await head.signIn('head', PASSWORD);
    expect((await head.get('/console/call-centre')).status).toBe(404);
    expect((await head.get('/console')).text).not.toContain('Обратные звонки');
  });

  it('erases the numbers of call-backs never made after a day, and never writes a number to the log', async () => {
    await callBack(PHONE);
    clock.advance(CALLBACK_RETENTION_MS - 60_000);
    hub.hub.sweep();
    expect(await hub.hub.help?.openCallbacks()).toHaveLength(1);
    clock.advance(120_000);
    expect(await hub.hub.help?.sweep()).toBe(1);
    expect(await hub.hub.help?.openCallbacks()).toEqual([]);
    expect(await databaseBytes()).not.toContain(PHONE);

    await callBack('91234'); // refused by the schema: its text must not be logged either
    const log = hub.log.text();
    expect(log).toContain('help call-back requested');
    expect(log).toContain('request rejected by schema');
    expect(log).not.toContain(PHONE);
    expect(log).not.toContain('91234');
  });

  it('answers no_call_centre when the hub has no call centre, and rate-limits call-backs per kiosk', async () => {
    const db = new Database(hub.dbPath);
    const elsewhere = new HelpService({
      store: new SqliteHelpStore(db),
      repository: hub.repository,
      now: () => new Date(clock.now()),
      callCentreOfficeId: 'no-such-centre',
    });
    const body = { requestId: randomUUID(), screen: 'screen-home', phone: PHONE };
    try {
      expect(await elsewhere.callback({ id: kiosk.kioskId, officeId: DEMO_OFFICE_ID }, body)).toEqual({
        outcome: 'no_call_centre',
      });
      // An office the hub does not know has no queue to count: the answer tells the help requests alone.
      const stranger = { id: 'kiosk-nowhere', officeId: 'no-such-office' };
      expect(await elsewhere.raise(stranger, { requestId: randomUUID(), screen: 'screen-home' })).toEqual({ ahead: 0 });
    } finally {
      db.close();
    }
    const second = await enrollKiosk(hub.url, 'kiosk-help-3');
    for (let i = 0; i < 3; i += 1) expect((await callBack(PHONE, randomUUID(), second.headers)).status).toBe(200);
    expect((await callBack(PHONE, randomUUID(), second.headers)).status).toBe(429);
    expect((await callBack(PHONE)).status).toBe(200);
  });
});
