import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLogger } from '../../electron/services/logging/logger';
import { CRASH_AT_ENV } from '../../electron/services/storage/crash-point';
import { parseOfflineNumber } from '../../electron/services/tickets/ticket-counter';
import type { TICKET_CRASH_POINTS } from '../../electron/services/tickets/ticket-service';
import { officeDate } from '../../kiosk-config/src/index';
import { writeDefaultConfig } from '../support/core-under-test';
import { bundleCrashChild, runCrashChild, stopOrphanedSocat } from '../support/crash-child';
import { type HubUnderTest, startHubUnderTest } from '../support/kiosk-under-test';

type CrashPoint = (typeof TICKET_CRASH_POINTS)[number];

/** What one child run printed, and whether it was killed. */
interface Run {
  paper: string[];
  /** The folder of the simulated printer's PTY pair (its socat's links). */
  ptyDir?: string;
  result?: { ok: boolean; value?: { number: string; offline: boolean } };
  drained: boolean;
  signal: NodeJS.Signals | null;
}

/** Runs the kiosk child to its end (or its self-inflicted SIGKILL). */
async function runChild(entry: string, args: string[], crashAt?: CrashPoint): Promise<Run> {
  const env = { ...process.env };
  delete env[CRASH_AT_ENV];
  if (crashAt) env[CRASH_AT_ENV] = crashAt;
  const { stdout, signal } = await runCrashChild(entry, args, { env });
  const run: Run = { paper: [], drained: false, signal };
  for (const line of stdout.split('\n')) {
    if (line.startsWith('paper ')) run.paper.push(line.slice('paper '.length));
    else if (line.startsWith('pty ')) run.ptyDir = line.slice('pty '.length);
    else if (line.startsWith('result ')) run.result = JSON.parse(line.slice('result '.length));
    else if (line === 'drained') run.drained = true;
  }
  if (signal === 'SIGKILL' && run.ptyDir) await stopOrphanedSocat(run.ptyDir);
  return run;
}

interface JournalLine {
  event: string;
  ticketId: string;
  number?: string;
  source?: string;
}

/** Every line of the kiosk's ticket journals, in order (tests run within one office day). */
async function journal(dataDir: string): Promise<JournalLine[]> {
  const dir = path.join(dataDir, 'tickets');
  const files = (await readdir(dir)).filter((f) => /^journal-.*\.jsonl$/.test(f)).sort();
  const lines: JournalLine[] = [];
  for (const file of files) {
    const text = await readFile(path.join(dir, file), 'utf8');
    for (const line of text.split('\n')) if (line) lines.push(JSON.parse(line));
  }
  return lines;
}

/** The crash points, each with the hub up (the hub numbers the ticket) or down (the offline block). */
const STEPS: { point: CrashPoint; hub: 'up' | 'down' }[] = [
  { point: 'ticket:after-requested', hub: 'up' },
  { point: 'ticket:after-hub', hub: 'up' },
  { point: 'ticket:after-journal', hub: 'up' },
  { point: 'ticket:after-print', hub: 'up' },
  { point: 'ticket:after-reserve', hub: 'down' },
  { point: 'ticket:after-journal', hub: 'down' },
  { point: 'ticket:after-outbox', hub: 'down' },
  { point: 'ticket:after-print', hub: 'down' },
];

/**
 * The ticket path's promise, tested by killing the kiosk where a power cut would hurt most: a
 * real kiosk process (the whole core, bundled, simulated printer on a PTY) issues a ticket and
 * SIGKILLs itself at one crash point (`OKNO_CRASH_AT`), then a restarted process recovers from
 * its journal and syncs with the real hub on SQLite. For each point, online and offline: no
 * number twice (on paper or at the hub), every journaled ticket at the hub exactly once (a
 * request abandoned before its answer was journaled is dropped there), the offline counter past
 * every number it ever handed out.
 */
