import { ok } from '../../../kiosk-config/src/index';
import type { CallHandlers } from '../api/call-dispatcher';
import type { TechnicianSession } from './technician-session';

/** The technician mode's own calls: its state, a touch, the exit. */
export function technicianCallHandlers(
  technician: TechnicianSession,
): Pick<CallHandlers, 'technician.state' | 'technician.activity' | 'technician.exit'> {
  return {
    'technician.state': async () => ok(technician.view),
    'technician.activity': async () => ok(technician.activity()),
    'technician.exit': async () => ok(technician.close('exit')),
  };
}
