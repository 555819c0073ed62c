import { availability } from '../../../kiosk-config/src/catalogue/working-hours';
import type {
  BusyHours,
  OfficeLoadIndex,
  OfficeLoadView,
  PublicOffice,
  QueueLoad,
} from '../../../kiosk-config/src/hub/office-load-api';
import { officeDate, officeIsoTime } from '../../../kiosk-config/src/time/office-time';
import type { OfficeRecord, TicketRecord } from '../../db/hub-repository';
import { busyHoursOf, sameWeekdaysBefore } from './busy-hours';
import { opensAtIso } from './office-clock';
import { loadOfficeContext, type OfficeContext } from './office-context';
import type { QueueDeps } from './queue-deps';
import { queueWait } from './queue-position';
import { ACTIVE_WINDOW_MINUTES } from './wait-estimator';

/**
 * The office's queue load for the public (docs/operations/fleet.md, «Public queue page»): counts
 * and the catalogue's names only. What is built here is all the page and the JSON can show, so
 * nothing personal can reach them: no ticket number, id, booking or follow link is copied out.
 */
export class OfficeLoadReader {
  readonly #deps: QueueDeps;
  /**
   * Busy hours by office and office day: history does not change during the day, and this is
   * the one heavier read (a month of one weekday's tickets). Emptied when it grows past a day's
   * worth of offices.
   */
  readonly #busyHours = new Map<string, BusyHours | null>();

  constructor(deps: QueueDeps) {
    this.#deps = deps;
  }

  /** The offices whose queue the hub runs, with the addresses of their page and JSON. */
  async index(): Promise<OfficeLoadIndex> {
    const base = this.#deps.followBaseUrl();
    const offices = await this.#deps.repository.listQueueOffices();
    return {
      offices: offices.map((office) => {
        const id = encodeURIComponent(office.id);
        return { ...publicOffice(office), pageUrl: `${base}/offices/${id}`, loadUrl: `${base}/v1/offices/${id}/load` };
      }),
    };
  }

  /** The office's load now; undefined for an unknown office or one without a catalogue (no queue). */
  async loadOf(officeId: string): Promise<OfficeLoadView | undefined> {
    const lookup = await loadOfficeContext(this.#deps.repository, officeId);
    if (!lookup.ok) return undefined;
    const context = lookup.value;
    const now = this.#deps.now();
    const today = officeDate(now, context.timeZone);
    const windowsSince = new Date(now.getTime() - ACTIVE_WINDOW_MINUTES * 60_000).toISOString();
    const waiting = (await this.#deps.repository.listQueue(officeId, today)).filter((t) => t.state === 'waiting');
    const queues = await Promise.all(
      prefixesOf(context, waiting).map((prefix) => this.#queueLoad(context, prefix, waiting)),
    );
    const open = availability(context.catalogue.hours, now, context.timeZone);
    const opensAt = opensAtIso(open, now, context.timeZone);
    return {
      office: publicOffice(context.office),
      // To the minute, as the page shows it: within a minute an unchanged office keeps its ETag.
      asOf: officeIsoTime(new Date(Math.floor(now.getTime() / 60_000) * 60_000), context.timeZone),
      open: open.open,
      ...(open.open ? { closesAt: open.closesAt } : {}),
      ...(opensAt === undefined ? {} : { opensAt }),
      windowsOpen: await this.#deps.repository.countOfficeCallingWindows(officeId, windowsSince),
      waiting: waiting.length,
      queues,
      busyHours: await this.#busyHoursOf(context, today),
    };
  }

  async #queueLoad(context: OfficeContext, prefix: string, waiting: readonly TicketRecord[]): Promise<QueueLoad> {
    const services = context.catalogue.services.filter((s) => s.prefix === prefix);
    // A walk-in taking a ticket now waits behind everyone waiting in the queue.
    const ahead = waiting.filter((t) => t.prefix === prefix);
    const { wait, windows } = await queueWait(this.#deps, context, prefix, ahead);
    return {
      prefix,
      services: services.map((s) => s.name),
      bookingOnly: services.length > 0 && services.every((s) => s.bookingRequired),
      waiting: ahead.length,
      windows,
      wait,
    };
  }

  async #busyHoursOf(context: OfficeContext, today: string): Promise<BusyHours | null> {
    const key = `${context.office.id}\n${today}`;
    const known = this.#busyHours.get(key);
    if (known !== undefined) return known;
    const issued = await this.#deps.repository.listIssueTimes(context.office.id, sameWeekdaysBefore(today));
    const busy = busyHoursOf(today, issued, context.timeZone);
    if (this.#busyHours.size >= 10_000) this.#busyHours.clear();
    this.#busyHours.set(key, busy);
    return busy;
  }
}

/** The catalogue's queues in its order, then any queue with waiting tickets it no longer lists. */
function prefixesOf(context: OfficeContext, waiting: readonly TicketRecord[]): string[] {
  return [...new Set([...context.catalogue.services.map((s) => s.prefix), ...waiting.map((t) => t.prefix)])];
}

function publicOffice(office: OfficeRecord): PublicOffice {
  return { id: office.id, name: office.name, ...(office.address === undefined ? {} : { address: office.address }) };
}
