import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ReceiptPrinter } from '../../../drivers/printer/receipt-printer';
import {
  type CatalogueFile,
  type CatalogueView,
  fail,
  type IssuedTicket,
  ok,
  type Result,
} from '../../../kiosk-config/src/index';
import type { OutboxWriter } from '../hub/outbox';
import type { Logger } from '../logging/logger';
import { PRINT_FAILURE_CODES, readyPrinter } from '../printing/printer-faults';
import { appendLineDurably } from '../storage/durable-file';
import { officeDate, officeIsoTime, officeWallClock } from './office-time';
import { TicketCounter } from './ticket-counter';
import { ticketReceipt } from './ticket-receipt';

/** What the ticket service needs from the rest of the kiosk. */
export interface TicketServiceDeps {
  office: { id: string; name: string };
  timeZone: string;
  catalogue: CatalogueFile;
  /** Folder for the counter and the daily journals. */
  dataDir: string;
  /** The printer now, or null when none is configured or connected. */
  printer: () => ReceiptPrinter | null;
  /** Where `ticket.issued` goes for the hub (number and service only, no personal data). */
  outbox?: OutboxWriter;
  log: Logger;
  now?: () => Date;
}

/**
 * Issues queue tickets: checks the printer, reserves a number durably, journals the ticket,
 * prints it. One ticket at a time, so two taps never share a number or interleave on paper.
 */
export class TicketService {
  readonly #counter: TicketCounter;
  readonly #journalDir: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: TicketServiceDeps) {
    this.#journalDir = path.join(deps.dataDir, 'tickets');
    this.#counter = new TicketCounter(path.join(this.#journalDir, 'counter.json'));
  }

  /** The catalogue as the UI shows it. */
  catalogue(): CatalogueView {
    return {
      categories: this.deps.catalogue.categories,
      services: this.deps.catalogue.services.map((s) => ({ ...s, documents: [...s.documents] })),
    };
  }

  /** Issues and prints a ticket for a service; device faults come back as results. */
  issue(serviceId: string): Promise<Result<IssuedTicket>> {
    const run = this.#queue.then(() => this.#issueNow(serviceId));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #issueNow(serviceId: string): Promise<Result<IssuedTicket>> {
    const { log } = this.deps;
    const service = this.deps.catalogue.services.find((s) => s.id === serviceId);
    if (!service) return fail('unknown_service', `no service "${serviceId.slice(0, 64)}" in the catalogue`);
    // Refuse before a number is spent when the printer already says it cannot print.
    const ready = await readyPrinter(this.deps.printer());
    if (!ready.ok) return ready;
    const printer = ready.value;

    const at = (this.deps.now ?? (() => new Date()))();
    const date = officeDate(at, this.deps.timeZone);
    await mkdir(this.#journalDir, { recursive: true });
    const number = await this.#counter.next(service.prefix, date);
    const ticket: IssuedTicket = {
      number,
      serviceId: service.id,
      serviceName: service.name,
      officeName: this.deps.office.name,
      issuedAt: officeIsoTime(at, this.deps.timeZone),
    };
    const journal = path.join(this.#journalDir, `journal-${date}.jsonl`);
    await appendLineDurably(journal, JSON.stringify({ event: 'issued', ...ticket }));

    const printed = await printer.print(
      ticketReceipt({
        officeName: ticket.officeName,
        number,
        serviceName: service.name,
        issuedAt: officeWallClock(at, this.deps.timeZone),
      }),
    );
    await this.#tellHub(ticket, printed.ok);
    if (!printed.ok) {
      await appendLineDurably(journal, JSON.stringify({ event: 'print_failed', number, reason: printed.reason }));
      log.warn({ number, reason: printed.reason, detail: printed.detail }, 'ticket not printed');
      return fail(PRINT_FAILURE_CODES[printed.reason], `the ticket was not printed: ${printed.reason}`);
    }
    await appendLineDurably(journal, JSON.stringify({ event: 'printed', number }));
    log.info({ number, serviceId: service.id }, 'ticket issued');
    return ok(ticket);
  }

  /** Records the issued number for the hub (a few ms of fsync); the ticket never fails on it. */
  async #tellHub(ticket: IssuedTicket, printed: boolean): Promise<void> {
    await this.deps.outbox
      ?.enqueue('ticket.issued', { number: ticket.number, serviceId: ticket.serviceId, printed })
      .catch((error: unknown) => this.deps.log.error({ err: error }, 'ticket.issued not recorded in the outbox'));
  }
}
