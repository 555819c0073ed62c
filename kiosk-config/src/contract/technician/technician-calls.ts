import { z } from 'zod';
import { technicianDeviceCalls } from './devices';
import { linkAndServiceCalls } from './link-and-service';
import { portsAndSettingsCalls } from './ports-and-settings';
import { technicianAccessCalls } from './technician-access';
import { TechnicianStateView } from './technician-state';

const NoInput = z.object({}).strict();

/**
 * The technician mode's calls, spread into the contract (`kiosk-api.ts`). Every call named
 * `technician.*` is refused with `technician_required` unless a technician is signed in, except
 * those in `OPEN_TECHNICIAN_CALLS` (asking the state, signing in).
 */
export const technicianCalls = {
  /** Whether a technician is signed in now, and until when. */
  'technician.state': { input: NoInput, output: TechnicianStateView },
  /** The technician touched the screen: restarts the mode's idle countdown. */
  'technician.activity': { input: NoInput, output: TechnicianStateView },
  /** The technician leaves the mode («Выйти»): the kiosk returns to the visitor's home screen. */
  'technician.exit': { input: NoInput, output: TechnicianStateView },
  ...linkAndServiceCalls,
  ...portsAndSettingsCalls,
  ...technicianAccessCalls,
  /** The «Устройства» page (`devices.ts`). */
  ...technicianDeviceCalls,
} as const;

/** The `technician.*` calls allowed without a signed-in technician. */
export const OPEN_TECHNICIAN_CALLS: ReadonlySet<string> = new Set([
  'technician.state',
  'technician.access',
  'technician.signIn',
]);

/** The technician mode's events, spread into the contract's events. */
export const technicianEvents = {
  /** A technician signed in or the mode ended (exit, idle, restart). */
  'technician.changed': TechnicianStateView,
} as const;
