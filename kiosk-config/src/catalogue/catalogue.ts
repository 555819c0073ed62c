import { z } from 'zod';
import { ServiceFee } from '../hub/payments-api';
import { WeeklyHours } from './working-hours';

/** One service of the catalogue: what a visitor can take a queue ticket for. */
export const CatalogueService = z
  .object({
    id: z.string().min(1).max(64),
    categoryId: z.string().min(1),
    /** The plain-language name shown on the card («Замена паспорта»), not the legal title. */
    name: z.string().min(1).max(200),
    /** One line under the name, in plain words: what the service gives. */
    summary: z.string().max(300).optional(),
    /** One Cyrillic capital letter that starts the ticket number. */
    prefix: z.string().regex(/^[А-ЯЁ]$/u, 'prefix must be one Cyrillic capital letter'),
    documents: z.array(z.string().min(1).max(300)).default([]),
    /** Only by appointment (предварительная запись): no walk-in tickets. */
    bookingRequired: z.boolean().default(false),
    /** Hours of this service when they differ from the office's. */
    hours: WeeklyHours.optional(),
    /** Minutes one visitor usually takes: the wait estimate's fallback when there is no history. */
    typicalMinutes: z.number().int().min(1).max(240).default(15),
    /** The state fee (госпошлина) a visitor can pay by card at the kiosk for it (docs/payments.md). */
    fee: ServiceFee.optional(),
  })
  .strict();
export type CatalogueService = z.infer<typeof CatalogueService>;

/**
 * The services catalogue of an office: categories, services with queue prefixes, working hours.
 *
 * One schema wherever a catalogue travels: the kiosk's fallback file, the hub's per-office
 * catalogue (`GET /v1/kiosk/setup`), and pushed content later.
 */
export const CatalogueFile = z
  .object({
    categories: z.array(z.object({ id: z.string().min(1), name: z.string().min(1) }).strict()).min(1),
    /** The office's opening hours; a service's own `hours` override them. Absent: always open. */
    hours: WeeklyHours.optional(),
    services: z.array(CatalogueService).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const categoryIds = new Set(file.categories.map((c) => c.id));
    const seen = new Set<string>();
    file.services.forEach((service, index) => {
      if (!categoryIds.has(service.categoryId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['services', index, 'categoryId'],
          message: `unknown category "${service.categoryId}"`,
        });
      }
      if (seen.has(service.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['services', index, 'id'],
          message: `duplicate service id "${service.id}"`,
        });
      }
      seen.add(service.id);
    });
  });
export type CatalogueFile = z.infer<typeof CatalogueFile>;
