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
  const { repository } = deps;
  const ahead = ticketsAhead(await repository.listQueue(ticket.officeId, ticket.day), ticket);
  if (ahead.length === 0) return { peopleAhead: 0, wait: null };
  const now = deps.now().getTime();
  const samplesSince = new Date(now - SAMPLE_DAYS * 86_400_000).toISOString();
  const windowsSince = new Date(now - ACTIVE_WINDOW_MINUTES * 60_000).toISOString();
  const durations = await repository.listServiceDurations(ticket.officeId, ticket.prefix, samplesSince, SAMPLE_LIMIT);
  const windows = await repository.countCallingWindows(ticket.officeId, ticket.prefix, windowsSince);
  const typicalMinutesAhead = ahead.reduce(
    (sum, t) => sum + (findService(context, t.serviceId)?.typicalMinutes ?? FALLBACK_TYPICAL_MINUTES),
    0,
  );
  return {
    peopleAhead: ahead.length,
    wait: estimateWait({
      peopleAhead: ahead.length,
      serviceMinutes: durations.map((ms) => ms / 60_000),
      windows,
      typicalMinutesAhead,
    }),
  };
}
