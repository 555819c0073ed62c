import type { Migration } from '../migrate';
import { migration0001Initial } from './0001-initial';
import { migration0002Queue } from './0002-queue';
import { migration0003Payments } from './0003-payments';
import { migration0004OfflineBookings } from './0004-offline-bookings';
import { migration0005EnrollmentRequests } from './0005-enrollment-requests';
import { migration0006PaymentDisputes } from './0006-payment-disputes';
import { migration0008OutboxRetention } from './0008-outbox-retention';
import { migration0009ContentReleases } from './0009-content-releases';
import { migration0010FleetHealth } from './0010-fleet-health';
import { migration0011RemoteCommands } from './0011-remote-commands';
import { migration0012Console } from './0012-console';
import { migration0013ContentBlobGc } from './0013-content-blob-gc';
import { migration0014TechnicianAccess } from './0014-technician-access';
import { migration0015Help } from './0015-help';
import { migration0016Ratings } from './0016-ratings';
import { migration0017AlertNotificationClaims } from './0017-alert-notification-claims';

/**
 * Every schema change, in order. Append a new file (`0004-….ts`) and list it here; never edit
 * one that has shipped, because hubs in the field have already applied it.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  migration0001Initial,
  migration0002Queue,
  migration0003Payments,
  migration0004OfflineBookings,
  migration0005EnrollmentRequests,
  migration0006PaymentDisputes,
  migration0008OutboxRetention,
  migration0009ContentReleases,
  migration0010FleetHealth,
  migration0011RemoteCommands,
  migration0012Console,
  migration0013ContentBlobGc,
  migration0014TechnicianAccess,
  migration0015Help,
  migration0016Ratings,
  migration0017AlertNotificationClaims,
];
