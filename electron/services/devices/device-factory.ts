import { HID_POS_PROFILES } from '../../../drivers/hid/hid-pos-profiles';
import { loadPaymentProfile } from '../../../drivers/payment/pilot/load-payment-profile';
import { PilotTerminal } from '../../../drivers/payment/pilot/pilot-terminal';
import { type CreateZvtTerminalOptions, createZvtTerminal } from '../../../drivers/payment/zvt/create-zvt-terminal';
import type { ZvtTerminalOptions } from '../../../drivers/payment/zvt/zvt-terminal';
import { EscPosPrinter } from '../../../drivers/printer/escpos-printer';
import { loadPrinterProfile } from '../../../drivers/printer/load-printer-profile';
import { HidPosScanner } from '../../../drivers/scanner/hid-pos-scanner';
import { SerialDocumentReader } from '../../../drivers/scanner/serial-document-reader';
import { SerialScanner } from '../../../drivers/scanner/serial-scanner';
import {
  type DocumentReaderSimulator,
  startSimulatedDocumentReader,
} from '../../../drivers/sim/document-reader-simulator';
import { type EscPosPrinterSimulator, startSimulatedPrinter } from '../../../drivers/sim/escpos-printer-simulator';
import { type SerialScannerSimulator, startSimulatedScanner } from '../../../drivers/sim/serial-scanner-simulator';
import { startSimulatedZvtTerminal, type ZvtTerminalSimulator } from '../../../drivers/sim/zvt-terminal-simulator';
import { HidTransport } from '../../../drivers/transport/hid-transport';
import type { SerialPortTarget } from '../../../drivers/transport/resolve-serial-port';
import { createSerialLink, type SerialLinkOptions } from '../../../drivers/transport/serial-link';
import type { FlowControl } from '../../../drivers/transport/serial-transport';
import type { PaymentTerminalConfig } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import type { AttachedDocumentReader, AttachedPrinter, AttachedScanner, DeviceFactory } from './device-manager';
import type { AttachedPaymentTerminal } from './payment-terminal-holder';

/** The kinds of device whose simulator has a cable to pull. */
export type SimulatedKind = 'printer' | 'scanner' | 'paymentTerminal';

/** The simulators behind simulated devices, for `npm start`'s paper files, tests and benchmarks. */
export interface SimulatedDevices {
  printer?: EscPosPrinterSimulator;
  scanner?: SerialScannerSimulator;
  /** The passport/ID reader: `present(lines)` places a document on it. */
  documentReader?: DocumentReaderSimulator;
  /** The ZVT card terminal: its journal, `injectFault`, `scriptFaults`, `powerOff`… */
  paymentTerminal?: ZvtTerminalSimulator;
  /**
   * Pulls a simulated device's cable: its PTY disappears as an unplugged USB device's port does,
   * and the kiosk sees the loss through its real transport. Rejects if that device is not simulated.
   */
  unplug(kind: SimulatedKind): Promise<void>;
  /** Plugs it back at the same path; the kiosk reconnects by itself as soon as the path is back. */
  replug(kind: SimulatedKind): Promise<void>;
}

/** Options of the device factory. */
export interface DeviceFactoryOptions {
  profilesDir: string;
  /** The folder of payment (pilot) profiles (`paymentProfilesDir()`). */
  paymentProfilesDir?: string;
  /** The config file's folder: a pilot's relative `workingDir` is resolved from it. */
  configDir?: string;
  /** Where the simulated printer writes each ticket's paper as a text file. */
  paperDir: string;
  /** The office's zone (`kiosk.timeZone`): a simulated card terminal's clock is set to it, as a real one is. */
  timeZone?: string;
  log: Logger;
  /**
   * Overrides for every device's link: the backoff, the liveness probe, the fallback look at a
   * device path, the port lister (tests inject one). The defaults suit a kiosk: a path target
   * reconnects as soon as its path reappears (looked at every 5 s besides the watch), a port that
   * is there but will not open is retried from 0.5 s to 30 s, a probe every second.
   */
  link?: Pick<SerialLinkOptions, 'backoff' | 'stableAfterMs' | 'livenessCheckMs' | 'lister' | 'presencePollMs'>;
}

