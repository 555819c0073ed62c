import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../test-support';
import { type FakeLp, processAlive, writeFakeLp } from './fake-lp';
import { OfficePrinter, parseLpJobId } from './office-printer';

describe('OfficePrinter', () => {
  const fakes: FakeLp[] = [];
  afterEach(async () => {
    await Promise.all(fakes.splice(0).map((fake) => fake.remove()));
  });

  async function printerWith(behaviour: Parameters<typeof writeFakeLp>[0], timeoutMs = 5000) {
    const fake = await writeFakeLp(behaviour);
    fakes.push(fake);
    const logger = memoryLogger();
    const printer = new OfficePrinter({
      settings: { destination: 'office_a4', command: fake.command, timeoutMs },
      log: logger.log,
    });
    return { fake, printer, logger };
  }

  // Larger than a pipe's buffer (64 KiB), so writing stdin has to wait for lp to read.
  const pdf = Buffer.concat([Buffer.from('%PDF-1.3\n'), randomBytes(200 * 1024)]);

  it('queues the PDF through lp on stdin, with the destination, title and A4, and reads back the job id', async () => {
    const { fake, printer, logger } = await printerWith('queues');
    const result = await printer.print({ pdf, title: 'Okno: documents for passport-rf' });
    expect(result).toEqual({ ok: true, value: { jobId: 'office_a4-12' } });
    const invocation = await fake.invocation();
    expect(invocation.args).toEqual([
      '-d',
      'office_a4',
      '-t',
      'Okno: documents for passport-rf',
      '-o',
      'media=A4',
      '-',
    ]);
    // English messages (the request id is parsed), UTF-8 text.
    expect(invocation.lcAll).toBe('C.UTF-8');
    expect((await fake.received()).equals(pdf)).toBe(true);
    expect(logger.lines()).toContainEqual(
      expect.objectContaining({ msg: 'sent to the office printer', destination: 'office_a4', jobId: 'office_a4-12' }),
    );
  });

  it('keeps the title one printable line (it is an argument, never shell text)', async () => {
    const { fake, printer } = await printerWith('queues');
    await printer.print({ pdf, title: 'a\nb; rm -rf / $(x)\u0007' });
    expect((await fake.invocation()).args[3]).toBe('a b; rm -rf / $(x)');
  });

  it('answers command_failed with lp’s message when lp refuses the job', async () => {
    const { printer, logger } = await printerWith('refuses');
    const result = await printer.print({ pdf, title: 'Okno' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'command_failed', message: 'exit 1: lp: The printer or class does not exist.' },
    });
    expect(logger.lines()).toContainEqual(
      expect.objectContaining({ level: 40, msg: 'not sent to the office printer', reason: 'command_failed' }),
    );
  });

  it('answers command_failed when the command is not there (no CUPS client installed)', async () => {
    const printer = new OfficePrinter({
      settings: { destination: 'office_a4', command: '/nonexistent/lp', timeoutMs: 5000 },
      log: memoryLogger().log,
    });
    expect(await printer.print({ pdf, title: 'Okno' })).toEqual({
      ok: false,
      error: { code: 'command_failed', message: 'cannot run /nonexistent/lp: ENOENT' },
    });
  });

  it('gives up on an lp that hangs: timeout, and the process is gone', async () => {
    // Long enough for the fake to start on a busy machine (Node takes ~50 ms).
    const { fake, printer } = await printerWith('hangs', 1000);
    const result = await printer.print({ pdf, title: 'Okno' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'timeout', message: 'no answer in 1000 ms; stopped (SIGTERM)' },
    });
    expect(processAlive(await fake.pid())).toBe(false);
  });

  it('kills outright an lp that ignores SIGTERM', async () => {
    const { fake, printer } = await printerWith('hangs-ignoring-sigterm', 1000);
    const result = await printer.print({ pdf, title: 'Okno' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'timeout', message: 'no answer in 1000 ms; stopped (SIGKILL)' },
    });
    expect(processAlive(await fake.pid())).toBe(false);
  });

  it('answers not_configured without an officePrinter section, and runs nothing', async () => {
    const printer = new OfficePrinter({ settings: undefined, log: memoryLogger().log });
    expect(printer.configured).toBe(false);
    expect(await printer.print({ pdf, title: 'Okno' })).toMatchObject({ ok: false, error: { code: 'not_configured' } });
  });

  it('reads the request id as lp prints it, and none from other text', () => {
    expect(parseLpJobId('request id is office_a4-12 (0 file(s))\n')).toBe('office_a4-12');
    expect(parseLpJobId('request id is HP_LaserJet-1041 (1 file(s))')).toBe('HP_LaserJet-1041');
    expect(parseLpJobId('')).toBeNull();
  });
});
