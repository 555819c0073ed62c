import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TicketIssueResponse } from '../../kiosk-config/src/hub/queue-api';
import {
  enrollKiosk,
  memoryHubLogger,
  postJson,
  TEST_TOKEN,
  type TestKiosk,
  testClock,
} from '../test/hub-test-support';
import { type LaunchedHub, launchHub } from './start-hub';

describe('two hubs on one SQLite file', () => {
  let dir: string;
  let hubs: LaunchedHub[];
  let kiosks: TestKiosk[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'okno-hub-two-'));
    const clock = testClock('2026-11-23T09:00:00Z');
    const options = {
      dbPath: path.join(dir, 'hub.sqlite'),
      seedDemo: true,
      provisioningTokens: [TEST_TOKEN],
      // Demo only: the kiosk's first request is approved at once (no admin step).
      autoApproveNewKiosks: true,
      logger: memoryHubLogger().logger,
      now: clock.now,
    };
    hubs = [await launchHub(options), await launchHub(options)];
    // Enrolled through the first; the second reads the same kiosks table.
    kiosks = await Promise.all(
      Array.from({ length: 6 }, (_, i) => enrollKiosk((hubs[0] as LaunchedHub).url, `kiosk-two-${i}`)),
    );
  });
  afterAll(async () => {
    for (const hub of hubs) await hub.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('never hands out the same number twice when both issue at once', async () => {
    const requests = kiosks.flatMap((kiosk, k) =>
      Array.from({ length: 30 }, (_, i) => {
        const hub = hubs[(k + i) % 2] as LaunchedHub;
        return postJson(`${hub.url}/v1/tickets`, { ticketId: randomUUID(), serviceId: 'passport-rf' }, kiosk.headers);
      }),
    );
    const numbers = (await Promise.all(requests)).map((answer) => {
      const body = TicketIssueResponse.parse(answer.body);
      if (body.outcome !== 'issued') throw new Error(body.outcome);
      return body.ticket.number;
    });
    expect(new Set(numbers).size).toBe(180);
    expect(numbers.map((n) => Number(n.slice(2))).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 180 }, (_, i) => i + 1),
    );
  });

  it('answers a retry on the other hub with the same ticket', async () => {
    const [first, second] = hubs as [LaunchedHub, LaunchedHub];
    const kiosk = kiosks[0] as TestKiosk;
    const ticketId = randomUUID();
    const body = { ticketId, serviceId: 'property-extract' };
    const a = TicketIssueResponse.parse((await postJson(`${first.url}/v1/tickets`, body, kiosk.headers)).body);
    const b = TicketIssueResponse.parse((await postJson(`${second.url}/v1/tickets`, body, kiosk.headers)).body);
    if (a.outcome !== 'issued' || b.outcome !== 'issued') throw new Error('not issued');
    expect(b.ticket.number).toBe(a.ticket.number);
  });
});
