import type { OutboxItem } from '../../../kiosk-config/src/hub/hub-api';
import { TECHNICIAN_AUDIT_OUTBOX_KIND, TechnicianAuditEntry } from '../../../kiosk-config/src/hub/technician-audit';
import type { TechnicianStore } from '../../technician/technician-store';
import type { AuthenticatedKiosk } from '../kiosk-auth';

/** Keeps a kiosk's `technician.audit` items from an outbox batch (the console's kiosk page lists them). */
export function technicianAuditRecorder(store: TechnicianStore) {
  return async (kiosk: AuthenticatedKiosk, items: readonly OutboxItem[], receivedAt: string): Promise<void> => {
    const lines: { id: string; entry: TechnicianAuditEntry }[] = [];
    for (const item of items) {
      if (item.kind !== TECHNICIAN_AUDIT_OUTBOX_KIND) continue;
      // Already checked by the outbox route against the same schema; parsed again for its type.
      const parsed = TechnicianAuditEntry.safeParse(item.payload);
      if (parsed.success) lines.push({ id: item.id, entry: parsed.data });
    }
    if (lines.length > 0) await store.appendAudit(kiosk.id, lines, receivedAt);
  };
}
