import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../../transport/fake-transport';
import { ApduStreamParser, encodeApdu, type ZvtApdu } from './protocol/zvt-apdu';
import * as commands from './protocol/zvt-commands';
import {
  abortMessage,
  completion,
  intermediateStatus,
  printTextBlock,
  statusInformation,
} from './protocol/zvt-messages';
import { ACK, encodeSerialFrame, NAK, SerialFrameParser } from './protocol/zvt-serial-framing';
import { ZvtSerialLink, ZvtTcpLink } from './zvt-link';
import { ZvtTerminal } from './zvt-terminal';

const toHex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join(' ')
    .toUpperCase();
const ACK_BYTE = Uint8Array.of(ACK);
const REGISTRATION = encodeSerialFrame(encodeApdu(commands.registration({ password: '000000', configByte: 0xbe })));

describe('ZvtSerialLink', () => {
  it('writes the frame and resolves on the ACK byte', async () => {
    const transport = new FakeTransport({ open: true, responder: (_written, t) => t.emitData(ACK_BYTE) });
    const link = new ZvtSerialLink(transport, { ackTimeoutMs: 50 });
    const apdu = commands.registration({ password: '000000', configByte: 0xbe });
    expect(await link.send(apdu)).toEqual({ ok: true });
    expect(transport.writes.map(toHex)).toEqual([toHex(REGISTRATION)]);
  });

  it('sends again after a NAK and after silence, up to three times', async () => {
    let answers = [NAK, -1, ACK];
    const transport = new FakeTransport({
      open: true,
      responder: (_written, t) => {
        const answer = answers.shift();
        if (answer !== undefined && answer >= 0) t.emitData([answer]);
      },
    });
    const link = new ZvtSerialLink(transport, { ackTimeoutMs: 30 });
    expect(await link.send(commands.logOff())).toEqual({ ok: true });
    expect(transport.writes).toHaveLength(3);

    answers = [NAK, NAK, NAK];
    expect(await link.send(commands.logOff())).toMatchObject({ ok: false, error: { code: 'nak' } });
    answers = [NAK, -1, NAK];
    // One attempt went unanswered: the terminal may have it (its ACK lost).
    expect(await link.send(commands.logOff())).toMatchObject({ ok: false, error: { code: 'no_ack' } });
    expect(transport.writes).toHaveLength(9);
  });

  it('says not_open without writing when the port is not there, write_failed when a write fails', async () => {
    const transport = new FakeTransport();
    const link = new ZvtSerialLink(transport, { ackTimeoutMs: 30 });
    expect(await link.send(commands.logOff())).toMatchObject({ ok: false, error: { code: 'not_open' } });
    await transport.open();
    transport.writeError = new Error('EIO');
    expect(await link.send(commands.logOff())).toMatchObject({ ok: false, error: { code: 'write_failed' } });
  });

  it('answers a good frame with ACK and delivers it, a damaged one with NAK, byte by byte', async () => {
    const transport = new FakeTransport({ open: true, maxReadSize: 1 });
    const link = new ZvtSerialLink(transport);
    const received: ZvtApdu[] = [];
    link.onApdu((apdu) => received.push(apdu));
    const frame = encodeSerialFrame(encodeApdu(intermediateStatus(0x0a)));
    const damaged = frame.slice();
    damaged[4] = 0x0b;
    transport.emitData([...damaged, ...frame]);
    await Promise.resolve();
    expect(transport.writes.map(toHex)).toEqual(['15', '06']);
    expect(received).toEqual([intermediateStatus(0x0a)]);
  });

  it('stops waiting for the ACK when the port is lost', async () => {
    const transport = new FakeTransport({ open: true, responder: (_w, t) => t.disconnect() });
    const link = new ZvtSerialLink(transport, { ackTimeoutMs: 5000 });
    expect(await link.send(commands.logOff())).toMatchObject({ ok: false, error: { code: 'write_failed' } });
  });
});

describe('ZvtTcpLink', () => {
  it('sends raw APDUs and splits what arrives into APDUs, however chunked', async () => {
    const transport = new FakeTransport({ open: true, maxReadSize: 2 });
    const link = new ZvtTcpLink(transport);
    const received: ZvtApdu[] = [];
    link.onApdu((apdu) => received.push(apdu));
    expect(await link.send(commands.statusEnquiry({ password: '123456' }))).toEqual({ ok: true });
    expect(toHex(transport.writtenBytes())).toBe('05 01 03 12 34 56');
    transport.emitData([...encodeApdu(commands.ack()), ...encodeApdu(completion({ terminalStatus: 0 }))]);
    expect(received).toEqual([commands.ack(), completion({ terminalStatus: 0 })]);
  });
});

/**
 * A scripted terminal on a fake TCP transport: each APDU the kiosk sends is answered with the
 * APDUs `script` returns for it (a function of the command and of what came before).
 */
function scriptedTerminal(script: (apdu: ZvtApdu, sent: ZvtApdu[]) => ZvtApdu[]) {
  const parser = new ApduStreamParser();
  const fromKiosk: ZvtApdu[] = [];
  const transport = new FakeTransport({
    open: true,
    responder: (written, t) => {
      for (const apdu of parser.push(written)) {
        fromKiosk.push(apdu);
        for (const reply of script(apdu, fromKiosk)) t.emitData(encodeApdu(reply));
      }
    },
  });
  const terminal = new ZvtTerminal(new ZvtTcpLink(transport), {
    ackTimeoutMs: 50,
    authoriseTimeoutMs: 300,
    commandTimeoutMs: 300,
    statusTimeoutMs: 300,
  });
  const controls = () => fromKiosk.map((a) => toHex(Uint8Array.of(a.cls, a.instr)));
  return { terminal, transport, controls };
}