/** A serial connection as the config gives it (`path` or `usb`, and the baud rate). */
interface SerialLike {
  path?: string | undefined;
  usb?: { vendorId: string; productId: string; serialNumber?: string | undefined } | undefined;
  baudRate: number;
}

/**
 * Opens devices as the config says: a real serial port (by path or by USB ids), or a simulator on
 * a pseudo-terminal. Either way the kiosk's own driver talks to it through the real serialport
 * package over a link that reconnects by itself (`createSerialLink`), so the simulated path
 * exercises the same code as a real printer, unplugging included.
 */
export function createDeviceFactory(options: DeviceFactoryOptions): {
  factory: DeviceFactory;
  simulators: SimulatedDevices;
} {
  const cables = new Map<SimulatedKind, { unplug(): Promise<void>; replug(): Promise<void> }>();
  const cable = (kind: SimulatedKind) => {
    const found = cables.get(kind);
    if (!found) throw new Error(`there is no simulated ${kind} to unplug or replug`);
    return found;
  };
  const simulators: SimulatedDevices = {
    unplug: async (kind) => cable(kind).unplug(),
    replug: async (kind) => cable(kind).replug(),
  };

  /**
   * A link to the device, opened once: a device not plugged in yet is not an error here, the
   * link keeps trying and the device manager reports it offline until it connects.
   */
  const openLink = async (target: SerialPortTarget, baudRate: number, flowControl?: FlowControl) => {
    const link = createSerialLink({
      target,
      baudRate,
      ...(flowControl === undefined ? {} : { flowControl }),
      ...options.link,
    });
    await link.open().catch(() => undefined);
    return link;
  };

  const factory: DeviceFactory = {
    async attachPrinter(config) {
      const profile = await loadPrinterProfile(config.profile, { dir: options.profilesDir });
      const connection = config.connection;
      if (connection.kind === 'serial') {
        const link = await openLink(serialTarget(connection), connection.baudRate, profile.flowControl);
        const printer = new EscPosPrinter(link, profile);
        return { printer, link, address: link.address, simulated: false, close: () => printer.close() };
      }
      const sim = await startSimulatedPrinter({
        profile,
        paperDir: options.paperDir,
        baudRate: connection.baudRate,
        onFault: (error) => options.log.warn({ err: error }, 'printer simulator fault'),
      });
      simulators.printer = sim.simulator;
      cables.set('printer', sim);
      const link = await openLink({ path: sim.devicePath }, connection.baudRate, profile.flowControl);
      const printer = new EscPosPrinter(link, profile);
      const attached: AttachedPrinter = {
        printer,
        link,
        address: sim.devicePath,
        simulated: true,
        // The driver lets go of the port first, then the simulator and socat stop.
        close: async () => {
          await printer.close();
          await sim.close();
          cables.delete('printer');
        },
      };
      return attached;
    },

    async attachScanner(config) {
      const connection = config.connection;
      if (connection.kind === 'hid') {
        // HID POS: node-hid (hidraw); the scanner reopens a lost device itself and is its own link.
        const scanner = new HidPosScanner(
          new HidTransport({
            ...(connection.path === undefined ? {} : { path: connection.path }),
            ...(connection.vendorId === undefined ? {} : { vendorId: connection.vendorId }),
            ...(connection.productId === undefined ? {} : { productId: connection.productId }),
          }),
          {
            profile: HID_POS_PROFILES[connection.profile],
            charset: config.charset,
            ...(config.prefix === '' ? {} : { prefix: config.prefix }),
          },
        );
        scanner.onFault((fault) => options.log.warn({ fault: fault.code }, 'scanner fault'));
        await scanner.start();
        return { scanner, link: scanner, address: scanner.address, simulated: false, close: () => scanner.close() };
      }
      const simulated =
        connection.kind === 'simulated' ? await startSimulatedScanner({ suffix: config.suffix }) : undefined;
      const target: SerialPortTarget =
        connection.kind === 'serial' ? serialTarget(connection) : { path: simulated?.devicePath ?? '' };
      const link = await openLink(target, connection.baudRate);
      const scanner = new SerialScanner(link, {
        suffix: config.suffix,
        framing: config.framing,
        ...(config.prefix === '' ? {} : { prefix: config.prefix }),
        charset: config.charset,
        // The link reconnects; a second timer in the scanner would only compete with it.
        reconnectMs: 0,
      });
      scanner.onFault((fault) => options.log.warn({ fault: fault.code }, 'scanner fault'));
      // Whatever the driver does on opening; while the link waits to retry this fails at once.
      await scanner.open().catch(() => undefined);
      if (simulated) {
        simulators.scanner = simulated.simulator;
        cables.set('scanner', simulated);
      }
      const attached: AttachedScanner = {
        scanner,
        link,
        address: simulated ? simulated.devicePath : link.address,
        simulated: simulated !== undefined,
        close: async () => {
          await scanner.close();
          await simulated?.close();
          cables.delete('scanner');
        },
      };
      return attached;
    },

    async attachDocumentReader(config) {
      const connection = config.connection;
      const framing = config.framing;
      const simulated = connection.kind === 'simulated' ? await startSimulatedDocumentReader(framing) : undefined;
      const target: SerialPortTarget =
        connection.kind === 'serial' ? serialTarget(connection) : { path: simulated?.devicePath ?? '' };
      const link = await openLink(target, connection.baudRate);
      // The link reconnects; a second timer in the reader would only compete with it.
      const reader = new SerialDocumentReader(link, { framing, reconnectMs: 0 });
      // Whatever the driver does on opening; while the link waits to retry this fails at once.
      await reader.open().catch(() => undefined);
      // Its simulator has no unplug/replug yet: it is not one of the `cables`.
      if (simulated) simulators.documentReader = simulated.simulator;
      const attached: AttachedDocumentReader = {
        reader,
        link,
        address: simulated ? simulated.devicePath : link.address,
        simulated: simulated !== undefined,
        // The driver lets go of the port first, then the simulator and socat stop.
        close: async () => {
          await reader.close();
          await simulated?.close();
        },
      };
      return attached;
    },

    async attachPaymentTerminal(config) {
      return attachPaymentTerminal(config, options, {
        simulated: (simulator, cable) => {
          simulators.paymentTerminal = simulator;
          if (cable) cables.set('paymentTerminal', cable);
        },
        released: () => cables.delete('paymentTerminal'),
      });
    },
  };
  return { factory, simulators };
}

