import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundleLogs } from './log-bundle';

const HOUR = 3600_000;
const NOW = Date.parse('2026-12-07T12:00:00Z');

const line = (hoursAgo: number, msg: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ level: 30, time: NOW - hoursAgo * HOUR, msg, ...extra });

function unpack(gzip: Buffer): { msg: string; input?: unknown; nested?: { pin?: unknown } }[] {
  return gunzipSync(gzip)
    .toString('utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((text) => JSON.parse(text));
}

describe('bundleLogs', () => {
  it("takes the period's whole lines of the kiosk's own files, oldest first, redacted again", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-logs-'));
    await writeFile(path.join(dir, 'okno.1.log'), `${line(30, 'too old')}\n${line(5, 'first')}\n`);
    await writeFile(
      path.join(dir, 'okno.2.log'),
      `${line(1, 'second', { input: 'КУВД-001/2021-3670443', nested: { pin: '1234' } })}\n${line(0.5, 'torn').slice(0, 20)}`,
    );
    await writeFile(path.join(dir, 'hub-under-test.1.log'), `${line(1, 'not the kiosk')}\n`);
    const bundle = await bundleLogs({ logsDir: dir, since: new Date(NOW - 24 * HOUR) });
    const lines = unpack(bundle.gzip);
    expect(lines.map((entry) => entry.msg)).toEqual(['first', 'second']);
    expect(lines[1]).toMatchObject({ input: '[redacted]', nested: { pin: '[redacted]' } });
    expect(bundle).toMatchObject({ lines: 2, leftOut: 0 });
  });

  it('keeps the newest lines under the size cap and says how many were left out', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-logs-'));
    // Incompressible filler, so the cap bites at a known count.
    const text = Array.from({ length: 400 }, (_, i) =>
      line(10 - i / 100, `line ${i}`, { noise: randomBytes(96).toString('hex') }),
    ).join('\n');
    await writeFile(path.join(dir, 'okno.1.log'), `${text}\n`);
    const bundle = await bundleLogs({ logsDir: dir, since: new Date(NOW - 24 * HOUR), maxBytes: 20_000 });
    expect(bundle.gzip.length).toBeLessThanOrEqual(20_000);
    expect(bundle.leftOut).toBeGreaterThan(0);
    expect(bundle.lines + bundle.leftOut).toBe(400);
    const lines = unpack(bundle.gzip);
    expect(lines.at(-1)?.msg).toBe('line 399');
    expect(lines[0]?.msg).toBe(`line ${bundle.leftOut}`);
  });
});
