import { describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../../../kiosk-config/src/index';
import { refreshingPrinterOnFailure } from './refresh-after-printer-failure';

/** A call answering `answer`, and a refresh that counts how often it was asked. */
function wrapped(answer: Result<string>) {
  let refreshes = 0;
  const call = refreshingPrinterOnFailure(
    async (_input: { serviceId: string }) => answer,
    async () => {
      refreshes += 1;
    },
  );
  return { call, refreshes: () => refreshes };
}

describe('refreshingPrinterOnFailure', () => {
  it('asks the printer again when the call failed at the printer, and answers the call', async () => {
    const failure = fail('printer_paper_out', 'the printer is out of paper');
    const { call, refreshes } = wrapped(failure);
    expect(await call({ serviceId: 'passport' })).toBe(failure);
    expect(refreshes()).toBe(1);
  });

  it('leaves the printer alone after a success or a failure elsewhere', async () => {
    for (const answer of [
      ok('printed'),
      fail('hub_unreachable', 'offline'),
      fail('office_printer_unavailable', 'A4'),
    ]) {
      const { call, refreshes } = wrapped(answer);
      expect(await call({ serviceId: 'passport' })).toBe(answer);
      expect(refreshes()).toBe(0);
    }
  });
});
