import { describe, expect, it } from 'vitest';
import defaults from '../../defaults/kiosk.json';
import sbPilot from '../../examples/kiosk.payment-sb-pilot.json';
import zvtLan from '../../examples/kiosk.payment-zvt-lan.json';
import realDevices from '../../examples/kiosk.real-devices.json';
import { KioskConfig, PaymentTerminalConfig } from './kiosk-config';

describe('devices.paymentTerminal in the config', () => {
  it('is none unless configured', () => {
    const config = KioskConfig.parse({
      kiosk: { id: 'k1' },
      office: { id: 'o', name: 'МФЦ' },
      session: {},
      devices: {},
    });
    expect(config.devices.paymentTerminal).toBeNull();
  });

  it('is the simulated ZVT terminal on a PTY, paced for people, under npm start', () => {
    expect(KioskConfig.parse(defaults).devices.paymentTerminal).toEqual({
      kind: 'zvt',
      // The simulated visitor takes 4 s to present the card: «Отмена» can be pressed meanwhile.
      connection: { kind: 'simulated', transport: 'serial', stepDelayMs: 400, cardDelayMs: 4000 },
      password: '000000',
      textEncoding: 'cp866',
    });
  });

  it('reads every example: ZVT on USB serial, ZVT on the LAN, sb_pilot', () => {
    expect(KioskConfig.parse(realDevices).devices.paymentTerminal).toMatchObject({
      kind: 'zvt',
      connection: { kind: 'serial', usb: { vendorId: '0403', productId: '6001' }, baudRate: 9600 },
    });
    expect(KioskConfig.parse(zvtLan).devices.paymentTerminal).toMatchObject({
      kind: 'zvt',
      connection: { kind: 'tcp', host: '192.168.10.20', port: 20007 },
      password: '123456',
      actionRefusedCodes: ['B4'],
    });
    expect(KioskConfig.parse(sbPilot).devices.paymentTerminal).toEqual({
      kind: 'pilot',
      profile: 'sb-pilot',
      command: './sb_pilot',
      workingDir: '/opt/sberbank/sb_pilot',
    });
  });

  it('fills in what ZVT terminals come set to: 9600 baud, port 20007, password 000000', () => {
    expect(
      PaymentTerminalConfig.parse({ kind: 'zvt', connection: { kind: 'serial', path: '/dev/ttyUSB0' } }),
    ).toMatchObject({ connection: { baudRate: 9600 }, password: '000000' });
    expect(PaymentTerminalConfig.parse({ kind: 'zvt', connection: { kind: 'tcp', host: '10.0.0.20' } })).toMatchObject({
      connection: { port: 20007 },
    });
    expect(
      PaymentTerminalConfig.parse({ kind: 'zvt', connection: { kind: 'simulated' }, actionRefusedCodes: ['b4'] }),
    ).toMatchObject({ connection: { transport: 'serial', stepDelayMs: 400 }, actionRefusedCodes: ['B4'] });
  });

  it('refuses what would fail at the terminal, naming the field', () => {
    const problem = (value: unknown) => PaymentTerminalConfig.safeParse(value).error?.issues[0]?.path;
    expect(problem({ kind: 'zvt', connection: { kind: 'simulated' }, password: '1234' })).toEqual(['password']);
    expect(problem({ kind: 'zvt', connection: { kind: 'serial' } })).toEqual(['connection', 'path']);
    expect(problem({ kind: 'zvt', connection: { kind: 'tcp', host: 'x', port: 0 } })).toEqual(['connection', 'port']);
    expect(problem({ kind: 'pilot', profile: 'sb-pilot' })).toEqual(['workingDir']);
    expect(problem({ kind: 'pilot', profile: '../x', workingDir: '/opt' })).toEqual(['profile']);
    expect(problem({ kind: 'zvt', connection: { kind: 'simulated' }, timeouts: { ackMs: 1 } })).toEqual(['timeouts']);
  });
});
