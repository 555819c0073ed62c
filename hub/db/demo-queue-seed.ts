import demoCatalogueJson from '../../kiosk-config/defaults/demo-catalogue.json';
import { CatalogueFile } from '../../kiosk-config/src/catalogue/catalogue';
import { bookingCodeFromBody } from '../../kiosk-config/src/hub/booking-code';
import { officeDate } from '../../kiosk-config/src/time/office-time';
import { hashSecret } from '../server/credentials';
import type { BookingRecord, HubRepository, OfficeRecord } from './hub-repository';

/**
 * The queue's demo data (docs/queue.md, «Demo»): every demo office gets the kiosk's demo
 * catalogue; the demo office gets bookings dated from the seed time, so each check-in outcome can
 * be tried whenever the hub starts, and a day of served history in queue Б, so its wait estimates
 * are `recent` from the first ticket.
 */

/** The kiosk's demo catalogue (open every day 00:00–23:59, so the demo works at any hour). */
export const DEMO_CATALOGUE: CatalogueFile = CatalogueFile.parse(demoCatalogueJson);

/** Demo booking codes, one per check-in outcome; docs/queue.md lists them. */
export const DEMO_BOOKING_CODES = {
  /** Slot 5 minutes after the hub's start: checks in until 15 minutes after the start. */
  checksIn: bookingCodeFromBody('1234567'),
  /** Slot 3 hours after the start. */
  tooEarly: bookingCodeFromBody('2345678'),
  /** Slot 2 hours before the start. */
  tooLate: bookingCodeFromBody('3456789'),
  /** A booking at `mfc-demo-02`. */
  wrongOffice: bookingCodeFromBody('4567890'),
  /** Checked in yesterday. */
  used: bookingCodeFromBody('5678901'),
  cancelled: bookingCodeFromBody('6789012'),
} as const;

/** The booking-only service of the demo catalogue, which the demo bookings are for. */
export const DEMO_BOOKED_SERVICE_ID = 'cadastral-registration';

/** The queue whose recent service times are seeded. */
export const DEMO_HISTORY_PREFIX = 'Б';

/** Minutes each of yesterday's demo visitors in queue Б took, in order. */
export const DEMO_SERVICE_MINUTES: readonly number[] = [12, 9, 15, 11, 18, 14, 10, 16, 13, 20, 12, 17];

/** The id of the demo operator token created from the hub config's `demoOperatorToken`. */
export const DEMO_OPERATOR_TOKEN_ID = 'demo-operator';

const MINUTE = 60_000;

/** Fixed ids, so that seeding again updates these rows instead of adding more. */
function demoTicketId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}
const USED_BOOKING_TICKET_ID = demoTicketId(999);

/** Options of `seedDemoQueue`. */
export interface DemoQueueOptions {
  /** The seed time: bookings and history are dated from it. */
  now: Date;
  /** Creates (or updates) the demo office's operator token with this secret. */
  operatorToken?: string;
}

/** Writes the queue's demo data; idempotent, run at every start of a demo hub. */
export async function seedDemoQueue(
  repository: HubRepository,
  offices: readonly OfficeRecord[],
  options: DemoQueueOptions,
): Promise<void> {
  const { now } = options;
  const at = now.toISOString();
  for (const office of offices) await repository.setOfficeCatalogue(office.id, DEMO_CATALOGUE, at);
  const [home, other] = offices;
  if (!home || !other) throw new Error('the demo queue needs two demo offices');
  const zone = (await repository.findOffice(home.id))?.timeZone ?? 'Europe/Moscow';
  const yesterday = new Date(now.getTime() - 24 * 60 * MINUTE);
  const yesterdayDay = officeDate(yesterday, zone);

  // A day of served visitors in queue Б at two windows, yesterday at about this time.
  for (const [i, minutes] of DEMO_SERVICE_MINUTES.entries()) {
    const calledAt = yesterday.getTime() + i * 20 * MINUTE;
    await repository.recordServedTicket({
      ticketId: demoTicketId(i + 1),
      officeId: home.id,
      serviceId: i % 3 === 0 ? 'passport-foreign' : 'passport-rf',
      prefix: DEMO_HISTORY_PREFIX,
      day: yesterdayDay,
      source: 'kiosk',
      priority: false,
      issuedAt: new Date(calledAt - 10 * MINUTE).toISOString(),
      window: String((i % 2) + 1),
      calledAt: new Date(calledAt).toISOString(),
      finishedAt: new Date(calledAt + minutes * MINUTE).toISOString(),
    });
  }

  const used = await repository.recordServedTicket({
    ticketId: USED_BOOKING_TICKET_ID,
    officeId: home.id,
    serviceId: DEMO_BOOKED_SERVICE_ID,
    prefix: 'А',
    day: yesterdayDay,
    source: 'booking',
    priority: true,
    issuedAt: yesterday.toISOString(),
    window: '3',
    calledAt: new Date(yesterday.getTime() + 5 * MINUTE).toISOString(),
    finishedAt: new Date(yesterday.getTime() + 35 * MINUTE).toISOString(),
  });
  const slot = (minutesFromNow: number) => new Date(now.getTime() + minutesFromNow * MINUTE).toISOString();
  const booking = (code: string, slotStart: string, state: BookingRecord['state'] = 'booked'): BookingRecord => ({
    code,
    officeId: home.id,
    serviceId: DEMO_BOOKED_SERVICE_ID,
    slotStart,
    state,
  });
  const codes = DEMO_BOOKING_CODES;
  await repository.upsertBooking(booking(codes.checksIn, slot(5)));
  await repository.upsertBooking(booking(codes.tooEarly, slot(180)));
  await repository.upsertBooking(booking(codes.tooLate, slot(-120)));
  await repository.upsertBooking({ ...booking(codes.wrongOffice, slot(5)), officeId: other.id });
  await repository.upsertBooking({ ...booking(codes.used, used.issuedAt, 'checked_in'), ticketId: used.ticketId });
  await repository.upsertBooking(booking(codes.cancelled, slot(60), 'cancelled'));

  if (options.operatorToken !== undefined) {
    await repository.saveOperatorToken({
      id: DEMO_OPERATOR_TOKEN_ID,
      tokenHash: hashSecret(options.operatorToken),
      officeId: home.id,
      label: 'демо: все окна',
      createdAt: at,
    });
  }
}

/**
 * Keeps the demo's "checks in" booking usable for as long as a demo hub runs: while it is still
 * unused, its slot moves to 5 minutes from now (the seed's slot would be too late after 25
 * minutes). Once someone checks in with it, it stays used, as a real booking does.
 */
export async function refreshDemoBooking(repository: HubRepository, now: Date): Promise<void> {
  const booking = await repository.findBooking(DEMO_BOOKING_CODES.checksIn);
  if (booking === undefined || booking.state !== 'booked') return;
  await repository.upsertBooking({ ...booking, slotStart: new Date(now.getTime() + 5 * MINUTE).toISOString() });
}
