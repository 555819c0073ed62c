import type { Result } from '../../../kiosk-config/src/contract/result';
import type { HubErrorCode } from '../../../kiosk-config/src/hub/hub-api';
import type { HubRepository } from '../../db/hub-repository';
import type { BookingWindow } from '../hub-config';
import type { HubLogger } from '../hub-logger';

/** What the queue's functions need from the hub: storage, log, clock, addresses, settings. */
export interface QueueDeps {
  repository: HubRepository;
  logger: HubLogger;
  now: () => Date;
  /** Base of follow links: the hub config's `publicUrl`, else the address the hub listens on. */
  followBaseUrl: () => string;
  booking: BookingWindow;
  /** The hub's technician public key (raw Ed25519, base64url), given to kiosks in their setup. */
  technicianKey?: string;
}

/** An answer of the contract, or an error the route sends as a HubError. */
export type QueueAnswer<T> = Result<T, HubErrorCode, { retryAfterSeconds?: number }>;
