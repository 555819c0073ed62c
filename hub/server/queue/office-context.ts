import type { CatalogueFile, CatalogueService } from '../../../kiosk-config/src/catalogue/catalogue';
import { fail, ok, type Result } from '../../../kiosk-config/src/contract/result';
import type { HubRepository, OfficeRecord } from '../../db/hub-repository';

/** An office as the queue needs it: its record, wall clock and catalogue. */
export interface OfficeContext {
  office: OfficeRecord;
  timeZone: string;
  catalogue: CatalogueFile;
}

/** An office's context, or why there is none. */
export type OfficeContextLookup = Result<OfficeContext, 'unknown_office' | 'no_catalogue'>;

/**
 * Reads an office and its catalogue for one request. The rows are read every time: another hub
 * process or the admin CLI may have just replaced the catalogue (the repository reuses its parse
 * while the stored text is unchanged).
 */
export async function loadOfficeContext(repository: HubRepository, officeId: string): Promise<OfficeContextLookup> {
  const office = await repository.findOffice(officeId);
  if (!office) return fail('unknown_office', `no office ${officeId}`);
  const catalogue = await repository.findOfficeCatalogue(officeId);
  if (!catalogue) return fail('no_catalogue', `office ${officeId} has no catalogue`);
  return ok({ office, timeZone: office.timeZone ?? 'Europe/Moscow', catalogue });
}

/** A service of the office's catalogue. */
export function findService(context: OfficeContext, serviceId: string): CatalogueService | undefined {
  return context.catalogue.services.find((service) => service.id === serviceId);
}
