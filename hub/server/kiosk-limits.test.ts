import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { bookingCodeFromBody } from '../../kiosk-config/src/hub/booking-code';
import { HubError } from '../../kiosk-config/src/hub/hub-api';
import { DEMO_UIN_PASSPORT } from '../db/payments-demo-seed';
import {
  enrollKiosk,
  postJson,
  startTestHub,
  type TestClock,
  type TestHub,
  type TestKiosk,
  testClock,
} from '../test/hub-test-support';
import type { HubConfig } from './hub-config';

const START = '2026-11-23T09:00:00.000Z'; // Monday 12:00 in Moscow: the demo office is open
const MINUTE = 60_000;

/**
 * The attacks of issue 11, item 3, over real HTTP on a real SQLite hub: a kiosk credential
 * (stolen, or a kiosk gone wrong) spraying tickets, booking codes and УИН lookups.
 */
describe('per-kiosk and per-office limits', () => {
  let hub: TestHub | undefined;
  let clock: TestClock;

  const start = async (config: Partial<HubConfig> = {}) => {
    clock = testClock(START);
    hub = await startTestHub({ now: clock.now, config });
    return hub;
  };
  afterEach(async () => {
    await hub?.dispose();
    hub = undefined;
  });

  const ticket = (h: TestHub, kiosk: TestKiosk) =>
    postJson(`${h.url}/v1/tickets`, { ticketId: randomUUID(), serviceId: 'pension-consult' }, kiosk.headers);
  const checkIn = (h: TestHub, kiosk: TestKiosk, code: string) =>
    postJson(`${h.url}/v1/bookings/check-in`, { ticketId: randomUUID(), code }, kiosk.headers);

  it('refuses a burst of tickets from one kiosk beyond 20 a minute, with Retry-After, until the window slides', async () => {
    const h = await start();
    const kiosk = await enrollKiosk(h.url, 'kiosk-burst');
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1) statuses.push((await ticket(h, kiosk)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    const refused = await ticket(h, kiosk);
    expect(HubError.parse(refused.body)).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 60 });
    expect(refused.headers.get('retry-after')).toBe('60');
    // Another kiosk of the office is not held back by this one's minute.
    expect((await ticket(h, await enrollKiosk(h.url, 'kiosk-calm'))).status).toBe(200);
    clock.advance(MINUTE);
    expect((await ticket(h, kiosk)).status).toBe(200);
    expect(h.log.text()).toMatch(/ticket rate limited/);
  });

  it('caps the office as a whole: its kiosks together get no more than the office limit', async () => {
    const h = await start({ ticketLimitsPerOffice: [{ limit: 5, windowSeconds: 86_400 }] });
    const a = await enrollKiosk(h.url, 'kiosk-a');
    const b = await enrollKiosk(h.url, 'kiosk-b');
    for (let i = 0; i < 3; i += 1) expect((await ticket(h, a)).status).toBe(200);
    for (let i = 0; i < 2; i += 1) expect((await ticket(h, b)).status).toBe(200);
    const refused = await ticket(h, b);
    expect(refused.status).toBe(429);
    expect(HubError.parse(refused.body).message).toMatch(/office/);
    expect((await ticket(h, a)).status).toBe(429);
  });

  it('slows a kiosk down after 5 wrong booking codes in 10 minutes, logs the alert, and lets it try again later', async () => {
    const h = await start();
    const kiosk = await enrollKiosk(h.url, 'kiosk-guess');
    // Random codes with a valid check digit, as the attack tried 300 of them.
    const guesses = Array.from({ length: 300 }, (_, i) => bookingCodeFromBody(String(3_000_000 + i * 7919)));
    const statuses: number[] = [];
    for (const code of guesses.slice(0, 8)) statuses.push((await checkIn(h, kiosk, code)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const refused = await checkIn(h, kiosk, guesses[9] as string);
    expect(HubError.parse(refused.body)).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 600 });
    expect(Number(refused.headers.get('retry-after'))).toBe(600);
    const warnings = h.log.lines().filter((line) => line.level === 40 || line.level === 'warn');
    expect(warnings.some((line) => line.alert === 'booking_code_guessing' && line.kioskId === 'kiosk-guess')).toBe(
      true,
    );
    expect(warnings.some((line) => String(line.msg).includes('too many wrong codes'))).toBe(true);
    // No code reaches the log.
    for (const code of guesses.slice(0, 10)) expect(h.log.text()).not.toContain(code);
    // Another kiosk is not slowed by this one's guesses.
    expect((await checkIn(h, await enrollKiosk(h.url, 'kiosk-honest'), guesses[20] as string)).status).toBe(200);
    clock.advance(10 * MINUTE);
    expect((await checkIn(h, kiosk, guesses[30] as string)).status).toBe(200);
  });

  it('limits check-ins per kiosk to 10 a minute even when every code is right', async () => {
    const h = await start({ checkInFailureLimitPerKiosk: { limit: 1000, windowSeconds: 600 } });
    const kiosk = await enrollKiosk(h.url, 'kiosk-checkins');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await checkIn(h, kiosk, bookingCodeFromBody('7777777'))).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('limits УИН lookups to 20 a minute per kiosk', async () => {
    const h = await start();
    const kiosk = await enrollKiosk(h.url, 'kiosk-uin');
    const statuses: number[] = [];
    for (let i = 0; i < 24; i += 1) {
      statuses.push((await postJson(`${h.url}/v1/charges/resolve`, { uin: DEMO_UIN_PASSPORT }, kiosk.headers)).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
    clock.advance(MINUTE);
    expect((await postJson(`${h.url}/v1/charges/resolve`, { uin: DEMO_UIN_PASSPORT }, kiosk.headers)).status).toBe(200);
  });

  it('limits help requests and call-backs per kiosk by the config, never per office, and says which in the 429', async () => {
    const h = await start({
      helpRequestLimitsPerKiosk: [{ limit: 2, windowSeconds: 600 }],
      helpCallbackLimitsPerKiosk: [{ limit: 1, windowSeconds: 600 }],
    });
    const kiosk = await enrollKiosk(h.url, 'kiosk-help');
    const help = (k: TestKiosk) =>
      postJson(`${h.url}/v1/help/requests`, { requestId: randomUUID(), screen: 'screen-home' }, k.headers);
    const callBack = (k: TestKiosk) =>
      postJson(
        `${h.url}/v1/help/callbacks`,
        { requestId: randomUUID(), screen: 'screen-home', phone: '9123456789' },
        k.headers,
      );
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await help(kiosk)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await help(kiosk);
    expect(HubError.parse(refused.body)).toMatchObject({
      code: 'rate_limited',
      message: 'too many help requests from this kiosk',
      retryAfterSeconds: 600,
    });
    // Call-backs count in their own window; a second kiosk of the office in its own.
    expect((await callBack(kiosk)).status).toBe(200);
    expect((await callBack(kiosk)).status).toBe(429);
    const other = await enrollKiosk(h.url, 'kiosk-help-other');
    expect((await help(other)).status).toBe(200);
    expect((await callBack(other)).status).toBe(200);
    expect(h.log.text()).toMatch(/help rate limited/);
    expect(h.log.text()).toMatch(/call-back rate limited/);
    clock.advance(10 * MINUTE);
    expect((await help(kiosk)).status).toBe(200);
  });
});