/** The terminal's side of a registration: 80 00 00, then Completion (after the kiosk's ACK, it answers nothing). */
function registering(apdu: ZvtApdu): ZvtApdu[] | null {
  if (apdu.cls === 0x06 && apdu.instr === 0x00)
    return [commands.ack(), completion({ terminalStatus: 0, terminalId: '29001234' })];
  if (apdu.cls === 0x80) return [];
  return null;
}

describe('ZvtTerminal dialogue (scripted terminal)', () => {
  it('registers first, acknowledges each message with 80 00 00, and reads the approval', async () => {
    const { terminal, controls } = scriptedTerminal((apdu) => {
      const registration = registering(apdu);
      if (registration) return registration;
      if (apdu.instr === 0x22) {
        return [
          commands.ack(),
          intermediateStatus(0x0a),
          statusInformation(
            { resultCode: 0, amountMinor: 100, receiptNo: 7, trace: 9, panLast4: '4242', authCode: 'A1' },
            'cp866',
          ),
          completion(),
        ];
      }
      return [];
    });
    const outcome = await terminal.authorise({ paymentId: 'p-1', amountMinor: 100 });
    expect(outcome).toMatchObject({
      outcome: 'approved',
      transaction: {
        reference: { receiptNo: '0007', trace: '000009', amountMinor: 100 },
        authCode: 'A1',
        rrn: '000009',
      },
    });
    // Registration, its completion's ACK; the pre-authorisation, then one ACK for each of three messages.
    expect(controls()).toEqual(['06 00', '80 00', '06 22', '80 00', '80 00', '80 00']);
  });

  it('is not_sent when the terminal is not connected, and when it refuses the command (84 xx)', async () => {
    const notConnected = scriptedTerminal(() => []);
    await notConnected.transport.close();
    notConnected.transport.openError = new Error('ECONNREFUSED');
    expect(await notConnected.terminal.authorise({ paymentId: 'p', amountMinor: 1 })).toMatchObject({
      outcome: 'not_sent',
    });

    const busy = scriptedTerminal((apdu) => registering(apdu) ?? [commands.nak(0x9c)]);
    expect(await busy.terminal.authorise({ paymentId: 'p', amountMinor: 1 })).toEqual({
      outcome: 'not_sent',
      reason: 'terminal refused the command (84 9C)',
    });
  });

  it('is unknown when the acknowledgement (T3) or the end never comes, and registers again afterwards', async () => {
    const silent = scriptedTerminal((apdu) => registering(apdu) ?? []);
    expect(await silent.terminal.authorise({ paymentId: 'p', amountMinor: 1 })).toEqual({
      outcome: 'unknown',
      reason: 'timeout',
    });
    const ackedOnly = scriptedTerminal((apdu) => registering(apdu) ?? (apdu.cls === 0x06 ? [commands.ack()] : []));
    expect(await ackedOnly.terminal.authorise({ paymentId: 'p', amountMinor: 1 })).toEqual({
      outcome: 'unknown',
      reason: 'timeout',
    });
    await ackedOnly.terminal.status();
    expect(ackedOnly.controls().filter((c) => c === '06 00')).toHaveLength(2);
  });

  it('is unknown when the Status-Information of a completed authorisation does not parse', async () => {
    const { terminal } = scriptedTerminal((apdu) => {
      const registration = registering(apdu);
      if (registration) return registration;
      if (apdu.instr === 0x22)
        return [commands.ack(), { cls: 0x04, instr: 0x0f, data: Uint8Array.of(0x04, 0x00) }, completion()];
      return [];
    });
    expect(await terminal.authorise({ paymentId: 'p', amountMinor: 1 })).toEqual({
      outcome: 'unknown',
      reason: 'malformed_reply',
    });
  });

  it('answers a command it does not know with 84 83 00 and goes on', async () => {
    const { terminal, controls } = scriptedTerminal((apdu) => {
      const registration = registering(apdu);
      if (registration) return registration;
      if (apdu.instr === 0x22) return [commands.ack(), { cls: 0x04, instr: 0x01, data: new Uint8Array() }];
      if (apdu.cls === 0x84) return [abortMessage(0x05)];
      return [];
    });
    expect(await terminal.authorise({ paymentId: 'p', amountMinor: 1 })).toEqual({
      outcome: 'declined',
      code: '05',
      message: 'declined by the card issuer (do not honour)',
    });
    expect(controls()).toEqual(['06 00', '80 00', '06 22', '84 83', '80 00']);
  });

  it('reads Repeat Receipt without Status-Information as none only when no slip came either', async () => {
    const slipOnly = scriptedTerminal((apdu) => {
      const registration = registering(apdu);
      if (registration) return registration;
      if (apdu.instr === 0x20) return [commands.ack(), printTextBlock(['ОПЛАТА'], 2, 'cp866'), completion()];
      return [];
    });
    expect(await slipOnly.terminal.lastTransaction()).toEqual({
      outcome: 'unknown',
      reason: 'the terminal repeated the slip without Status-Information',
    });
    const nothing = scriptedTerminal(
      (apdu) => registering(apdu) ?? (apdu.instr === 0x20 ? [commands.ack(), completion()] : []),
    );
    expect(await nothing.terminal.lastTransaction()).toEqual({ outcome: 'none' });
  });

  it('parses the serial frames of its own commands (sanity of the framing both ways)', () => {
    const parser = new SerialFrameParser();
    const events = parser.push(REGISTRATION);
    expect(events).toMatchObject([{ type: 'frame', apdu: { cls: 0x06, instr: 0x00 } }]);
  });
});
