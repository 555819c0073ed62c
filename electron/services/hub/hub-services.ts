import { homedir } from 'node:os';
import path from 'node:path';
import type { HubConfig } from '../../../kiosk-config/src/index';
import { TypedEmitter } from '../../../kiosk-config/src/lib/typed-emitter';
import type { Logger } from '../logging/logger';
import { StartupStack } from '../startup-stack';
import { CredentialStore } from './credential-store';
import { EnrollmentRequestStore } from './enrollment-request-store';
import { HubContact } from './hub-contact';
import { HubLink } from './hub-link';
import { OutboxDelivery, type OutboxDeliveryOptions } from './outbox-delivery';
import { OutboxLanes } from './outbox-lanes';

/** Where the hub is, when the launcher started it (the embedded hub) or a test points elsewhere. */
export interface HubOverride {
  url: string;
  provisioningToken?: string;
  /**
   * DEMO ONLY: the embedded hub's own content root (`1.root.json`), trusted when the config names
   * none. A real kiosk ships its pinned root in its config (`content.trustedRootFile`).
   */
  trustedContentRoot?: string;
}

/** Options of `startHubServices`. */
export interface HubServicesOptions {
  config: HubConfig;
  /** Wins over the config's address and token (the embedded hub's URL is known only at launch). */
  override: HubOverride | undefined;
  kioskId: string;
  dataDir: string;
  log: Logger;
  /** Overrides where the credential key comes from (tests). */
  machineIdPath?: string;
  hostKeyPath?: string;
  /** Overrides the delivery loop's waits (tests). */
  delivery?: Pick<OutboxDeliveryOptions, 'initialDelayMs' | 'maxDelayMs' | 'random' | 'probeIntervalMs'>;
}

/** The hub side of the kiosk, started: identity and client, outbox and its delivery. */
export interface HubServices {
  link: HubLink;
  /** When the hub last answered and its clock's offset to the kiosk's (the technician's «Связь» page). */
  contact: HubContact;
  /** Offline tickets go in the first lane, delivered before the rest (`outbox-lanes.ts`). */
  outbox: OutboxLanes;
  delivery: OutboxDelivery;
  /**
   * Subscribes to the link's return (enrolled, or the circuit closed): e.g. fetch the setup again.
   * Returns the unsubscribe.
   */
  onLinkRestored(listener: () => void): () => void;
  close(): Promise<void>;
}

/**
 * Starts what talks to the hub: the link (credential, enrollment, client with breaker), the
 * durable outbox under `<dataDir>/outbox` (offline tickets in its first lane, `outbox/first`),
 * and the loop that delivers it, which probes the link while it is down so that delivery
 * starts within about a second of its return.
 *
 * The outbox opens before the link, so producers can record facts while the kiosk is still
 * enrolling or offline; delivery begins at once and simply waits while the hub is away.
 *
 * Each part is recorded on a start-up stack as it starts: a start that fails midway stops what
 * it had started (last first) and rethrows; `close()` stops the same parts in the same order.
 */
export async function startHubServices(options: HubServicesOptions): Promise<HubServices> {
  const parts = new StartupStack(options.log.child({ component: 'hub' }));
  try {
    return await startParts(parts, options);
  } catch (error) {
    await parts.stop();
    throw error;
  }
}

async function startParts(parts: StartupStack, options: HubServicesOptions): Promise<HubServices> {
  const { config, override, log, dataDir } = options;
  const hubLog = log.child({ component: 'hub' });
  const baseUrl = override?.url ?? (config.kind === 'remote' ? config.url : undefined);
  const provisioningToken = override
    ? override.provisioningToken
    : config.kind === 'remote'
      ? config.provisioningToken
      : undefined;

  const outbox = await OutboxLanes.open({ dir: path.join(dataDir, 'outbox'), log: hubLog });
  // The delivery loop subscribes below, once built (it needs the link); then whoever starts next.
  const restored = new TypedEmitter<[]>();
  const contact = new HubContact();
  const linkRestored = () => restored.emit();
  const link = parts.started(
    'hub link',
    await HubLink.start({
      kioskId: options.kioskId,
      baseUrl,
      ...(provisioningToken !== undefined ? { provisioningToken } : {}),
      requestStore: new EnrollmentRequestStore(path.join(dataDir, 'hub', 'enrollment-request.json')),
      requestTimeoutMs: config.requestTimeoutMs,
      circuitFailureThreshold: config.circuitFailureThreshold,
      circuitOpenMs: config.circuitOpenSeconds * 1000,
      store: new CredentialStore({
        file: path.join(dataDir, 'hub', 'credential.enc'),
        hostKeyPath: options.hostKeyPath ?? path.join(homedir(), '.config', 'okno', 'host.key'),
        ...(options.machineIdPath !== undefined ? { machineIdPath: options.machineIdPath } : {}),
      }),
      log: hubLog,
      contact,
      onEnrolled: linkRestored,
      onCircuitChange: (state) => {
        if (state === 'closed') linkRestored();
      },
    }),
    (started) => started.close(),
  );
  const delivery = new OutboxDelivery({
    outbox: outbox.rest,
    first: outbox.first,
    probe: () => link.probe(),
    ...options.delivery,
    post: (items) => link.client.postOutbox(items),
    log: hubLog,
    rejectedFile: path.join(dataDir, 'outbox', 'rejected.jsonl'),
  });
  restored.on(() => delivery.linkRestored());
  delivery.start();
  // The link closes first, as it always did: a post in flight is aborted, so the loop ends at once
  // instead of waiting out the request's timeout.
  parts.push('outbox delivery', () => {
    link.close();
    return delivery.stop();
  });

  return {
    link,
    contact,
    outbox,
    delivery,
    onLinkRestored: (listener) => restored.on(listener),
    close: () => parts.stop(),
  };
}