/** Where a simulated terminal is registered for tests (and its cable, on a PTY). */
interface SimulatorRegistry {
  simulated(simulator: ZvtTerminalSimulator, cable?: { unplug(): Promise<void>; replug(): Promise<void> }): void;
  released(): void;
}

/**
 * Opens the card terminal as the config says: a ZVT terminal on its serial port or LAN address,
 * the ZVT simulator (on a PTY, through the real serialport package, or on 127.0.0.1), or an
 * acquirer's pilot program by its profile.
 */
async function attachPaymentTerminal(
  config: PaymentTerminalConfig,
  options: DeviceFactoryOptions,
  registry: SimulatorRegistry,
): Promise<AttachedPaymentTerminal> {
  const { log } = options;
  if (config.kind === 'pilot') {
    const profile = await loadPaymentProfile(config.profile, {
      ...(options.paymentProfilesDir === undefined ? {} : { dir: options.paymentProfilesDir }),
    });
    const terminal = new PilotTerminal({
      profile,
      workingDir: config.workingDir,
      ...(config.command === undefined ? {} : { command: config.command }),
      ...(options.configDir === undefined ? {} : { baseDir: options.configDir }),
      // The run record has no card data and no slip.
      onRun: (run) => log.info({ run }, 'payment pilot run'),
    });
    return {
      terminal,
      address: `pilot ${profile.id} (${config.workingDir})`,
      simulated: false,
      close: () => terminal.close(),
    };
  }

  const codes = config.actionRefusedCodes?.map((code) => Number.parseInt(code, 16));
  const driver: ZvtTerminalOptions & Pick<CreateZvtTerminalOptions, 'backoff' | 'livenessCheckMs' | 'presencePollMs'> =
    {
      password: config.password,
      textEncoding: config.textEncoding,
      ...definedTimeouts(config.timeouts),
      ...(config.rrnTlvTag === undefined ? {} : { rrnTlvTag: config.rrnTlvTag }),
      ...(codes === undefined ? {} : { actionRefusedCodes: codes }),
      // Control fields and message kinds only: no amounts, no card data.
      onTrace: (event) => log.debug({ zvt: event }, 'zvt apdu'),
      ...(options.link?.backoff === undefined ? {} : { backoff: options.link.backoff }),
      ...(options.link?.livenessCheckMs === undefined ? {} : { livenessCheckMs: options.link.livenessCheckMs }),
      ...(options.link?.presencePollMs === undefined ? {} : { presencePollMs: options.link.presencePollMs }),
    };
  const connection = config.connection;
  switch (connection.kind) {
    case 'serial': {
      const { terminal, link } = createZvtTerminal({
        ...driver,
        connection: { kind: 'serial', target: serialTarget(connection), baudRate: connection.baudRate },
      });
      return { terminal, link, address: link.address, simulated: false, close: () => terminal.close() };
    }
    case 'tcp': {
      const { terminal, link } = createZvtTerminal({
        ...driver,
        connection: { kind: 'tcp', host: connection.host, port: connection.port },
      });
      return { terminal, link, address: link.address, simulated: false, close: () => terminal.close() };
    }
    case 'simulated': {
      const simulatorOptions = {
        stepDelayMs: connection.stepDelayMs,
        ...(connection.cardDelayMs === undefined ? {} : { cardDelayMs: connection.cardDelayMs }),
        password: config.password,
        textEncoding: config.textEncoding,
        ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
      };
      if (connection.transport === 'tcp') {
        const sim = await startSimulatedZvtTerminal({ ...simulatorOptions, connection: 'tcp' });
        const { terminal, link } = createZvtTerminal({
          ...driver,
          connection: { kind: 'tcp', host: sim.host, port: sim.port },
        });
        registry.simulated(sim.simulator);
        return {
          terminal,
          link,
          address: `${sim.host}:${sim.port}`,
          simulated: true,
          close: async () => {
            await terminal.close();
            await sim.close();
          },
        };
      }
      const sim = await startSimulatedZvtTerminal(simulatorOptions);
      const { terminal, link } = createZvtTerminal({
        ...driver,
        connection: { kind: 'serial', target: { path: sim.devicePath } },
      });
      registry.simulated(sim.simulator, sim);
      return {
        terminal,
        link,
        address: sim.devicePath,
        simulated: true,
        // The driver lets go of the port first, then the simulator and socat stop.
        close: async () => {
          await terminal.close();
          await sim.close();
          registry.released();
        },
      };
    }
  }
}

/** The config's ZVT timeouts that are set (an unset one keeps the driver's default). */
function definedTimeouts(
  timeouts: Extract<PaymentTerminalConfig, { kind: 'zvt' }>['timeouts'],
): Pick<ZvtTerminalOptions, 'ackTimeoutMs' | 'commandTimeoutMs' | 'statusTimeoutMs' | 'endOfDayTimeoutMs'> {
  return Object.fromEntries(Object.entries(timeouts ?? {}).filter(([, value]) => value !== undefined));
}

/** The config's `path` or `usb` as a target for `resolveSerialPort` (the schema ensures one). */
function serialTarget(connection: SerialLike): SerialPortTarget {
  if (connection.usb) {
    const { vendorId, productId, serialNumber } = connection.usb;
    return { usb: serialNumber === undefined ? { vendorId, productId } : { vendorId, productId, serialNumber } };
  }
  if (connection.path) return { path: connection.path };
  throw new Error('a serial connection needs "path" or "usb"');
}
