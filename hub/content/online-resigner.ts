import type { ContentChannel } from './content-publisher';
import { RepositoryBusyError } from './repository-lock';
import { expiryWarnings, type OnlineResignOutcome, resignOnlineRoles } from './tuf-roles';

const HOUR_MS = 3_600_000;

/** Where the re-signer reports. */
export interface ResignerLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/**
 * The hub's timer job for the content channel: re-signs the timestamp when it has less than
 * 12 hours left (it lives a day) and the snapshot when it has less than a week, and warns, at
 * most once an hour, of any role close to expiry (the root's and the publisher's need someone
 * with the offline keys). Does nothing before `content init`.
 */
export function createOnlineResigner(
  channel: Pick<ContentChannel, 'repo' | 'online' | 'writeLock'>,
  log: ResignerLog,
): (nowMs: number) => Promise<void> {
  let lastWarned = Number.NEGATIVE_INFINITY;
  return async (nowMs) => {
    if (!channel.repo.isInitialised()) return;
    let resigned: OnlineResignOutcome;
    try {
      resigned = await channel.writeLock.run(async () =>
        resignOnlineRoles(channel.repo, channel.online, nowMs, { snapshot: 7 * 24 * HOUR_MS, timestamp: 12 * HOUR_MS }),
      );
    } catch (error) {
      if (!(error instanceof RepositoryBusyError)) throw error;
      return; // a publish is under way and signs a fresh timestamp itself; next minute again
    }
    if (resigned.timestamp) log.info({ ...resigned }, 'content metadata re-signed');
    if (nowMs - lastWarned < HOUR_MS) return;
    const warnings = expiryWarnings(channel.repo, nowMs);
    if (warnings.length === 0) return;
    lastWarned = nowMs;
    for (const warning of warnings) log.warn({ ...warning }, `the content ${warning.role} role expires soon`);
  };
}
