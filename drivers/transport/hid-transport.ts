import { TypedEmitter } from '../../kiosk-config/src/lib/typed-emitter';
import type { ReportTransport } from './report-transport';
import { TransportError } from './transport-error';

/** The usage page of HID POS barcode scanners (USB HID Point of Sale Usage Tables). */
export const HID_POS_SCANNER_USAGE_PAGE = 0x8c;

/** A HID device as node-hid lists it (the fields the transport reads). */
export interface HidDeviceInfo {
  path?: string | undefined;
  vendorId: number;
  productId: number;
  usagePage?: number | undefined;
  usage?: number | undefined;
  product?: string | undefined;
}

/** An open HID device: the subset of node-hid's `HIDAsync` the transport uses. */
export interface HidDeviceHandle {
  on(event: 'data', listener: (data: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  removeAllListeners(): unknown;
  write(values: number[]): Promise<number>;
  sendFeatureReport(values: number[]): Promise<number>;
  close(): Promise<void>;
}

/** How the transport lists and opens HID devices: node-hid in the kiosk, a fake in tests. */
export interface HidBackend {
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidDeviceHandle>;
}

/**
 * The real backend: node-hid on its hidraw backend (Linux), loaded on first use so that a kiosk
 * without a HID device never loads the native module. hidraw, unlike node-hid's libusb backend,
 * needs no libusb and leaves the kernel's driver attached; the udev rules in
 * `build/linux/99-okno-devices.rules` give the kiosk user the scanner's `/dev/hidraw*` node.
 */
export function nodeHidBackend(): HidBackend {
  let loaded: Promise<typeof import('node-hid')> | undefined;
  const load = () => {
    loaded ??= import('node-hid').then((hid) => {
      hid.setDriverType('hidraw');
      return hid;
    });
    return loaded;
  };
  return {
    devices: async () => (await load()).devicesAsync(),
    open: async (path) => (await load()).HIDAsync.open(path),
  };
}

/** Options of `HidTransport`: a hidraw `path`, or ids (the HID POS interface of that device). */
export interface HidTransportOptions {
  /** `/dev/hidrawN`: exact, but may change on replug. */
  path?: string;
  vendorId?: number;
  productId?: number;
  /** Which collection to open when selecting by ids or by nothing (default 0x8C, HID POS scanner). */
  usagePage?: number;
  /** Lists and opens devices (default: node-hid, hidraw backend). */
  backend?: HidBackend;
}

/**
 * A `ReportTransport` over node-hid.
 *
 * Without a `path`, each `open()` looks the device up again (by ids and the HID POS usage page),
 * so a scanner unplugged and plugged back in, which may come back as another hidraw node, is
 * found by the next `open()`. A read error (the device went away) closes the transport and
 * reports the loss through `onClose`.
 */
export class HidTransport implements ReportTransport {
  readonly address: string;
  private readonly backend: HidBackend;
  private handle: HidDeviceHandle | null = null;
  private opening: Promise<void> | null = null;
  private readonly reportListeners = new TypedEmitter<[report: Uint8Array]>();
  private readonly closeListeners = new TypedEmitter<[error?: Error]>();

  constructor(private readonly options: HidTransportOptions = {}) {
    this.backend = options.backend ?? nodeHidBackend();
    this.address = options.path ?? describeIds(options);
  }

  get isOpen(): boolean {
    return this.handle !== null;
  }

  async open(): Promise<void> {
    if (this.handle) return;
    this.opening ??= this.openDevice().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async openDevice(): Promise<void> {
    const path = this.options.path ?? (await this.findPath());
    let handle: HidDeviceHandle;
    try {
      handle = await this.backend.open(path);
    } catch (error) {
      throw new TransportError(`cannot open ${path}: ${messageOf(error)}`, false, {
        cause: error,
        code: 'open_failed',
      });
    }
    this.handle = handle;
    handle.on('data', (data) => {
      // node-hid hands out a Buffer that it may reuse: keep a copy.
      const report = Uint8Array.from(data);
      this.reportListeners.emit(report);
    });
    handle.on('error', (error) => {
      if (this.handle !== handle) return;
      void this.drop(new TransportError(`${this.address} was lost: ${messageOf(error)}`, true, { cause: error }));
    });
  }

  /** The hidraw path of the configured device, looked up now. */
  private async findPath(): Promise<string> {
    let devices: HidDeviceInfo[];
    try {
      devices = await this.backend.devices();
    } catch (error) {
      throw new TransportError(`cannot list HID devices: ${messageOf(error)}`, false, {
        cause: error,
        code: 'list_failed',
      });
    }
    const usagePage = this.options.usagePage ?? HID_POS_SCANNER_USAGE_PAGE;
    const paths = new Set(
      devices
        .filter(
          (d) =>
            (this.options.vendorId === undefined || d.vendorId === this.options.vendorId) &&
            (this.options.productId === undefined || d.productId === this.options.productId) &&
            d.usagePage === usagePage &&
            d.path !== undefined,
        )
        .map((d) => d.path as string),
    );
    const [first, ...others] = [...paths];
    if (first === undefined) {
      throw new TransportError(`no HID device ${this.address} is attached`, false, { code: 'not_found' });
    }
    if (others.length > 0) {
      throw new TransportError(`${paths.size} HID devices match ${this.address}: give the ids or a path`, false, {
        code: 'ambiguous',
      });
    }
    return first;
  }

  async write(report: Uint8Array): Promise<void> {
    const handle = this.requireOpen();
    try {
      await handle.write(Array.from(report));
    } catch (error) {
      throw new TransportError(`write to ${this.address} failed: ${messageOf(error)}`, false, {
        cause: error,
        code: 'write_failed',
      });
    }
  }

  async sendFeatureReport(report: Uint8Array): Promise<void> {
    const handle = this.requireOpen();
    try {
      await handle.sendFeatureReport(Array.from(report));
    } catch (error) {
      throw new TransportError(`feature report to ${this.address} failed: ${messageOf(error)}`, false, {
        cause: error,
        code: 'write_failed',
      });
    }
  }

  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    await this.drop(undefined);
  }

  onReport(listener: (report: Uint8Array) => void): () => void {
    return this.reportListeners.on(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.closeListeners.on(listener);
  }

  private requireOpen(): HidDeviceHandle {
    if (!this.handle) throw new TransportError(`${this.address} is not open`);
    return this.handle;
  }

  /** Lets go of the device once; tells the listeners (with the error when it was lost). */
  private async drop(error: TransportError | undefined): Promise<void> {
    const handle = this.handle;
    if (!handle) return;
    this.handle = null;
    handle.removeAllListeners();
    // An 'error' after removeAllListeners would be thrown by the emitter: keep one sink.
    handle.on('error', () => {});
    // Closing a device that is already gone may fail too: it is released either way.
    await handle.close().catch(() => undefined);
    this.closeListeners.emit(error);
  }
}

function describeIds(options: HidTransportOptions): string {
  const hex = (id: number | undefined) => (id === undefined ? '*' : id.toString(16).padStart(4, '0'));
  if (options.vendorId === undefined && options.productId === undefined) {
    return `hid:usage-page-${(options.usagePage ?? HID_POS_SCANNER_USAGE_PAGE).toString(16)}`;
  }
  return `hid:${hex(options.vendorId)}:${hex(options.productId)}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
