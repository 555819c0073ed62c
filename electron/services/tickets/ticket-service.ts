import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { ReceiptPrinter } from '../../../drivers/printer/receipt-printer';
import { followUrl } from '../../../kiosk-config/src/hub/follow-link';
import {
  availability,
  type CatalogueFile,
  type CatalogueService,
  type CatalogueView,
  type CheckInOutcome,
  type CheckInRequest,
  type CheckInResponse,
  type ErrorCode,
  fail,
  type HubTicket,
  type IssuedTicket,
  type KioskSetup,
  officeDate,
  officeIsoTime,
  officeTimeOfDay,
  officeWallClock,
  ok,
  parseBookingCode,
  type Result,
  type ScreenLanguage,
  type ServiceAvailability,
  type TicketIssueRequest,
  type TicketIssueResponse,
  type TicketOutboxPayloads,
  type TicketPrintState,
} from '../../../kiosk-config/src/index';
import { SerialExecutor } from '../../../kiosk-config/src/lib/serial-executor';
import type { HubFailure, HubResult } from '../hub/hub-client';
import type { OutboxWriter } from '../hub/outbox';
import type { Logger } from '../logging/logger';
import { PRINT_FAILURE_CODES, readyPrinter } from '../printing/printer-faults';
import { printedLanguage, type ReceiptPaper } from '../printing/receipt-paper';
import { crashPoint } from '../storage/crash-point';
import { presentContentCatalogue } from './content-catalogue';
import { matchOfflineBooking } from './offline-bookings';
import {
  formatOfflineNumber,
  OFFLINE_NUMBERS_PER_DAY,
  offlineSeries,
  parseOfflineNumber,
  TicketCounter,
} from './ticket-counter';
import { type JournalEntry, type JournaledTicket, type PrintedState, TicketJournal } from './ticket-journal';
import { ticketReceipt } from './ticket-receipt';
import { TICKET_WORDS } from './ticket-words';

/**
 * Where a crash test may kill the kiosk (`OKNO_CRASH_AT`, see `storage/crash-point.ts`), in the
 * order a ticket passes them. Each sits between two durable steps.
 */
export const TICKET_CRASH_POINTS = [
  /** `requested` is journaled; the hub is not asked yet. */
  'ticket:after-requested',
  /** The hub issued the ticket; the kiosk has not journaled it. */
  'ticket:after-hub',
  /** Offline: the number is reserved in the counter; the ticket is not journaled. */
  'ticket:after-reserve',
  /** `issued` is journaled (online or offline); nothing printed. */
  'ticket:after-journal',
  /** Offline: `ticket.offline` is in the outbox; `outboxed` is not journaled. */
  'ticket:after-outbox',
  /** The printer confirmed the ticket; `printed` is not journaled. */
  'ticket:after-print',
] as const;

/** The hub calls the ticket service makes (the hub client's, in production). */
export interface TicketHub {
  issueTicket(request: TicketIssueRequest): Promise<HubResult<TicketIssueResponse>>;
  checkIn(request: CheckInRequest): Promise<HubResult<CheckInResponse>>;
}

/** What the ticket service needs from the rest of the kiosk. */
export interface TicketServiceDeps {
  /** The office and zone from the config: used until the hub's setup is known. */
  office: { id: string; name: string };
  timeZone: string;
  /** The config's catalogue file: shown until the hub's setup is known (a first run without hub). */
  catalogue: CatalogueFile;
  /** The hub's setup now (fetched or cached; `KioskSetupStore.setup`), or undefined. */
  setup: () => KioskSetup | undefined;
  /**
   * The current content release's catalogue, or undefined (none, or no content channel): shown
   * over the setup's by `presentContentCatalogue` (content-catalogue.ts). It changes only when the
   * content switches, which waits for a moment without a visitor.
   */
  contentCatalogue?: () => CatalogueFile | undefined;
  hub: TicketHub;
  /** Folder for the counter and the daily journals (`<dataDir>/tickets` is used). */
  dataDir: string;
  /** The printer now, or null when none is configured or connected. */
  printer: () => ReceiptPrinter | null;
  /** Where `ticket.*` items go for the hub (ids, numbers and service ids only). */
  outbox: OutboxWriter;
  /**
   * The receipt printer's paper: its columns (the number's size is chosen by them) and the
   * languages its code page prints (a ticket's words print in the visitor's only where it can).
   */
  paper: ReceiptPaper;
  /** The last line of every ticket (`tickets.footer` in the config); empty: none. */
  footer: string;
  /** Whether an office (A4) printer is configured, for `CatalogueView.a4Printer`. */
  a4Printer: boolean;
  log: Logger;
  now?: () => Date;
}

