import { describe, expect, it } from 'vitest';
import type { PrinterStatus, PrintResult, ReceiptPrinter } from '../../../drivers/printer/receipt-printer';
import type { BarcodeScanner } from '../../../drivers/scanner/barcode-scanner';
import { within } from '../../../drivers/test-support/within';
import { FakeTransport } from '../../../drivers/transport/fake-transport';
import { ReconnectingTransport } from '../../../drivers/transport/reconnecting-transport';
import { TransportError } from '../../../drivers/transport/transport-error';
import type { DeviceStatus, PrinterConfig, ScannerConfig } from '../../../kiosk-config/src/index';
import { memoryLogger } from '../test-support';
import { type DeviceFactory, DeviceManager } from './device-manager';

/** A device behind a real ReconnectingTransport: unplug makes connects fail and drops the port. */
function pluggableLink(
  address: string,
  failure: () => Error = () => new TransportError('not connected', false, { code: 'not_found' }),
) {
  const device = { plugged: true, failure, current: null as FakeTransport | null };
  const link = new ReconnectingTransport({
    address,
    backoff: { initialMs: 5, maxMs: 20, jitter: 0 },
    stableAfterMs: 0,
    connect: async () => {
      if (!device.plugged) throw device.failure();
      const transport = new FakeTransport({ address: `${address}-port`, open: true });
      device.current = transport;
      return transport;
    },
  });
  return {
    link,
    device,
    unplug() {
      device.plugged = false;
      device.current?.disconnect();
    },
    replug() {
      device.plugged = true;
    },
  };
}

/**
 * A printer that answers from its link's state, counting status requests; the next `silentAsks`
 * requests go unanswered (a printer still starting up when its port is back).
 */
function linkedPrinter(link: ReconnectingTransport): ReceiptPrinter & { statusCalls: number; silentAsks: number } {
  return {
    address: link.address,
    statusCalls: 0,
    silentAsks: 0,
    async status(): Promise<PrinterStatus> {
      this.statusCalls++;
      const silent = this.silentAsks > 0;
      if (silent) this.silentAsks--;
      return link.isOpen && !silent
        ? { responding: true, problems: [] }
        : { responding: false, problems: ['not_responding'] };
    },
    async print(): Promise<PrintResult> {
      return { ok: true, value: { judgedBy: 'printer' } };
    },
    close: () => link.close(),
  };
}

const PRINTER: PrinterConfig = {
  profile: 'generic-80mm',
  connection: { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 },
};
const SCANNER = {
  connection: { kind: 'serial', usb: { vendorId: '1a86', productId: '7523' }, baudRate: 9600 },
  suffix: 'CR',
  framing: { kind: 'suffix' },
  prefix: '',
  charset: 'utf-8',
} as ScannerConfig;

function setUp(options: { listFails?: boolean } = {}) {
  const printerSide = pluggableLink('/dev/ttyUSB0');
  const scannerSide = pluggableLink('usb:1a86:7523', () =>
    options.listFails
      ? new TransportError('cannot list serial ports: spawn udevadm ENOENT', false, { code: 'list_failed' })
      : new TransportError('usb:1a86:7523 is not connected', false, { code: 'not_found' }),
  );
  const printer = linkedPrinter(printerSide.link);
  const scanner: BarcodeScanner = {
    address: 'usb:1a86:7523',
    onScan: () => () => undefined,
    close: () => scannerSide.link.close(),
  };
  const factory: DeviceFactory = {
    async attachPrinter() {
      await printerSide.link.open();
      return {
        printer,
        link: printerSide.link,
        address: printerSide.link.address,
        simulated: false,
        close: () => printer.close(),
      };
    },
    async attachScanner() {
      await scannerSide.link.open();
      return {
        scanner,
        link: scannerSide.link,
        address: scannerSide.link.address,
        simulated: false,
        close: () => scanner.close(),
      };
    },
    attachDocumentReader: () => Promise.reject(new Error('no document reader in this test')),
    attachPaymentTerminal: () => Promise.reject(new Error('no card terminal in this test')),
  };
  const changes: DeviceStatus[][] = [];
  const logger = memoryLogger();
  const manager = new DeviceManager({
    printer: PRINTER,
    scanner: SCANNER,
    factory,
    log: logger.log,
    onChange: (devices) => changes.push(devices),
    onScan: () => undefined,
    // Long enough never to run in a test: what is reported here comes from the links.
    pollMs: 60_000,
  });
  const next = (kind: 'printer' | 'scanner', test: (status: DeviceStatus) => boolean, what: string) =>
    within(
      new Promise<DeviceStatus>((resolve) => {
        const check = () => {
          const status = changes.at(-1)?.find((d) => d.kind === kind);
          if (status && test(status)) resolve(status);
          else setTimeout(check, 2);
        };
        check();
      }),
      2000,
      what,
    );
  return { manager, printerSide, scannerSide, printer, changes, logger, next };
}

