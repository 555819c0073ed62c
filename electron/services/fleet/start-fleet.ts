import { statfs } from 'node:fs/promises';
import type { KioskConfig } from '../../../kiosk-config/src/index';
import type { KioskContent } from '../content/start-content';
import type { DeviceManager } from '../devices/device-manager';
import type { HubServices } from '../hub/hub-services';
import type { KioskEvents } from '../kiosk-events';
import type { Logger } from '../logging/logger';
import type { PaymentService } from '../payments/payment-service';
import type { StartupStack } from '../startup-stack';
import type { StatFs } from '../storage/disk-space';
import { HealthReporter } from './health-reporter';
import type { ServiceMode } from './service-mode';

/** What fleet health is started with. */
export interface FleetStart {
  config: KioskConfig['fleet'];
  appVersion: string;
  dataDir: string;
  hub: HubServices;
  devices: DeviceManager;
  payments: PaymentService;
  content: KioskContent;
  /** In service or not (the remote commands' out-of-service mode). */
  serviceMode: Pick<ServiceMode, 'remote' | 'screenFailing'>;
  events: KioskEvents;
  log: Logger;
  statfs?: StatFs;
}

/**
 * Starts the kiosk's health reporting on the start-up stack: the state goes to the outbox on
 * each change of a device (`devices.changed` on the events bus), of the service mode
 * (`kiosk.serviceModeChanged`) or of the content's state, and to the hub every heartbeat.
 */
export async function startFleet(stack: StartupStack, start: FleetStart): Promise<HealthReporter> {
  const log = start.log.child({ component: 'fleet' });
  const readStatfs = start.statfs ?? statfs;
  const reporter = new HealthReporter({
    appVersion: start.appVersion,
    startedAt: new Date().toISOString(),
    heartbeatMs: start.config.heartbeatSeconds * 1000,
    devices: () => start.devices.statuses(),
    dayClosedAt: () => start.payments.lastEndOfDayAt,
    paymentsNeedingAttention: () =>
      start.payments.journal.all().filter((payment) => payment.state === 'needs_attention').length,
    contentVersion: () => start.content.currentVersion(),
    freeDiskBytes: async () => {
      const stats = await readStatfs(start.dataDir);
      return Number(stats.bavail) * Number(stats.bsize);
    },
    outboxBacklog: () => start.hub.outbox.pendingCount,
    heartbeat: (body) => start.hub.link.client.call('heartbeat', body),
    enqueue: (kind, payload) => start.hub.outbox.enqueue(kind, payload),
    log,
    // Out of service (the centre's command, or a page that keeps failing), or updating content:
    // part of the state (and its hash).
    modes: () => ({
      outOfService: !start.serviceMode.remote.inService,
      screenFailing: start.serviceMode.screenFailing,
      updating: start.content.updating(),
    }),
  });
  stack.push('fleet', () => reporter.close());
  const stopListening = start.events.on((name) => {
    if (name === 'devices.changed' || name === 'kiosk.serviceModeChanged') void reporter.refresh();
  });
  stack.push('fleet events', stopListening);
  stack.push(
    'fleet content',
    start.content.onStateReported(() => void reporter.refresh()),
  );
  await reporter.start();
  return reporter;
}
