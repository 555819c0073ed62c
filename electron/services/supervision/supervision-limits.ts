import type { SupervisionConfig } from '../../../kiosk-config/src/index';
import type { RestartPolicyOptions } from './restart-policy';

/** The supervision's limits in milliseconds and bytes, as both hosts use them. */
export interface SupervisionLimits {
  policy: Partial<RestartPolicyOptions>;
  frozenAfterMs: number;
  startGraceMs: number;
  /** 0: no memory ceiling. */
  heapCeilingBytes: number;
  memoryCheckMs: number;
}

/** The config's `host.supervision` (seconds, minutes, MiB) as limits: one reading for both hosts. */
export function supervisionLimits(config: SupervisionConfig): SupervisionLimits {
  const windowMs = config.failureWindowMinutes * 60_000;
  return {
    policy: {
      maxFailures: config.failuresBeforeOutOfService,
      windowMs,
      slowRetryMs: config.slowRetrySeconds * 1000,
      // Out of service, a page that stays up as long as the counting window puts the kiosk back.
      recoverAfterMs: windowMs,
    },
    frozenAfterMs: config.frozenAfterSeconds * 1000,
    startGraceMs: config.startGraceSeconds * 1000,
    heapCeilingBytes: config.heapCeilingMiB * 2 ** 20,
    memoryCheckMs: config.memoryCheckSeconds * 1000,
  };
}