describe('DeviceManager with links that reconnect', () => {
  it('reports a lost printer offline at once, has no printer for tickets, and reports it back', async () => {
    const { manager, printerSide, printer, next } = setUp();
    await manager.start();
    expect(manager.statuses()[0]).toMatchObject({
      kind: 'printer',
      connected: true,
      problems: [],
      address: '/dev/ttyUSB0',
    });
    expect(manager.printer).toBe(printer);

    printerSide.unplug();
    expect(await next('printer', (s) => !s.connected, 'printer offline')).toMatchObject({ problems: ['offline'] });
    expect(manager.printer).toBeNull();
    // Nothing is asked of a printer that is not there; the status stays "offline".
    const calls = printer.statusCalls;
    expect(await manager.refreshPrinterStatus()).toMatchObject({ connected: false, problems: ['offline'] });
    expect(printer.statusCalls).toBe(calls);

    printerSide.replug();
    expect(await next('printer', (s) => s.connected, 'printer back')).toMatchObject({ problems: [] });
    expect(printer.statusCalls).toBe(calls + 1);
    expect(manager.printer).toBe(printer);
    await manager.close();
  });

  it('asks again soon a printer that is back but does not answer at once, instead of waiting for the poll', async () => {
    const { manager, printerSide, printer, next } = setUp();
    await manager.start();
    printerSide.unplug();
    await next('printer', (s) => !s.connected, 'printer offline');
    // Its port is back before it answers (still starting, or its far end not listening yet).
    printer.silentAsks = 2;
    printerSide.replug();
    await next('printer', (s) => s.problems.includes('not_responding'), 'printer back but silent');
    // The poll is a minute away: only a quick second ask makes it ready within 2 s.
    expect(await next('printer', (s) => s.connected, 'printer answering')).toMatchObject({ problems: [] });
    expect(printer.statusCalls).toBeGreaterThanOrEqual(3);
    await manager.close();
  });

  it('asks an answering printer again at once when one poll goes unanswered, and reports nothing', async () => {
    const { manager, printer, changes } = setUp();
    await manager.start();
    const reported = changes.length;
    const calls = printer.statusCalls;
    // One ask lost (a busy moment): the home screen must not call the printer silent for it.
    printer.silentAsks = 1;
    expect(await manager.refreshPrinterStatus()).toMatchObject({ connected: true, problems: [] });
    expect(printer.statusCalls).toBe(calls + 2);
    expect(changes.length).toBe(reported);
    // Silent twice in a row: that is a silent printer.
    printer.silentAsks = 2;
    expect(await manager.refreshPrinterStatus()).toMatchObject({ connected: false, problems: ['not_responding'] });
    await manager.close();
  });

  it('reports a scanner by USB ids offline and back the same way', async () => {
    const { manager, scannerSide, next } = setUp();
    await manager.start();
    expect(manager.statuses()[1]).toMatchObject({ kind: 'scanner', connected: true, address: 'usb:1a86:7523' });
    scannerSide.unplug();
    await next('scanner', (s) => !s.connected && s.problems.includes('offline'), 'scanner offline');
    scannerSide.replug();
    await next('scanner', (s) => s.connected && s.problems.length === 0, 'scanner back');
    await manager.close();
  });

  it('logs a failing port listing as an error at each attempt, and "not connected" once per outage', async () => {
    const { manager, scannerSide, printerSide, logger, next } = setUp({ listFails: true });
    await manager.start();
    scannerSide.unplug();
    printerSide.unplug();
    await next('scanner', (s) => !s.connected, 'scanner offline');
    await new Promise((resolve) => setTimeout(resolve, 120));
    const lines = logger.lines();
    const listErrors = lines.filter((l) => l.msg === 'cannot look for the scanner');
    expect(listErrors.length).toBeGreaterThanOrEqual(2);
    expect(listErrors.every((l) => l.level === 50)).toBe(true);
    expect(lines.filter((l) => l.msg === 'printer not connected')).toHaveLength(1);
    expect(lines.filter((l) => l.msg === 'printer still not connected').length).toBeGreaterThanOrEqual(1);
    expect(lines.filter((l) => l.msg === 'printer lost; reconnecting')).toHaveLength(1);
    await manager.close();
  });

  it('stops listening to the links when closed', async () => {
    const { manager, printerSide, changes } = setUp();
    await manager.start();
    await manager.close();
    const count = changes.length;
    printerSide.replug();
    printerSide.device.current?.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(changes).toHaveLength(count);
  });
});

