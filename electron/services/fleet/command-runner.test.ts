import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandAck, RemoteCommand } from '../../../kiosk-config/src/hub/remote-commands';
import { createLogger } from '../logging/logger';
import { CommandJournal } from './command-journal';
import { type CommandAction, type CommandActions, CommandRunner } from './command-runner';
import { ServiceMode } from './service-mode';

const log = createLogger({ level: 'silent' });
const NOW = new Date('2026-12-07T10:00:00.000Z');

function command(kind: string, params: Record<string, unknown> = {}, expiresInMs = 600_000): RemoteCommand {
  return {
    id: randomUUID(),
    kind,
    params,
    issuer: 'Петров',
    createdAt: new Date(NOW.getTime() - 1000).toISOString(),
    expiresAt: new Date(NOW.getTime() + expiresInMs).toISOString(),
  };
}

/** A runner on a real journal in a temp folder, every action counting its runs. */
async function setUp(dataDir?: string, ready?: Promise<void>) {
  const dir = dataDir ?? (await mkdtemp(path.join(tmpdir(), 'okno-commands-')));
  const runs: string[] = [];
  const acks: CommandAck[] = [];
  const action = (kind: string): CommandAction => ({
    ...(ready && kind === 'service.out' ? { whenReady: () => ready } : {}),
    run: async (params) => {
      runs.push(kind);
      if (kind === 'printer.testPage') throw new Error('a bug in the action');
      return { result: 'done', reason: JSON.stringify(params) };
    },
  });
  const kinds = [
    'content.refresh',
    'app.restart',
    'service.out',
    'service.in',
    'printer.testPage',
    'terminal.closeDay',
    'logs.upload',
    'screen.capture',
  ] as const;
  const actions = Object.fromEntries(kinds.map((kind) => [kind, action(kind)])) as CommandActions;
  let now = NOW;
  const runner = new CommandRunner({
    journal: await CommandJournal.open(dir, log, NOW),
    actions,
    uploadAttachment: async () => undefined,
    acknowledge: async (ack) => {
      acks.push(ack);
    },
    log,
    now: () => now,
  });
  return { dir, runs, acks, runner, setNow: (at: Date) => (now = at) };
}

describe('CommandRunner', () => {
  it('refuses a kind outside the allow-list and bad parameters with a reason, and goes on with the next', async () => {
    const { runner, runs, acks } = await setUp();
    await runner.handle([
      command('shell.exec', { cmd: 'reboot' }),
      command('logs.upload', { hours: 500 }),
      command('logs.upload', { hours: 3, path: '/etc' }),
      command('logs.upload', { hours: 3 }),
    ]);
    expect(acks.map((ack) => [ack.result, ack.reason])).toEqual([
      ['refused', 'unknown command kind shell.exec'],
      ['refused', 'bad parameters for logs.upload: hours'],
      ['refused', 'bad parameters for logs.upload: unrecognized_keys'],
      ['done', '{"hours":3}'],
    ]);
    expect(runs).toEqual(['logs.upload']);
  });

  it('never runs a command past its time-to-live, also when it expired while waiting for a visitor', async () => {
    let release = () => {};
    const ready = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { runner, runs, acks, setNow } = await setUp(undefined, ready);
    await runner.handle([command('service.in', {}, -1)]);
    expect(acks.map((ack) => ack.result)).toEqual(['expired']);

    const handled = runner.handle([command('service.out', {}, 60_000)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    setNow(new Date(NOW.getTime() + 120_000));
    release();
    await handled;
    expect(acks.map((ack) => ack.result)).toEqual(['expired', 'expired']);
    expect(runs).toEqual([]);
  });

  it('runs a command once however often the hub hands it out, and a throwing action is acknowledged failed', async () => {
    const { runner, runs, acks } = await setUp();
    const once = command('service.in');
    await Promise.all([runner.handle([once]), runner.handle([once])]);
    await runner.handle([once]);
    expect(runs).toEqual(['service.in']);
    await runner.handle([command('printer.testPage')]);
    expect(acks.map((ack) => ack.result)).toEqual(['done', 'failed']);
  });

  it('journals a command before it acts and its end after the acknowledgement', async () => {
    const { runner, dir } = await setUp();
    const one = command('service.in');
    await runner.handle([one]);
    const lines = (await readFile(path.join(dir, 'fleet', 'commands.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line) as { step: string; commandId: string })).toMatchObject([
      { step: 'started', commandId: one.id },
      { step: 'finished', commandId: one.id, result: 'done' },
    ]);
  });
});

describe('ServiceMode', () => {
  it('keeps out of service across a restart, and back in service', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-mode-'));
    const told: unknown[] = [];
    const mode = await ServiceMode.open(dir, (view) => told.push(view), log);
    expect(mode.view).toEqual({ inService: true });
    await mode.set({ inService: false, instead: 'Обратитесь к сотруднику' });
    expect((await ServiceMode.open(dir, () => {}, log)).view).toEqual({
      inService: false,
      instead: 'Обратитесь к сотруднику',
    });
    await mode.set({ inService: true });
    expect((await ServiceMode.open(dir, () => {}, log)).view).toEqual({ inService: true });
    expect(told).toHaveLength(2);
  });
});
