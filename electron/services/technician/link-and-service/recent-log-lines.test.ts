import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLogger } from '../../logging/logger';
import { recentLogLines, shownLogLine } from './recent-log-lines';

const APPLICATION = '1234-5678-90123';
const DIGITS = APPLICATION.replace(/\D/g, '');

describe('recent log lines without visitor data', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'okno-log-lines-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("never shows a visitor's number, whichever field or message carries it", async () => {
    const log = await openLogger({ dataDir, name: 'okno' });
    log.info({ component: 'hub', circuit: 'open' }, 'hub link down: answering offline');
    // Every way a careless line could carry it: a known key, an unknown key, nested, the message, a code-like value.
    log.info({ applicationNumber: APPLICATION, number: APPLICATION, status: 200 }, 'status lookup');
    log.warn(
      { request: { application: APPLICATION }, reason: `number ${APPLICATION}` },
      `lookup failed for ${APPLICATION}`,
    );
    log.info({ code: `app_${DIGITS}`, kind: DIGITS, payload: { phone: '+7 912 345-67-89' } }, 'outbox: item stored');
    log.error({ failure: 'timeout', booking: 'БР-2931-77' }, 'check-in failed: БР-2931-77');
    log.flush();

    const lines = await recentLogLines(path.join(dataDir, 'logs'), 40);
    const shown = JSON.stringify(lines);
    expect(lines.map((line) => line.message)).toEqual([
      'hub link down: answering offline',
      'status lookup',
      'lookup failed for •••',
      'outbox: item stored',
      'check-in failed: БР-•••',
    ]);
    expect(lines[0]).toMatchObject({ level: 'info', component: 'hub', details: ['circuit=open'] });
    expect(lines[1]?.details).toEqual(['status=200']);
    for (const secret of [DIGITS, '5678', '90123', '345-67-89', '2931', 'phone', 'application']) {
      expect(shown).not.toContain(secret);
    }
  });

  it('fuzz: no run of 4 digits a line carries anywhere reaches the page', () => {
    const digits = fc.integer({ min: 1000, max: 99_999_999 }).map(String);
    const text = fc
      .tuple(fc.string({ maxLength: 20 }), digits, fc.string({ maxLength: 20 }))
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('status', 'code', 'kind', 'reason', 'state', 'device', 'x', 'payload'),
          fc.oneof(text, digits),
        ),
        text,
        (fields, msg) => {
          const shown = shownLogLine(JSON.stringify({ level: 30, time: 1_800_000_000_000, ...fields, msg }));
          const visible = JSON.stringify({ ...shown, at: undefined });
          expect(visible).not.toMatch(/\d{4}/);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('takes the newest lines across rotated files, skipping torn and foreign lines', async () => {
    const logs = path.join(dataDir, 'logs');
    const line = (n: number) => JSON.stringify({ level: 30, time: 1_800_000_000_000 + n, msg: `line ${n}` });
    await rm(logs, { recursive: true, force: true });
    await import('node:fs/promises').then(({ mkdir }) => mkdir(logs));
    await writeFile(path.join(logs, 'okno.1.log'), `${line(1)}\n${line(2)}\nnot json\n`);
    await writeFile(path.join(logs, 'okno.2.log'), `${line(3)}\n{"level":30,"time":1800000000004,"msg":"torn`);
    await writeFile(path.join(logs, 'hub.1.log'), `${line(9)}\n`);
    expect((await recentLogLines(logs, 2)).map((shown) => shown.message)).toEqual(['line 2', 'line 3']);
  });
});
