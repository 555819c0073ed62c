import type { WaitEstimate } from '../../../kiosk-config/src/hub/queue-api';
import type { TicketRecord } from '../../db/hub-repository';
import { findService, type OfficeContext } from './office-context';
import type { QueueDeps } from './queue-deps';
import { ticketsAhead } from './queue-order';
import { ACTIVE_WINDOW_MINUTES, estimateWait, SAMPLE_DAYS, SAMPLE_LIMIT } from './wait-estimator';

/** Where a ticket stands: who is ahead and how long that may take. */
export interface TicketPosition {
  peopleAhead: number;
  wait: WaitEstimate | null;
}

/** The catalogue's default, for a ticket of a service the catalogue no longer has. */
const FALLBACK_TYPICAL_MINUTES = 15;

/** Gathers the estimate's numbers for a ticket from the office's queue and recent history. */
export async function positionOf(
  deps: QueueDeps,
  context: OfficeContext,
  ticket: TicketRecord,
): Promise<TicketPosition> {
  if (ticket.state !== 'waiting') return { peopleAhead: 0, wait: null };
  const ahead = ticketsAhead(await deps.repository.listQueue(ticket.officeId, ticket.day), ticket);
  if (ahead.length === 0) return { peopleAhead: 0, wait: null };
  return { peopleAhead: ahead.length, wait: (await queueWait(deps, context, ticket.prefix, ahead)).wait };
}

/**
 * How long one waits behind `ahead` (waiting tickets of queue `prefix`), by the queue's recent
 * service times and the windows that serve it now; with the number of those windows (the
 * public load page shows them). The wait is null with nobody ahead.
 */
export async function queueWait(
  deps: QueueDeps,
  context: OfficeContext,
  prefix: string,
  ahead: readonly TicketRecord[],
): Promise<{ wait: WaitEstimate | null; windows: number }> {
  const { repository } = deps;
  const officeId = context.office.id;
  const now = deps.now().getTime();
  const windowsSince = new Date(now - ACTIVE_WINDOW_MINUTES * 60_000).toISOString();
  const windows = await repository.countCallingWindows(officeId, prefix, windowsSince);
  if (ahead.length === 0) return { wait: null, windows };
  const samplesSince = new Date(now - SAMPLE_DAYS * 86_400_000).toISOString();
  const durations = await repository.listServiceDurations(officeId, prefix, samplesSince, SAMPLE_LIMIT);
  const typicalMinutesAhead = ahead.reduce(
    (sum, t) => sum + (findService(context, t.serviceId)?.typicalMinutes ?? FALLBACK_TYPICAL_MINUTES),
    0,
  );
  const wait = estimateWait({
    peopleAhead: ahead.length,
    serviceMinutes: durations.map((ms) => ms / 60_000),
    windows,
    typicalMinutesAhead,
  });
  return { wait, windows };
}
