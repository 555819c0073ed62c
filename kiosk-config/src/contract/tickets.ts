import { z } from 'zod';

/** A service a visitor can take a queue ticket for. */
export const ServiceView = z.object({
  id: z.string(),
  categoryId: z.string(),
  /** The plain-language name shown on the card. */
  name: z.string(),
  /** Queue prefix letter, e.g. `А`. */
  prefix: z.string(),
  /** What to bring, one line each. */
  documents: z.array(z.string()),
});
export type ServiceView = z.infer<typeof ServiceView>;

export const CategoryView = z.object({ id: z.string(), name: z.string() });
export type CategoryView = z.infer<typeof CategoryView>;

export const CatalogueView = z.object({
  categories: z.array(CategoryView),
  services: z.array(ServiceView),
});
export type CatalogueView = z.infer<typeof CatalogueView>;

/** A ticket that was issued and printed. */
export const IssuedTicket = z.object({
  /** The number as printed, e.g. `А-001`. */
  number: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  officeName: z.string(),
  /** ISO 8601 with the office's offset. */
  issuedAt: z.string(),
});
export type IssuedTicket = z.infer<typeof IssuedTicket>;
