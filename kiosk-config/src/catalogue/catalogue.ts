import { z } from 'zod';

/**
 * The services catalogue file: categories and services with queue prefixes.
 *
 * Validated on load; later issues deliver it as hub content with the same schema.
 */
export const CatalogueFile = z
  .object({
    categories: z.array(z.object({ id: z.string().min(1), name: z.string().min(1) }).strict()).min(1),
    services: z
      .array(
        z
          .object({
            id: z.string().min(1).max(64),
            categoryId: z.string().min(1),
            name: z.string().min(1).max(200),
            /** One Cyrillic capital letter that starts the ticket number. */
            prefix: z.string().regex(/^[А-ЯЁ]$/u, 'prefix must be one Cyrillic capital letter'),
            documents: z.array(z.string().min(1).max(300)).default([]),
          })
          .strict(),
      )
      .min(1),
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
