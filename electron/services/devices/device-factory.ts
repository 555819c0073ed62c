import { EscPosPrinter } from '../../../drivers/printer/escpos-printer';
import { loadPrinterProfile } from '../../../drivers/printer/load-printer-profile';
import { SerialScanner } from '../../../drivers/scanner/serial-scanner';
import { type EscPosPrinterSimulator, startSimulatedPrinter } from '../../../drivers/sim/escpos-printer-simulator';
import { type SerialScannerSimulator, startSimulatedScanner } from '../../../drivers/sim/serial-scanner-simulator';
import { SerialTransport } from '../../../drivers/transport/serial-transport';
import type { Logger } from '../logging/logger';
import type { AttachedPrinter, AttachedScanner, DeviceFactory } from './device-manager';

/** The simulators behind simulated devices, for `npm start`'s paper files, tests and benchmarks. */
export interface SimulatedDevices {
  printer?: EscPosPrinterSimulator;
  scanner?: SerialScannerSimulator;
}

/** Options of the device factory. */
export interface DeviceFactoryOptions {
  profilesDir: string;
  /** Where the simulated printer writes each ticket's paper as a text file. */
  paperDir: string;
  log: Logger;
}

/**
 * Opens devices as the config says: a real serial port, or a simulator on a pseudo-terminal.
 * Either way the kiosk's own driver talks to it through the real serialport package, so the
 * simulated path exercises the same code as a real printer.
 */
export function createDeviceFactory(options: DeviceFactoryOptions): {
  factory: DeviceFactory;
  simulators: SimulatedDevices;
} {
  const simulators: SimulatedDevices = {};
  const factory: DeviceFactory = {
    async attachPrinter(config) {
      const profile = await loadPrinterProfile(config.profile, { dir: options.profilesDir });
      const connection = config.connection;
      if (connection.kind === 'serial') {
        const printer = new EscPosPrinter(
          new SerialTransport({ path: connection.path, baudRate: connection.baudRate }),
          profile,
        );
        return { printer, address: connection.path, simulated: false, close: () => printer.close() };
      }
      const sim = await startSimulatedPrinter({
        profile,
        paperDir: options.paperDir,
        baudRate: connection.baudRate,
        onFault: (error) => options.log.warn({ err: error }, 'printer simulator fault'),
      });
      simulators.printer = sim.simulator;
      const printer = new EscPosPrinter(
        new SerialTransport({ path: sim.devicePath, baudRate: connection.baudRate }),
        profile,
      );
      const attached: AttachedPrinter = {
        printer,
        address: sim.devicePath,
        simulated: true,
        // The driver lets go of the port first, then the simulator and socat stop.
        close: async () => {
          await printer.close();
          await sim.close();
        },
      };
      return attached;
    },

    async attachScanner(config) {
      const connection = config.connection;
      const simulated =
        connection.kind === 'simulated' ? await startSimulatedScanner({ suffix: config.suffix }) : undefined;
      const path = connection.kind === 'serial' ? connection.path : (simulated?.devicePath ?? '');
      const scanner = new SerialScanner(new SerialTransport({ path, baudRate: connection.baudRate }), {
        suffix: config.suffix,
      });
      scanner.onFault((fault) => options.log.warn({ fault: fault.code }, 'scanner fault'));
      try {
        await scanner.open();
      } catch (error) {
        await scanner.close();
        await simulated?.close();
        throw error;
      }
      if (simulated) simulators.scanner = simulated.simulator;
      const attached: AttachedScanner = {
        scanner,
        address: path,
        simulated: simulated !== undefined,
        close: async () => {
          await scanner.close();
          await simulated?.close();
        },
      };
      return attached;
    },
  };
  return { factory, simulators };
}