describe('DeviceManager.replace', () => {
  const at = (path: string): PrinterConfig => ({
    profile: 'generic-80mm',
    connection: { kind: 'serial', path, baudRate: 115200 },
  });

  it('lets go of the printer and attaches it on the new port, leaving the scanner alone', async () => {
    const links = new Map<string, ReturnType<typeof pluggableLink>>();
    const closed: string[] = [];
    const attachedScanners: string[] = [];
    const factory: DeviceFactory = {
      attachPrinter: async (config) => {
        const path = config.connection.kind === 'serial' ? (config.connection.path ?? '') : 'sim';
        const side = pluggableLink(path);
        links.set(path, side);
        await side.link.open();
        const printer = linkedPrinter(side.link);
        return {
          printer,
          link: side.link,
          address: path,
          simulated: false,
          close: async () => {
            closed.push(path);
            await printer.close();
          },
        };
      },
      attachScanner: async () => {
        attachedScanners.push('scanner');
        const side = pluggableLink('scanner');
        await side.link.open();
        const scanner: BarcodeScanner = { onScan: () => () => undefined } as unknown as BarcodeScanner;
        return { scanner, link: side.link, address: 'scanner', simulated: false, close: () => side.link.close() };
      },
      attachDocumentReader: async () => {
        throw new Error('none');
      },
      attachPaymentTerminal: async () => {
        throw new Error('none');
      },
    };
    const seen: DeviceStatus[][] = [];
    const manager = new DeviceManager({
      printer: at('/dev/ttyUSB0'),
      scanner: SCANNER,
      factory,
      log: memoryLogger().log,
      onChange: (devices) => seen.push(devices),
      onScan: () => undefined,
      pollMs: 10,
    });
    await manager.start();
    expect(manager.ready('printer')).toBe(true);

    await manager.replace('printer', at('/dev/ttyUSB1'));
    expect(closed).toEqual(['/dev/ttyUSB0']);
    expect(manager.printer?.address).toBe('/dev/ttyUSB1');
    expect(manager.ready('printer')).toBe(true);
    expect(manager.statuses().find((s) => s.kind === 'printer')?.address).toBe('/dev/ttyUSB1');
    expect(attachedScanners).toHaveLength(1);

    // The old link's events no longer move the printer's status.
    links.get('/dev/ttyUSB0')?.unplug();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(manager.ready('printer')).toBe(true);

    await manager.replace('printer', null);
    expect(manager.printer).toBeNull();
    expect(manager.statuses().some((s) => s.kind === 'printer')).toBe(false);
    await manager.close();
  });

  it('does not attach the old config again when its retry comes after a replace', async () => {
    let failFirst = true;
    const attachedPaths: string[] = [];
    const factory: DeviceFactory = {
      attachPrinter: async (config) => {
        const path = config.connection.kind === 'serial' ? (config.connection.path ?? '') : 'sim';
        if (failFirst) {
          failFirst = false;
          throw new Error('busy');
        }
        attachedPaths.push(path);
        const side = pluggableLink(path);
        await side.link.open();
        const printer = linkedPrinter(side.link);
        return { printer, link: side.link, address: path, simulated: false, close: () => printer.close() };
      },
      attachScanner: async () => {
        throw new Error('none');
      },
      attachDocumentReader: async () => {
        throw new Error('none');
      },
      attachPaymentTerminal: async () => {
        throw new Error('none');
      },
    };
    const manager = new DeviceManager({
      printer: at('/dev/ttyUSB0'),
      scanner: null,
      factory,
      log: memoryLogger().log,
      onChange: () => undefined,
      onScan: () => undefined,
      retryMs: 20,
    });
    await manager.start();
    await manager.replace('printer', at('/dev/ttyUSB1'));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(attachedPaths).toEqual(['/dev/ttyUSB1']);
    expect(manager.printer?.address).toBe('/dev/ttyUSB1');
    await manager.close();
  });
});
