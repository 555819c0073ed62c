import { type CatalogueFile, fail, ok, type Result } from '../../../kiosk-config/src/index';
import { SerialExecutor } from '../../../kiosk-config/src/lib/serial-executor';
import type { Logger } from '../logging/logger';
import { renderDocumentsPdf } from './documents-pdf';
import type { OfficePrinter } from './office-printer';

/** What the documents printout needs from the rest of the kiosk. */
export interface DocumentsServiceDeps {
  /** The catalogue in force now (the hub may replace it while the kiosk runs). */
  catalogue: () => CatalogueFile;
  /** The office as printed at the top: `office.name` and `office.address` of the config. */
  office: { name: string; address?: string | undefined };
  /** IANA zone of the office (`kiosk.timeZone`), for the printed date. */
  timeZone: string;
  /** The closing line of the printout (`office.documentsFooter`). */
  footer: string;
  /** The office's A4 printer (`new OfficePrinter({ settings: config.officePrinter, log })`). */
  printer: OfficePrinter;
  log: Logger;
  now?: () => Date;
}

/**
 * Prints the full list of documents for a service on the office's A4 printer, on the visitor's
 * request from the service card. Without an office printer it answers `office_printer_unavailable`
 * and the screen shows the list instead.
 */
export class DocumentsService {
  readonly #queue = new SerialExecutor();

  constructor(private readonly deps: DocumentsServiceDeps) {}

  /** Whether a printout can be offered at all (`CatalogueView.a4Printer`). */
  get available(): boolean {
    return this.deps.printer.configured;
  }

  /** Renders and queues the list for a service; one job at a time, so a double tap queues two in order. */
  printDocuments(serviceId: string): Promise<Result<{ pages: number }>> {
    return this.#queue.run(() => this.#printNow(serviceId));
  }

  async #printNow(serviceId: string): Promise<Result<{ pages: number }>> {
    const service = this.deps.catalogue().services.find((s) => s.id === serviceId);
    if (!service) return fail('unknown_service', `no service "${serviceId.slice(0, 64)}" in the catalogue`);
    if (!this.deps.printer.configured) {
      return fail('office_printer_unavailable', 'no office printer is configured');
    }
    const { pdf, pages } = await renderDocumentsPdf({
      service,
      office: this.deps.office,
      timeZone: this.deps.timeZone,
      footer: this.deps.footer,
      now: (this.deps.now ?? (() => new Date()))(),
    });
    const sent = await this.deps.printer.print({ pdf, title: `Okno: documents for ${service.id}` });
    if (!sent.ok) {
      // The printer already logged the detail; the visitor sees the list on the screen instead.
      return fail('office_printer_unavailable', `the office printer did not take the job: ${sent.error.code}`);
    }
    this.deps.log.info({ serviceId: service.id, pages, jobId: sent.value.jobId }, 'documents list printed');
    return ok({ pages });
  }
}