describe('tickets through kill -9 of the kiosk process', () => {
  let entry: string;
  let hub: HubUnderTest;
  let dataDir: string;
  let configPath: string;

  beforeAll(async () => {
    entry = await bundleCrashChild('ticket-crash-child');
    dataDir = await mkdtemp(path.join(tmpdir(), 'okno-ticket-crash-'));
    configPath = await writeDefaultConfig(dataDir, (config) => {
      config.devices.scanner = null;
      config.devices.documentReader = null;
      config.hub = { kind: 'embedded', requestTimeoutMs: 1500, circuitFailureThreshold: 3, circuitOpenSeconds: 1 };
    });
    const hubDir = await mkdtemp(path.join(tmpdir(), 'okno-ticket-crash-hub-'));
    hub = await startHubUnderTest(hubDir, await openLogger({ dataDir: hubDir }));
  });

  afterAll(async () => {
    await hub?.stop();
    if (entry) await rm(entry, { force: true });
  });

  it('loses and duplicates nothing, whichever step the kiosk dies at', async () => {
    const issue = (crashAt?: CrashPoint) =>
      runChild(entry, ['issue', configPath, hub.url, hub.provisioningToken, 'passport-rf'], crashAt);
    const drain = async () => {
      const run = await runChild(entry, ['drain', configPath, hub.url, hub.provisioningToken]);
      expect(run.drained).toBe(true);
      return run;
    };
    const paper: string[] = [];
    const known = new Set<string>();
    /** The ticket ids the journal gained since the last call, with their entries. */
    const newTickets = async () => {
      const lines = await journal(dataDir);
      const fresh = new Map<string, JournalLine[]>();
      for (const line of lines) {
        if (known.has(line.ticketId) && !fresh.has(line.ticketId)) continue;
        fresh.set(line.ticketId, [...(fresh.get(line.ticketId) ?? []), line]);
      }
      for (const id of fresh.keys()) known.add(id);
      return fresh;
    };
    const counter = async () =>
      JSON.parse(await readFile(path.join(dataDir, 'tickets', 'counter.json'), 'utf8')) as {
        last: Record<string, number>;
      };

    // A first start with the hub up: enrolls, caches the setup (offline block), one online ticket.
    const first = await issue();
    expect(first.result).toMatchObject({ ok: true, value: { offline: false } });
    paper.push(...first.paper);
    await newTickets();

    const offlineUsed: number[] = [];
    let reserved = 0;
    for (const step of STEPS) {
      const what = `${step.point} with the hub ${step.hub}`;
      if (step.hub === 'down') await hub.stop();
      const crashed = await issue(step.point);
      expect(crashed.signal, what).toBe('SIGKILL');
      expect(crashed.result, what).toBeUndefined();
      paper.push(...crashed.paper);
      await hub.start();
      paper.push(...(await drain()).paper);

      const repository = hub.repository();
      const tickets = await newTickets();
      const issued = [...tickets.values()].flatMap((entries) => entries.filter((e) => e.event === 'issued'));
      const unanswered = [...tickets.entries()].filter(([, entries]) => !entries.some((e) => e.event === 'issued'));

      // Every journaled ticket is at the hub exactly once, with its number; its print reported.
      for (const ticket of issued) {
        const stored = await repository.findTicket(ticket.ticketId);
        expect(stored, what).toMatchObject({ number: ticket.number, state: 'waiting' });
        // Recovery cannot know whether paper came out before the crash: the ticket stays valid.
        expect(stored?.printed, what).toBe('unknown');
        expect(
          tickets.get(ticket.ticketId)?.map((e) => e.event),
          what,
        ).toContain('print_reported');
      }
      // A request whose answer never reached the journal is not a ticket at the hub.
      for (const [ticketId] of unanswered) {
        const stored = await repository.findTicket(ticketId);
        if (stored) expect(stored.state, what).toBe('dropped');
      }
      if (step.point === 'ticket:after-hub') {
        expect(unanswered.length, what).toBe(1);
        expect((await repository.findTicket(unanswered[0]?.[0] ?? ''))?.state, what).toBe('dropped');
      }
      if (step.point === 'ticket:after-requested') {
        expect(await repository.findTicket(unanswered[0]?.[0] ?? ''), what).toBeUndefined();
      }

      // On paper only when the crash came after the print; the number is the journaled one.
      const printedNow = [...crashed.paper];
      if (step.point === 'ticket:after-print') expect(printedNow, what).toEqual(issued.map((t) => t.number));
      else expect(printedNow, what).toEqual([]);

      if (step.hub === 'down') {
        for (const ticket of issued) {
          expect(ticket.source, what).toBe('offline');
          const parsed = parseOfflineNumber(ticket.number ?? '');
          expect(parsed, what).toBeDefined();
          offlineUsed.push(parsed?.value ?? 0);
        }
        // The counter file is past every number handed out, a reserved-but-unused one included.
        const last = Object.values((await counter()).last);
        if (step.point === 'ticket:after-reserve') {
          expect(issued, what).toEqual([]);
          reserved = Math.max(...last);
          expect(reserved, what).toBeGreaterThan(0);
        }
        expect(Math.max(...last), what).toBeGreaterThanOrEqual(Math.max(reserved, ...offlineUsed));
      }
      if (step.point === 'ticket:after-outbox') {
        // Enqueued twice (before the crash and by recovery), merged once: the hub dedups by ticket id.
        const items = (await hub.outbox('demo-kiosk-01')).filter(
          (i) => i.kind === 'ticket.offline' && i.payload.ticketId === issued[0]?.ticketId,
        );
        expect(items.length, what).toBe(2);
      }
    }

    // Offline again after all that: the next number follows every one used or reserved.
    await hub.stop();
    const last = await issue();
    expect(last.result, 'the last offline ticket').toMatchObject({ ok: true, value: { offline: true } });
    paper.push(...last.paper);
    await hub.start();
    await drain();
    const finalNumber = parseOfflineNumber(last.result?.value?.number ?? '')?.value ?? 0;
    expect(offlineUsed.every((n) => n > reserved)).toBe(true);
    expect(finalNumber).toBeGreaterThan(Math.max(reserved, ...offlineUsed));
    expect([...offlineUsed, finalNumber]).toEqual([...offlineUsed, finalNumber].sort((a, b) => a - b));

    // No number twice: on paper, or among the hub's tickets of the day.
    expect(new Set(paper).size).toBe(paper.length);
    const queue = await hub.repository().listQueue('mfc-demo-01', officeDate(new Date(), 'Europe/Moscow'));
    expect(new Set(queue.map((t) => t.number)).size).toBe(queue.length);
    for (const number of paper) expect(queue.map((t) => t.number)).toContain(number);
  }, 60_000);
});