/** Hub failures where the request certainly never reached the hub: nothing to tell it to drop. */
const NEVER_SENT: ReadonlySet<HubFailure['code']> = new Set(['not_configured', 'not_enrolled', 'circuit_open']);

/** How the hub's refusals of a walk-in ticket reach the UI. */
const REFUSAL_CODES: Record<Exclude<TicketIssueResponse['outcome'], 'issued'>, ErrorCode> = {
  closed: 'office_closed',
  booking_required: 'booking_required',
  unknown_service: 'unknown_service',
  numbers_exhausted: 'numbers_exhausted',
};

/** What a ticket is printed and answered with, beside the journaled ticket. */
interface Delivery {
  file: string;
  ticket: JournaledTicket;
  service: CatalogueService | undefined;
  printer: ReceiptPrinter;
  context: Context;
  /** The visitor's language, asked for the ticket's words. */
  language: ScreenLanguage;
}

/** The catalogue, zone and office in use: the hub's setup when known, else the config's. */
interface Context {
  /** What the screens show: `known`, or the content's catalogue laid over it. */
  catalogue: CatalogueFile;
  /** The catalogue the hub runs the queue by: the setup's, else the config's file. */
  known: CatalogueFile;
  timeZone: string;
  officeName: string;
  setup: KioskSetup | undefined;
}

/**
 * Issues queue tickets: the hub numbers them (`POST /v1/tickets`), the kiosk prints them; while
 * the hub cannot be reached, the kiosk numbers them from its own reserved block (`Б-К1-01`) and
 * tells the hub through the outbox. Booked visitors check in with their code for a priority
 * ticket; offline, against the setup's hashed list of today's bookings.
 *
 * Every step is journaled with fsync before the next is acted on (`ticket-journal.ts`), and
 * `recover` finishes at start whatever a crash interrupted, so no ticket is lost or counted
 * twice. One ticket at a time, so two taps never share a number or interleave on paper.
 */
export class TicketService {
  readonly #counter: TicketCounter;
  readonly #journal: TicketJournal;
  readonly #queue = new SerialExecutor();
  #lastPresented: { known: CatalogueFile; content: CatalogueFile; catalogue: CatalogueFile } | undefined;

  constructor(private readonly deps: TicketServiceDeps) {
    const dir = path.join(deps.dataDir, 'tickets');
    this.#journal = new TicketJournal(dir, deps.log);
    this.#counter = new TicketCounter(path.join(dir, 'counter.json'));
  }

  /** The daily journals (for the retention schedule, which prunes old days). */
  get journal(): TicketJournal {
    return this.#journal;
  }

  /** The catalogue as the UI shows it, with whether each service takes tickets now. */
  catalogue(): CatalogueView {
    const context = this.#context();
    const at = this.#now();
    const services = context.catalogue.services.map((service) => ({
      id: service.id,
      categoryId: service.categoryId,
      name: service.name,
      ...(service.summary !== undefined ? { summary: service.summary } : {}),
      prefix: service.prefix,
      documents: [...service.documents],
      availability: serviceAvailability(service, context, at),
    }));
    return {
      categories: context.catalogue.categories.map((c) => ({ id: c.id, name: c.name })),
      services,
      office: officeAvailability(
        services.map((s) => s.availability),
        context,
        at,
      ),
      a4Printer: this.deps.a4Printer,
    };
  }

  /** The catalogue in force now: the hub's setup's, else the config's file. */
  currentCatalogue(): CatalogueFile {
    return this.#context().catalogue;
  }

