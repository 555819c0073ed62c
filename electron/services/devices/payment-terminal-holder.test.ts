import { describe, expect, it } from 'vitest';
import type { TerminalStatus } from '../../../drivers/payment/payment-terminal';
import type { DeviceLink, LinkEvent } from '../../../drivers/transport/reconnecting-transport';
import { FakePaymentTerminal } from '../payments/fake-payment-terminal';
import { memoryLogger } from '../test-support';
import { PaymentTerminalHolder } from './payment-terminal-holder';

/** A fake terminal whose status answers are scripted, and whose authorisation waits for the test. */
class ScriptedTerminal extends FakePaymentTerminal {
  readonly statusAnswers: TerminalStatus[] = [];
  statusCalls = 0;
  override async status(): Promise<TerminalStatus> {
    this.statusCalls += 1;
    return this.statusAnswers.shift() ?? { ready: true };
  }
}

class FakeLink implements DeviceLink {
  readonly address = '/dev/ttyUSB9';
  connected = true;
  readonly #listeners = new Set<(event: LinkEvent) => void>();
  onLinkEvent(listener: (event: LinkEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  emit(event: LinkEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}

const zvtSerial = {
  kind: 'zvt',
  connection: { kind: 'serial', path: '/dev/ttyUSB9', baudRate: 9600 },
  password: '000000',
  textEncoding: 'cp866',
} as const;

async function settle(ms = 20): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

describe('PaymentTerminalHolder', () => {
  it('is offline until the terminal answers ready, then reports it; retries an attach that failed', async () => {
    const terminal = new ScriptedTerminal();
    const link = new FakeLink();
    let attempts = 0;
    let changes = 0;
    const holder = new PaymentTerminalHolder({
      config: zvtSerial,
      attach: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('no such port');
        return { terminal, link, address: link.address, simulated: false, close: async () => {} };
      },
      log: memoryLogger().log,
      onChange: () => {
        changes += 1;
      },
      retryMs: 10,
      pollMs: 60_000,
    });
    await holder.start();
    expect(holder.terminal).toBeNull();
    expect(holder.status).toMatchObject({ kind: 'payment_terminal', connected: false, problems: ['offline'] });
    await settle(60);
    expect(attempts).toBe(2);
    expect(holder.terminal).not.toBeNull();
    expect(holder.ready).toBe(true);
    expect(holder.status).toEqual({
      id: 'payment_terminal',
      kind: 'payment_terminal',
      connected: true,
      simulated: false,
      problems: [],
      address: '/dev/ttyUSB9',
    });
    expect(changes).toBeGreaterThan(0);
    await holder.close();
  });

  it('tells a silent terminal, a terminal not ready and an unplugged one apart', async () => {
    const terminal = new ScriptedTerminal();
    const link = new FakeLink();
    const holder = new PaymentTerminalHolder({
      config: zvtSerial,
      attach: async () => ({ terminal, link, address: link.address, simulated: false, close: async () => {} }),
      log: memoryLogger().log,
      onChange: () => {},
      pollMs: 60_000,
    });
    terminal.statusAnswers.push({ ready: false, reason: 'no_answer' });
    await holder.start();
    await settle();
    expect(holder.status).toMatchObject({ connected: false, problems: ['not_responding'] });
    terminal.statusAnswers.push({ ready: false, reason: 'terminal status 9C busy' });
    await holder.refresh();
    expect(holder.status).toMatchObject({ connected: false, problems: ['error'] });
    link.connected = false;
    link.emit({ type: 'lost', error: new Error('gone') });
    expect(holder.status).toMatchObject({ connected: false, problems: ['offline'] });
    // Back: asked again at once.
    link.connected = true;
    link.emit({ type: 'connected', path: '/dev/ttyUSB9' });
    await settle();
    expect(holder.ready).toBe(true);
    await holder.close();
  });

  it('does not poll while an operation runs, and an answer from the terminal proves it ready', async () => {
    const terminal = new ScriptedTerminal();
    terminal.authoriseScript.push('wait_for_abort');
    const holder = new PaymentTerminalHolder({
      config: zvtSerial,
      attach: async () => ({ terminal, address: 'x', simulated: false, close: async () => {} }),
      log: memoryLogger().log,
      onChange: () => {},
      pollMs: 10,
    });
    terminal.statusAnswers.push({ ready: false, reason: 'no_answer' });
    await holder.start();
    await settle(5);
    const controller = new AbortController();
    const running = holder.terminal?.authorise({ paymentId: 'p', amountMinor: 100 }, { signal: controller.signal });
    await settle();
    const callsDuringPayment = terminal.statusCalls;
    await settle(60);
    expect(terminal.statusCalls).toBe(callsDuringPayment);
    controller.abort();
    expect(await running).toEqual({ outcome: 'cancelled' });
    await settle(40);
    expect(terminal.statusCalls).toBeGreaterThan(callsDuringPayment);
    expect(holder.ready).toBe(true);
    await holder.close();
  });
});
