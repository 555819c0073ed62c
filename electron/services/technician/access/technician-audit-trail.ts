import {
  TECHNICIAN_AUDIT_OUTBOX_KIND,
  TechnicianAuditEntry,
  type TechnicianSignInMethod,
} from '../../../../kiosk-config/src/index';
import type { OutboxWriter } from '../../hub/outbox';
import type { Logger } from '../../logging/logger';
import type { AuditDetail, TechnicianAudit } from '../technician-audit';
import type { TechnicianExitReason } from '../technician-session';

/** The most values of an action's detail that reach the hub, and the longest text of one. */
const DETAIL_MAX_KEYS = 12;
const DETAIL_MAX_TEXT = 120;

/**
 * The technician audit sent to the hub: every sign-in (and refused one), every action a page
 * records and every exit goes into the outbox as `technician.audit` (durable, delivered when the
 * link is up) and to the log. It carries who and what, never a PIN, a token's text or visitor
 * data; an action's detail is cut to what the hub stores (12 plain values, 120 characters each).
 */
export class TechnicianAuditTrail implements TechnicianAudit {
  readonly #outbox: OutboxWriter;
  readonly #person: () => string | undefined;
  readonly #log: Logger;
  readonly #now: () => number;

  constructor(options: {
    outbox: OutboxWriter;
    /** The technician signed in now (their actions carry the name). */
    person: () => string | undefined;
    log: Logger;
    now?: () => number;
  }) {
    this.#outbox = options.outbox;
    this.#person = options.person;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
  }

  /** An action a page performed (`device.test_print`, `settings.saved`). */
  record(action: string, detail?: AuditDetail): void {
    const person = this.#person();
    const entry = {
      event: 'action' as const,
      action,
      ...(person === undefined ? {} : { person }),
      ...(detail === undefined ? {} : { detail: boundedDetail(detail) }),
    };
    void this.#send(entry);
  }

  /** A technician signed in. */
  entered(person: string, method: TechnicianSignInMethod): Promise<void> {
    return this.#send({ event: 'entry', person, method });
  }

  /** A sign-in was refused, and why (no name: a refused token's name is not trusted). */
  refused(method: TechnicianSignInMethod, reason: string): Promise<void> {
    return this.#send({ event: 'entry_refused', method, reason });
  }

  /** The mode ended: «Выйти», idle, or a restart. */
  exited(person: string, reason: TechnicianExitReason): Promise<void> {
    return this.#send({ event: 'exit', person, reason });
  }

  async #send(fields: Omit<TechnicianAuditEntry, 'at'>): Promise<void> {
    const candidate = { at: new Date(this.#now()).toISOString(), ...fields };
    const parsed = TechnicianAuditEntry.safeParse(candidate);
    // A page's malformed action code or detail still leaves a trace: the line without them.
    const entry = parsed.success ? parsed.data : { at: candidate.at, event: fields.event, reason: 'malformed_entry' };
    const { person: _person, ...logged } = entry as TechnicianAuditEntry;
    this.#log.info({ audit: logged.event, ...logged }, 'technician audit');
    try {
      await this.#outbox.enqueue(TECHNICIAN_AUDIT_OUTBOX_KIND, entry);
    } catch (error) {
      this.#log.error({ err: error, audit: entry.event }, 'the technician audit line could not be queued for the hub');
    }
  }
}

function boundedDetail(detail: AuditDetail): AuditDetail {
  const bounded: AuditDetail = {};
  for (const [key, value] of Object.entries(detail).slice(0, DETAIL_MAX_KEYS)) {
    bounded[key] = typeof value === 'string' ? value.slice(0, DETAIL_MAX_TEXT) : value;
  }
  return bounded;
}
