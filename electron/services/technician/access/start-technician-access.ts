import type { KioskConfig } from '../../../../kiosk-config/src/index';
import type { CallHandlers } from '../../api/call-dispatcher';
import type { OutboxWriter } from '../../hub/outbox';
import type { KioskEvents } from '../../kiosk-events';
import type { Logger } from '../../logging/logger';
import type { StartupStack } from '../../startup-stack';
import type { TechnicianAudit } from '../technician-audit';
import { TechnicianSession } from '../technician-session';
import { PinLock } from './pin-lock';
import { SpentTokens } from './spent-tokens';
import { TechnicianAuditTrail } from './technician-audit-trail';
import { TechnicianSignIn } from './technician-sign-in';

/** What getting into the technician mode needs from the rest of the kiosk. */
export interface TechnicianAccessDeps {
  config: KioskConfig;
  dataDir: string;
  events: KioskEvents;
  outbox: OutboxWriter;
  /** Whether a visitor session runs now. */
  visitorSessionActive: () => boolean;
  /** The office and the hub's technician key from the cached setup (undefined until one came). */
  setup: () => { officeId: string; technicianKey: string | undefined } | undefined;
  log: Logger;
}

/** The technician mode's session, its audit to the hub, and the sign-in's calls. */
export interface TechnicianAccess {
  technician: TechnicianSession;
  audit: TechnicianAudit;
  signIn: TechnicianSignIn;
  handlers: Pick<CallHandlers, 'technician.access' | 'technician.signIn'>;
}

/**
 * Starts the technician mode's session (its idle end), the sign-in (QR token or PIN, with the
 * PIN's lock and the spent tokens read from the data folder) and the audit that sends every
 * entry, action and exit to the hub; the session is stopped with the stack.
 */
export async function startTechnicianAccess(
  stack: StartupStack,
  deps: TechnicianAccessDeps,
): Promise<TechnicianAccess> {
  const log = deps.log.child({ component: 'technician' });
  const [pinLock, spentTokens] = await Promise.all([
    PinLock.open(deps.dataDir, log),
    SpentTokens.open(deps.dataDir, log),
  ]);
  let signIn: TechnicianSignIn | undefined;
  // The mode: opened by a sign-in, left by «Выйти» or after idleMinutes untouched.
  const technician = stack.started(
    'technician',
    new TechnicianSession({
      idleMs: deps.config.technician.idleMinutes * 60_000,
      listeners: {
        onChanged: (view) => deps.events.emit('technician.changed', view),
        onEnded: (reason, person) => {
          log.info({ reason }, 'technician mode ended');
          void signIn
            ?.ended(reason, person)
            .catch((error: unknown) => log.error({ err: error }, 'the technician mode end was not recorded'));
        },
      },
    }),
    (started) => started.dispose(),
  );
  const audit = new TechnicianAuditTrail({
    outbox: deps.outbox,
    person: () => {
      const view = technician.view;
      return view.open ? view.person : undefined;
    },
    log,
  });
  signIn = new TechnicianSignIn({
    technician,
    visitorSessionActive: deps.visitorSessionActive,
    here: () => {
      const setup = deps.setup();
      return { kioskId: deps.config.kiosk.id, officeId: setup?.officeId, publicKey: setup?.technicianKey };
    },
    pinHash: deps.config.technician.pinHash,
    pinLock,
    spentTokens,
    audit,
  });
  const started = signIn;
  return {
    technician,
    audit,
    signIn: started,
    handlers: {
      'technician.access': async () => ({ ok: true, value: started.access() }),
      'technician.signIn': async (request) => ({ ok: true, value: await started.signIn(request) }),
    },
  };
}
