import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../../../kiosk-config/src/contract/result';
import type { RatingAnswer, RatingOffer } from '../../../kiosk-config/src/hub/rating-api';
import type { HubResult } from '../hub/hub-client';
import { Outbox, type OutboxWriter } from '../hub/outbox';
import { VisitorSession } from '../session/visitor-session';
import { memoryLogger } from '../test-support';
import { KioskRatings } from './kiosk-ratings';

/** The answer of a call that must succeed. */
function answerOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

const BASE = 'https://hub.example.ru/okno';
const TOKEN = 'AbCdEfGhIjKlMnOpQrStUv';
const OPEN: RatingOffer = {
  outcome: 'open',
  officeName: 'МФЦ',
  serviceName: 'Консультация',
  number: 'А-007',
  window: '3',
  lastDay: '2026-11-26',
};

describe('KioskRatings', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const setUp = async (
    hub: {
      offer: (token: string) => Promise<HubResult<RatingOffer>>;
      submit: () => Promise<HubResult<RatingAnswer>>;
    },
    writer?: OutboxWriter,
  ) => {
    dir = await mkdtemp(path.join(tmpdir(), 'okno-rating-'));
    const log = memoryLogger();
    const outbox = await Outbox.open({ dir, log: log.log });
    const session = new VisitorSession(60_000, 15_000, { onIdleWarning: () => {}, onReset: () => {} });
    const ratings = new KioskRatings({
      offer: hub.offer,
      submit: hub.submit,
      outbox: writer ?? outbox,
      followBaseUrl: () => BASE,
      session,
      log: log.log,
    });
    return { ratings, outbox, session, log, dir };
  };

  it('offers what the hub says and sends the rating of the scanned ticket', async () => {
    const asked: string[] = [];
    const { ratings, outbox, log } = await setUp({
      offer: async (token) => {
        asked.push(token);
        return ok(OPEN);
      },
      submit: async () => ok({ outcome: 'stored' }),
    });
    expect(answerOf(await ratings.offer({ text: 'https://other.example/q/AbCdEfGhIjKlMnOpQrStUv' }))).toEqual({
      outcome: 'not_a_ticket',
    });
    expect(asked).toEqual([]);
    expect(answerOf(await ratings.offer({ text: `${BASE}/q/${TOKEN}` }))).toEqual({
      outcome: 'open',
      serviceName: 'Консультация',
      number: 'А-007',
      window: '3',
    });
    expect(answerOf(await ratings.submit({ score: 5, reasons: ['staff'] }))).toEqual({ outcome: 'stored' });
    expect(outbox.pendingCount).toBe(0);
    expect(log.text()).not.toContain(TOKEN);
  });

  it('takes the rating into the durable outbox, by the token hash, while the hub is out of reach', async () => {
    const {
      ratings,
      log,
      dir: outboxDir,
    } = await setUp({
      offer: async () => fail('connect_failed', 'refused'),
      submit: async () => fail('connect_failed', 'refused'),
    });
    expect(answerOf(await ratings.offer({ text: `${BASE}/q/${TOKEN}` }))).toEqual({ outcome: 'offline' });
    expect(answerOf(await ratings.submit({ score: 2, reasons: ['waiting_time'] }))).toEqual({ outcome: 'queued' });
    const reopened = await Outbox.open({ dir: outboxDir, log: log.log });
    const [item] = reopened.peek(10);
    expect(item?.kind).toBe('rating.submitted');
    expect(item?.payload).toEqual({
      followTokenHash: createHash('sha256').update(TOKEN).digest('hex'),
      score: 2,
      reasons: ['waiting_time'],
    });
    expect(JSON.stringify(item)).not.toContain(TOKEN);
  });

  it('takes the rating offline when the hub refuses the kiosk’s credential (the link re-enrolls by itself)', async () => {
    const { ratings, outbox } = await setUp({
      offer: async () => fail('unauthorized', 'HTTP 401'),
      submit: async () => fail('unauthorized', 'HTTP 401'),
    });
    expect(answerOf(await ratings.offer({ text: `${BASE}/q/${TOKEN}` }))).toEqual({ outcome: 'offline' });
    expect(answerOf(await ratings.submit({ score: 3, reasons: [] }))).toEqual({ outcome: 'queued' });
    expect(outbox.pendingCount).toBe(1);
  });

  it('says plainly when the hub is out of reach and the outbox cannot record the rating', async () => {
    const failingDisk: OutboxWriter = {
      enqueue: async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    };
    const { ratings, log } = await setUp(
      { offer: async () => fail('connect_failed', 'refused'), submit: async () => fail('connect_failed', 'refused') },
      failingDisk,
    );
    await ratings.offer({ text: `${BASE}/q/${TOKEN}` });
    const answer = await ratings.submit({ score: 4, reasons: [] });
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.code).toBe('hub_unreachable');
    const lost = log.lines().filter((line) => String(line.msg).startsWith('rating lost'));
    expect(lost).toHaveLength(1);
    expect(log.text()).not.toContain(TOKEN);
  });

  it('refuses a rating without a scanned ticket in this session, and forgets it at the reset', async () => {
    const { ratings, session } = await setUp({
      offer: async () => ok(OPEN),
      submit: async () => ok({ outcome: 'stored' }),
    });
    expect(answerOf(await ratings.submit({ score: 4, reasons: [] }))).toEqual({ outcome: 'not_found' });
    await ratings.offer({ text: `${BASE}/q/${TOKEN}` });
    session.end('visitor');
    expect(answerOf(await ratings.submit({ score: 4, reasons: [] }))).toEqual({ outcome: 'not_found' });
  });
});