  /** Issues and prints a walk-in ticket; refusals and device faults come back as results. */
  issue(serviceId: string, language: ScreenLanguage = 'ru'): Promise<Result<IssuedTicket>> {
    return this.#queue.run(() => this.#issueNow(serviceId, language));
  }

  /** Checks in a booking by its code (typed or scanned) and prints a priority ticket. */
  checkIn(code: string, language: ScreenLanguage = 'ru'): Promise<Result<CheckInOutcome>> {
    return this.#queue.run(() => this.#checkInNow(code, language));
  }

  /**
   * Finishes what a crash interrupted, from the journals of today and yesterday (office dates):
   * a request the hub may have answered is abandoned (`ticket.abandoned`); an offline ticket
   * not yet in the outbox is put there (the hub merges it once by its id); a ticket whose print
   * outcome was not reported is reported (`unknown` when the crash came mid-print: the paper may
   * have come out, and the ticket stays valid). The offline counter is moved past every number
   * found. Called once at start, before the service takes calls.
   */
  recover(): Promise<void> {
    return this.#queue.run(() => this.#recoverNow());
  }

  #now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  #context(): Context {
    const setup = this.deps.setup();
    const known = setup ? setup.catalogue : this.deps.catalogue;
    const catalogue = this.#presented(known, this.deps.contentCatalogue?.());
    return setup
      ? { catalogue, known, timeZone: setup.timeZone, officeName: setup.office.name, setup }
      : { catalogue, known, timeZone: this.deps.timeZone, officeName: this.deps.office.name, setup: undefined };
  }

  /** `known` with the content's catalogue over it; worked out (and logged) once per change of either. */
  #presented(known: CatalogueFile, content: CatalogueFile | undefined): CatalogueFile {
    if (content === undefined) return known;
    const last = this.#lastPresented;
    if (last !== undefined && last.known === known && last.content === content) return last.catalogue;
    const presented = presentContentCatalogue(known, content);
    const { log } = this.deps;
    if (presented === undefined) {
      log.warn({}, "content catalogue: the hub knows none of its services; the hub's catalogue is shown");
    } else {
      if (presented.unknownServices.length > 0) {
        log.warn(
          { serviceIds: presented.unknownServices.slice(0, 50) },
          'content catalogue: services the hub does not know are left out',
        );
      }
      if (presented.hubRulesKept.length > 0) {
        log.info(
          { serviceIds: presented.hubRulesKept.slice(0, 50) },
          "content catalogue: hours or fees differ from the hub's; the hub's are kept",
        );
      }
      log.info({ services: presented.catalogue.services.length }, 'content catalogue in use');
    }
    const catalogue = presented?.catalogue ?? known;
    this.#lastPresented = { known, content, catalogue };
    return catalogue;
  }

  async #issueNow(serviceId: string, language: ScreenLanguage): Promise<Result<IssuedTicket>> {
    const { log } = this.deps;
    const context = this.#context();
    const at = this.#now();
    const service = context.catalogue.services.find((s) => s.id === serviceId);
    if (!service) return fail('unknown_service', `no service "${serviceId.slice(0, 64)}" in the catalogue`);
    if (service.bookingRequired) return fail('booking_required', 'this service is by appointment only');
    const hours = availability(service.hours ?? context.catalogue.hours, at, context.timeZone);
    if (!hours.open) {
      const opens = hours.opensAt ? `; opens ${hours.opensAt.weekday} ${hours.opensAt.time}` : '';
      return fail('office_closed', `outside the service's hours${opens}`);
    }
    // Refuse before a number is spent when the printer already says it cannot print.
    const ready = await readyPrinter(this.deps.printer());
    if (!ready.ok) return ready;
    const printer = ready.value;

    const ticketId = randomUUID();
    const file = await this.#journalFile(at, context);
    await this.#journal.append(file, {
      event: 'requested',
      ticketId,
      kind: 'walk_in',
      serviceId,
      at: at.toISOString(),
    });
    crashPoint('ticket:after-requested');

    const answer = await this.deps.hub.issueTicket({ ticketId, serviceId });
    if (answer.ok) {
      const response = answer.value;
      if (response.outcome === 'issued') {
        crashPoint('ticket:after-hub');
        const ticket = journaledFromHub(response.ticket);
        return this.#deliver({ file, ticket, service, printer, context, language });
      }
      await this.#journal.append(file, { event: 'refused', ticketId, outcome: response.outcome });
      log.info({ serviceId, outcome: response.outcome }, 'the hub refused the ticket');
      return fail(REFUSAL_CODES[response.outcome], `the hub answered ${response.outcome}`);
    }

    if (answer.error.code === 'rate_limited') return this.#refuseLimited(file, ticketId, answer.error);
    // The hub did not answer: the visitor gets a ticket from the kiosk's offline block.
    await this.#closeUnanswered(file, ticketId, answer.error);
    log.warn({ serviceId, failure: answer.error.code }, 'the hub did not issue the ticket; issuing offline');
    return this.#issueOffline(file, service, printer, context, at, language);
  }

  /**
   * Numbers a ticket from the kiosk's offline block, journals it, puts it in the outbox and prints
   * it. With `booking`, an offline check-in: a priority ticket that names the booking by its hash.
   */
  async #issueOffline(
    file: string,
    service: CatalogueService,
    printer: ReceiptPrinter,
    context: Context,
    at: Date,
    language: ScreenLanguage,
    booking?: { codeHash: string; slotAt: string },
  ): Promise<Result<IssuedTicket>> {
    const { setup } = context;
    if (!setup) {
      return fail('hub_unreachable', 'the hub is unreachable and never sent the setup that offline tickets need');
    }
    const series = offlineSeries(service.prefix, setup.offlineTag);
    const reserved = await this.#counter.reserve(series, officeDate(at, context.timeZone), OFFLINE_NUMBERS_PER_DAY);
    if (reserved === undefined) {
      this.deps.log.warn({ series }, 'offline block used up for today');
      return fail('numbers_exhausted', `all ${OFFLINE_NUMBERS_PER_DAY} offline numbers of ${series} are used today`);
    }
    crashPoint('ticket:after-reserve');
    // The `o_` marks an offline ticket's link: the hub answers it before it has the ticket.
    const followToken = `o_${randomBytes(16).toString('base64url')}`;
    const ticket: JournaledTicket = {
      ticketId: randomUUID(),
      number: formatOfflineNumber(service.prefix, setup.offlineTag, reserved.value),
      serviceId: service.id,
      // To the millisecond, with the kiosk's sequence: the hub orders the queue by both.
      issuedAt: officeIsoTime(at, context.timeZone, { milliseconds: true }),
      source: 'offline',
      priority: booking !== undefined,
      peopleAhead: null,
      wait: null,
      followUrl: followUrl(setup.followBaseUrl, followToken),
      followToken,
      kioskSeq: reserved.sequence,
      ...(booking === undefined ? {} : { slotStart: booking.slotAt, bookingCodeHash: booking.codeHash }),
    };
    await this.#journal.append(file, { event: 'issued', ...ticket });
    crashPoint('ticket:after-journal');
    await this.#outboxOffline(file, ticket);
    return this.#print({ file, ticket, service, printer, context, language });
  }

  /** Journals a ticket the hub issued, then prints it. */
  async #deliver(delivery: Delivery): Promise<Result<IssuedTicket>> {
    await this.#journal.append(delivery.file, { event: 'issued', ...delivery.ticket });
    crashPoint('ticket:after-journal');
    return this.#print(delivery);
  }

  /** Prints a journaled ticket, journals the outcome and reports it to the hub. */
  async #print({ file, ticket, service, printer, context, language }: Delivery): Promise<Result<IssuedTicket>> {
    const { log } = this.deps;
    const issuedAt = parseInstant(ticket.issuedAt) ?? this.#now();
    const offline = ticket.source === 'offline';
    const printedIn = printedLanguage(this.deps.paper, language, 'ticket', log);
    const words = TICKET_WORDS[printedIn];
    const face = ticketReceipt({
      officeName: context.officeName,
      number: ticket.number,
      serviceName: service?.name ?? words.bookedService,
      words,
      issuedAt: officeWallClock(issuedAt, context.timeZone),
      kind: offline ? 'offline' : ticket.priority ? 'booking' : 'queue',
      peopleAhead: ticket.peopleAhead,
      wait: ticket.wait,
      ...(ticket.slotStart !== undefined ? { slotTime: officeClockTime(ticket.slotStart, context.timeZone) } : {}),
      followUrl: ticket.followUrl,
      documents: service?.documents ?? [],
      footer: this.deps.footer,
      columns: this.deps.paper.columns,
    });
    const printed = await printer.print(face);
    if (printed.ok) crashPoint('ticket:after-print');
    const { ticketId, number } = ticket;
    const answer = (print: TicketPrintState): IssuedTicket => ({
      number,
      serviceId: ticket.serviceId,
      serviceName: service?.name ?? TICKET_WORDS.ru.bookedService,
      officeName: context.officeName,
      issuedAt: ticket.issuedAt,
      peopleAhead: offline ? null : ticket.peopleAhead,
      wait: offline ? null : ticket.wait,
      offline,
      priority: ticket.priority,
      documents: [...(service?.documents ?? [])],
      print,
      printedLanguage: printedIn,
    });
    if (printed.ok) {
      await this.#journal.append(file, { event: 'printed', ticketId, number });
      await this.#reportPrint(file, ticketId, 'yes');
      log.info({ number, serviceId: ticket.serviceId, offline }, 'ticket issued');
      return ok(answer('printed'));
    }
    // Nothing reached the printer: certainly not on paper. Otherwise the top of it (the number)
    // may be, so the hub keeps the ticket in the queue.
    const { error } = printed;
    const state: PrintedState = error.progress === 'not_sent' ? 'no' : 'unknown';
    await this.#journal.append(file, {
      event: 'print_failed',
      ticketId,
      number,
      reason: error.code,
      printed: state,
    });
    await this.#reportPrint(file, ticketId, state);
    if (error.progress === 'unconfirmed') {
      // Sent, but the printer never said it printed it (no GS r answer, the port lost after the
      // job): it may well be on paper, and it stands in the queue. The visitor must see the
      // number, to name it to staff if no paper came out.
      log.warn({ number, reason: error.code, detail: error.message }, 'ticket sent; the printer did not confirm it');
      return ok(answer('unconfirmed'));
    }
    log.warn({ number, reason: error.code, detail: error.message }, 'ticket not printed');
    return fail(PRINT_FAILURE_CODES[error.code], `the ticket was not printed: ${error.code}`);
  }

  async #checkInNow(raw: string, language: ScreenLanguage): Promise<Result<CheckInOutcome>> {
    const { log } = this.deps;
    const code = parseBookingCode(raw);
    if (code === undefined) {
      log.info({ outcome: 'invalid_code' }, 'booking check-in');
      return ok({ outcome: 'invalid_code' });
    }
    const ready = await readyPrinter(this.deps.printer());
    if (!ready.ok) return ready;
    const printer = ready.value;

    const context = this.#context();
    const at = this.#now();
    const ticketId = randomUUID();
    const file = await this.#journalFile(at, context);
    await this.#journal.append(file, { event: 'requested', ticketId, kind: 'booking', at: at.toISOString() });
    crashPoint('ticket:after-requested');

    const answer = await this.deps.hub.checkIn({ ticketId, code });
    const masked = maskBookingCode(code);
    if (!answer.ok && answer.error.code === 'rate_limited') return this.#refuseLimited(file, ticketId, answer.error);
    if (!answer.ok) {
      await this.#closeUnanswered(file, ticketId, answer.error);
      log.warn({ code: masked, failure: answer.error.code }, 'booking check-in: the hub did not answer');
      return this.#checkInOffline(file, code, printer, context, at, language);
    }
    const response = answer.value;
    log.info({ code: masked, outcome: response.outcome }, 'booking check-in');
    const zone = context.timeZone;
    if (response.outcome === 'issued') {
      crashPoint('ticket:after-hub');
      const service = serviceOf(context, response.serviceId);
      const ticket = { ...journaledFromHub(response.ticket), slotStart: response.slotStart };
      const issued = await this.#deliver({ file, ticket, service, printer, context, language });
      if (!issued.ok) return issued;
      return ok({ outcome: 'issued', ticket: issued.value, slotTime: officeClockTime(response.slotStart, zone) });
    }
    await this.#journal.append(file, { event: 'refused', ticketId, outcome: response.outcome });
    switch (response.outcome) {
      case 'too_early':
        return ok({
          outcome: 'too_early',
          slotTime: officeClockTime(response.slotStart, zone),
          opensAt: officeClockTime(response.opensAt, zone),
        });
      case 'too_late':
        return ok({ outcome: 'too_late', slotTime: officeClockTime(response.slotStart, zone) });
      case 'wrong_office':
        return ok({ outcome: 'wrong_office', officeName: response.officeName });
      case 'already_used':
        return ok({ outcome: 'already_used', ticketNumber: response.ticketNumber });
      case 'cancelled':
        return ok({ outcome: 'cancelled' });
      case 'not_found':
        return ok({ outcome: 'not_found' });
    }
  }

  /**
   * Checks a booking in without the hub, against the setup's hashed list of today's bookings: a
   * priority ticket from the offline block, which the hub marks used when it merges it (a code
   * used twice meanwhile, on two kiosks or online too, is shown to its operator). A code this
   * kiosk already used offline today is `already_used`; one not in the list (booked since the
   * last setup, another office's, or not a booking at all) only the hub can tell: `hub_unreachable`.
   */
  async #checkInOffline(
    file: string,
    code: string,
    printer: ReceiptPrinter,
    context: Context,
    at: Date,
    language: ScreenLanguage,
  ): Promise<Result<CheckInOutcome>> {
    const zone = context.timeZone;
    const match = matchOfflineBooking(context.setup, code, at);
    this.deps.log.info({ code: maskBookingCode(code), outcome: match.outcome }, 'booking check-in offline');
    switch (match.outcome) {
      case 'unknown':
        return fail('hub_unreachable', 'the hub is needed to check this booking in');
      case 'too_early':
        return ok({
          outcome: 'too_early',
          slotTime: officeClockTime(match.slotAt, zone),
          opensAt: officeTimeOfDay(match.opensAt, zone),
        });
      case 'too_late':
        return ok({ outcome: 'too_late', slotTime: officeClockTime(match.slotAt, zone) });
    }
    const usedBy = await this.#usedOfflineBy(file, match.codeHash);
    if (usedBy !== undefined) return ok({ outcome: 'already_used', ticketNumber: usedBy });
    const service = serviceOf(context, match.serviceId);
    if (!service) return fail('hub_unreachable', 'the booking names a service the catalogue lacks');
    const booking = { codeHash: match.codeHash, slotAt: match.slotAt };
    const issued = await this.#issueOffline(file, service, printer, context, at, language, booking);
    if (!issued.ok) return issued;
    return ok({ outcome: 'issued', ticket: issued.value, slotTime: officeClockTime(match.slotAt, zone) });
  }

  /** The number of today's offline ticket of this kiosk that used the booking, unless it never reached paper. */
  async #usedOfflineBy(file: string, codeHash: string): Promise<string | undefined> {
    const entries = await this.#journal.read(file);
    const notPrinted = new Set(
      entries.flatMap((e) => (e.event === 'print_failed' && e.printed === 'no' ? [e.ticketId] : [])),
    );
    const used = entries.find(
      (e): e is Extract<JournalEntry, { event: 'issued' }> =>
        e.event === 'issued' && e.bookingCodeHash === codeHash && !notPrinted.has(e.ticketId),
    );
    return used?.number;
  }

  /**
   * The hub answered 429: this kiosk (or its office) asked for too many tickets or check-ins, or
   * tried too many wrong booking codes. The hub issued nothing, so nothing is abandoned; and no
   * offline ticket is made, which would get round the limit. The visitor is asked to wait a
   * little (`rate_limited`), calmly.
   */
  async #refuseLimited(file: string, ticketId: string, failure: HubFailure): Promise<Result<never>> {
    await this.#journal.append(file, { event: 'refused', ticketId, outcome: 'rate_limited' });
    this.deps.log.warn({ retryAfterSeconds: failure.retryAfterSeconds }, 'the hub refused: rate limited');
    return fail('rate_limited', `the hub limits this kiosk now; retry in ${failure.retryAfterSeconds ?? '?'} s`);
  }

  /**
   * Closes a request the hub did not answer. If it may have reached the hub (a timeout, a lost
   * connection, a 5xx), the hub may have issued a ticket the visitor will never hold: it is told
   * to drop it (`ticket.abandoned`). An offline ticket, if any, gets a new id.
   */
  async #closeUnanswered(file: string, ticketId: string, failure: HubFailure): Promise<void> {
    if (NEVER_SENT.has(failure.code)) {
      await this.#journal.append(file, { event: 'unsent', ticketId, failure: failure.code });
      return;
    }
    if (await this.#enqueue('ticket.abandoned', { ticketId })) {
      await this.#journal.append(file, { event: 'abandoned', ticketId, failure: failure.code });
    }
  }

  /** Puts an offline ticket in the outbox for the hub, and journals that it is there. */
  async #outboxOffline(file: string, ticket: JournaledTicket): Promise<void> {
    if (ticket.followToken === undefined) return;
    const sent = await this.#enqueue('ticket.offline', {
      ticketId: ticket.ticketId,
      number: ticket.number,
      serviceId: ticket.serviceId,
      issuedAt: ticket.issuedAt,
      followToken: ticket.followToken,
      ...(ticket.kioskSeq === undefined ? {} : { kioskSeq: ticket.kioskSeq }),
      ...(ticket.bookingCodeHash === undefined || ticket.slotStart === undefined
        ? {}
        : { booking: { codeHash: ticket.bookingCodeHash, slotAt: ticket.slotStart } }),
    });
    if (!sent) return;
    crashPoint('ticket:after-outbox');
    await this.#journal.append(file, { event: 'outboxed', ticketId: ticket.ticketId });
  }

  /** Tells the hub whether a ticket reached paper, and journals that it was told. */
  async #reportPrint(file: string, ticketId: string, printed: PrintedState): Promise<void> {
    if (await this.#enqueue('ticket.print_outcome', { ticketId, printed })) {
      await this.#journal.append(file, { event: 'print_reported', ticketId, printed });
    }
  }

  /**
   * Records an item for the hub; false when the outbox could not (a full disk). The ticket goes
   * on regardless: the journal lacks the matching entry, so the next start's recovery retries.
   */
  async #enqueue<K extends keyof typeof TicketOutboxPayloads>(
    kind: K,
    payload: z.infer<(typeof TicketOutboxPayloads)[K]>,
  ): Promise<boolean> {
    try {
      await this.deps.outbox.enqueue(kind, payload);
      return true;
    } catch (error) {
      this.deps.log.error({ err: error, kind }, 'ticket item not recorded in the outbox; recovery retries it');
      return false;
    }
  }

  async #journalFile(at: Date, context: Context): Promise<string> {
    await mkdir(this.#journal.dir, { recursive: true });
    return this.#journal.fileFor(officeDate(at, context.timeZone));
  }

  async #recoverNow(): Promise<void> {
    const { log } = this.deps;
    const { timeZone } = this.#context();
    const at = this.#now();
    const today = officeDate(at, timeZone);
    const yesterday = officeDate(new Date(at.getTime() - 24 * 3_600_000), timeZone);
    const counts = { abandoned: 0, outboxed: 0, reported: 0 };
    for (const date of [...new Set([yesterday, today])]) {
      const file = this.#journal.fileFor(date);
      const tickets = groupByTicket(await this.#journal.read(file));
      for (const [ticketId, entries] of tickets) {
        const last = <E extends JournalEntry['event']>(event: E) =>
          entries.findLast((e): e is Extract<JournalEntry, { event: E }> => e.event === event);
        const has = (event: JournalEntry['event']) => last(event) !== undefined;
        const issued = last('issued');
        if (has('requested') && !issued && !has('refused') && !has('unsent') && !has('abandoned')) {
          // Asked, and no answer journaled: the hub may hold a ticket that never reached paper.
          if (await this.#enqueue('ticket.abandoned', { ticketId })) {
            await this.#journal.append(file, { event: 'abandoned', ticketId, failure: 'crash' });
            counts.abandoned += 1;
          }
        }
        if (!issued) continue;
        const offline = parseOfflineNumber(issued.number);
        if (issued.source === 'offline' && offline) {
          await this.#counter.ensurePast(offline.series, date, offline.value);
          if (issued.kioskSeq !== undefined) await this.#counter.ensureSequencePast(date, issued.kioskSeq);
          if (!has('outboxed')) {
            await this.#outboxOffline(file, issued);
            counts.outboxed += 1;
          }
        }
        if (!has('print_reported')) {
          const failed = last('print_failed');
          let state: PrintedState = has('printed') ? 'yes' : (failed?.printed ?? 'unknown');
          if (!has('printed') && !failed && !has('print_unknown')) {
            await this.#journal.append(file, { event: 'print_unknown', ticketId, number: issued.number });
            state = 'unknown';
          }
          await this.#reportPrint(file, ticketId, state);
          counts.reported += 1;
        }
      }
    }
    if (counts.abandoned + counts.outboxed + counts.reported > 0) {
      log.warn(counts, 'ticket journal: finished what a crash interrupted');
    }
  }
}

