import { z } from 'zod';
import { CatalogueFile } from '../../kiosk-config/src/catalogue/catalogue';

/** An office's catalogue as the text both stores keep, validated again here; throws for a bad one. */
export function catalogueText(catalogue: CatalogueFile): string {
  const checked = CatalogueFile.safeParse(catalogue);
  if (!checked.success) throw new Error(`invalid catalogue: ${z.prettifyError(checked.error)}`);
  return JSON.stringify(checked.data);
}

/**
 * Stored catalogues parsed and validated on read, each office's kept with the text it came from.
 * The store still reads the row on every call (another hub instance or the admin CLI may have
 * replaced it); only an unchanged text skips `JSON.parse` and validation, which the follow page
 * would otherwise repeat every 30 seconds per waiting visitor.
 */
export class ParsedCatalogues {
  readonly #byOffice = new Map<string, { text: string; catalogue: CatalogueFile }>();

  /** The catalogue of `text`, the office's stored one; throws when it is invalid. */
  parse(officeId: string, text: string): CatalogueFile {
    const cached = this.#byOffice.get(officeId);
    if (cached?.text === text) return cached.catalogue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = CatalogueFile.safeParse(json);
    if (!parsed.success) throw new Error(`the stored catalogue of office ${officeId} is invalid; store it again`);
    this.#byOffice.set(officeId, { text, catalogue: parsed.data });
    return parsed.data;
  }
}
