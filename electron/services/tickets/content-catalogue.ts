import type { CatalogueFile, CatalogueService } from '../../../kiosk-config/src/index';

/** A content release's catalogue laid over the one the hub runs its queue by, and what did not fit. */
export interface PresentedCatalogue {
  catalogue: CatalogueFile;
  /** Services of the content that the hub does not know: left out (a ticket for one would fail at the hub). */
  unknownServices: string[];
  /** Services whose hours or fee in the content differ from the hub's: the hub's are kept. */
  hubRulesKept: string[];
}

/**
 * The catalogue the kiosk shows when the current content release carries one.
 *
 * The content decides what the visitor reads: the categories, which services appear and in which
 * order, their names, one-line summaries and document lists. The hub decides what it enforces,
 * so those fields stay the hub's (`known`: the setup's catalogue, or the config's before any
 * setup): the ticket's letter (`prefix`: the hub numbers the queue, and merges offline numbers
 * by it), `bookingRequired` and `hours` (the hub refuses a walk-in ticket by them; showing other
 * hours would promise what the hub then refuses), the `fee` (a card payment is checked against
 * the hub's catalogue: another amount would be disputed) and `typicalMinutes` (the wait estimate).
 *
 * Services the hub does not know are left out, and so are categories left empty. Undefined when
 * nothing of the content's catalogue is known to the hub (the kiosk then keeps `known`).
 */
export function presentContentCatalogue(known: CatalogueFile, content: CatalogueFile): PresentedCatalogue | undefined {
  const hubServices = new Map(known.services.map((service) => [service.id, service]));
  const unknownServices: string[] = [];
  const hubRulesKept: string[] = [];
  const services: CatalogueService[] = [];
  for (const shown of content.services) {
    const hub = hubServices.get(shown.id);
    if (hub === undefined) {
      unknownServices.push(shown.id);
      continue;
    }
    const shownHours = shown.hours ?? content.hours;
    const hubHours = hub.hours ?? known.hours;
    if (!sameJson(shownHours, hubHours) || !sameJson(shown.fee, hub.fee)) hubRulesKept.push(shown.id);
    services.push({
      id: hub.id,
      categoryId: shown.categoryId,
      name: shown.name,
      ...(shown.summary === undefined ? {} : { summary: shown.summary }),
      documents: [...shown.documents],
      prefix: hub.prefix,
      bookingRequired: hub.bookingRequired,
      ...(hub.hours === undefined ? {} : { hours: hub.hours }),
      typicalMinutes: hub.typicalMinutes,
      ...(hub.fee === undefined ? {} : { fee: hub.fee }),
    });
  }
  if (services.length === 0) return undefined;
  const usedCategories = new Set(services.map((service) => service.categoryId));
  return {
    catalogue: {
      categories: content.categories.filter((category) => usedCategories.has(category.id)),
      ...(known.hours === undefined ? {} : { hours: known.hours }),
      services,
    },
    unknownServices,
    hubRulesKept,
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