/** A ticket as the hub issued it, as the journal keeps it. */
function journaledFromHub(ticket: HubTicket): JournaledTicket {
  return {
    ticketId: ticket.ticketId,
    number: ticket.number,
    serviceId: ticket.serviceId,
    issuedAt: ticket.issuedAt,
    source: ticket.source,
    priority: ticket.priority,
    peopleAhead: ticket.peopleAhead,
    wait: ticket.wait,
    followUrl: ticket.followUrl,
  };
}

/** Journal entries grouped by ticket id, in the order tickets first appear. */
function groupByTicket(entries: JournalEntry[]): Map<string, JournalEntry[]> {
  const tickets = new Map<string, JournalEntry[]>();
  for (const entry of entries) {
    const list = tickets.get(entry.ticketId);
    if (list) list.push(entry);
    else tickets.set(entry.ticketId, [entry]);
  }
  return tickets;
}

/** A booking code for the logs: all but the last two digits hidden (`******42`). */
export function maskBookingCode(code: string): string {
  return `${'*'.repeat(Math.max(0, code.length - 2))}${code.slice(-2)}`;
}

function parseInstant(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `HH:MM` of an ISO instant on the office's wall clock (the text itself, if it is not a date). */
export function officeClockTime(iso: string, timeZone: string): string {
  const at = parseInstant(iso);
  if (!at) return iso.slice(11, 16);
  return officeTimeOfDay(at, timeZone);
}

/** A booked service by id: as shown, else as the hub knows it (a booking may be for a service the content does not show). */
function serviceOf(context: Context, serviceId: string): CatalogueService | undefined {
  return (
    context.catalogue.services.find((s) => s.id === serviceId) ?? context.known.services.find((s) => s.id === serviceId)
  );
}

function serviceAvailability(service: CatalogueService, context: Context, at: Date): ServiceAvailability {
  if (service.bookingRequired) return { state: 'booking_only' };
  return fromHours(availability(service.hours ?? context.catalogue.hours, at, context.timeZone));
}

function fromHours(hours: ReturnType<typeof availability>): ServiceAvailability {
  if (hours.open) return { state: 'open' };
  return hours.opensAt
    ? { state: 'closed', opensAt: { time: hours.opensAt.time, daysAhead: hours.opensAt.daysAhead } }
    : { state: 'closed' };
}

/**
 * The office as a whole: open when any service takes tickets now; otherwise closed, opening
 * when the first service does (or booking-only while its hours run and only bookings are taken).
 */
function officeAvailability(services: ServiceAvailability[], context: Context, at: Date): ServiceAvailability {
  if (services.some((s) => s.state === 'open')) return { state: 'open' };
  const office = fromHours(availability(context.catalogue.hours, at, context.timeZone));
  if (office.state === 'open' && services.some((s) => s.state === 'booking_only')) return { state: 'booking_only' };
  const next = services
    .flatMap((s) => (s.state === 'closed' && s.opensAt ? [s.opensAt] : []))
    .sort((a, b) => a.daysAhead - b.daysAhead || a.time.localeCompare(b.time))[0];
  return next ? { state: 'closed', opensAt: next } : { state: 'closed' };
}
