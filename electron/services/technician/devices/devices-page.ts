import type { ReceiptPrinter } from '../../../../drivers/printer/receipt-printer';
import type { DeviceStatus, DevicesPageView, TechnicianDeviceView } from '../../../../kiosk-config/src/index';
import type { PaymentJournal } from '../../payments/payment-journal';
import { isUnsettled } from '../../payments/payment-state';
import type { DeviceReadings } from './device-readings';

/** The card terminal's day as the payments service keeps it: counts only, no payment's data. */
export function terminalDay(payments: {
  readonly lastEndOfDayAt: string | undefined;
  readonly journal: Pick<PaymentJournal, 'all'>;
}): NonNullable<TechnicianDeviceView['day']> {
  const lastClosedAt = payments.lastEndOfDayAt;
  const all = payments.journal.all();
  return {
    ...(lastClosedAt === undefined ? {} : { lastClosedAt }),
    paymentsSinceClose: all.filter(
      (payment) =>
        payment.transaction !== undefined && (lastClosedAt === undefined || payment.createdAt > lastClosedAt),
    ).length,
    unsettled: all.filter((payment) => isUnsettled(payment.state)).length,
  };
}

/** What the «Устройства» page is built from. */
export interface DevicesPageDeps {
  /** The configured devices' statuses, and the printer to ask its error causes. */
  devices: { statuses(): DeviceStatus[]; readonly printer: ReceiptPrinter | null };
  readings: Pick<DeviceReadings, 'lastScan'>;
  /** The card terminal's day, when card payments are configured. */
  day: () => TechnicianDeviceView['day'];
  printerProfile?: string;
  now?: () => Date;
}

/**
 * The «Устройства» page's view: each configured device's live status with the last problem it
 * reported (kept from every `devices.changed` since the kiosk started), the printer's error
 * causes, the scanner's last code during the technician mode, the card terminal's day.
 */
export class DevicesPage {
  readonly #lastFaults = new Map<string, NonNullable<TechnicianDeviceView['lastFault']>>();

  constructor(private readonly deps: DevicesPageDeps) {}

  /** Told of every change of the devices' statuses (`devices.changed`). */
  devicesChanged(devices: readonly DeviceStatus[]): void {
    const at = (this.deps.now?.() ?? new Date()).toISOString();
    for (const device of devices) {
      const problems = device.problems.slice(0, 6);
      const last = this.#lastFaults.get(device.id);
      if (problems.length === 0 || last?.problems.join() === problems.join()) continue;
      this.#lastFaults.set(device.id, { problems, at });
    }
  }

  /** Every configured device now. */
  async view(): Promise<DevicesPageView> {
    const devices: TechnicianDeviceView[] = [];
    for (const status of this.deps.devices.statuses()) {
      const lastFault = this.#lastFaults.get(status.id);
      const view: TechnicianDeviceView = { status, ...(lastFault ? { lastFault } : {}) };
      if (status.kind === 'printer' && status.problems.includes('error')) {
        const causes = (await this.deps.devices.printer?.status())?.errorCauses;
        if (causes && causes.length > 0) view.errorCauses = causes;
      }
      if (status.kind === 'scanner') {
        const lastScan = this.deps.readings.lastScan;
        if (lastScan) view.lastScan = lastScan;
      }
      if (status.kind === 'payment_terminal') {
        const day = this.deps.day();
        if (day) view.day = day;
      }
      devices.push(view);
    }
    return {
      devices,
      ...(this.deps.printerProfile === undefined ? {} : { printerProfile: this.deps.printerProfile }),
    };
  }
}
