import { createHash } from 'node:crypto';
import type { ContentReleaseRecord, ContentStore } from './content-store';

/**
 * The director: which release a kiosk should run. The most specific audience that has a
 * release for this kiosk wins (its office, then its groups, then all); within it, the newest
 * release the kiosk is in the stage of. A halted release is kept only by the kiosks that run
 * it already (the roll-out stops where it is); the others stay on the release before it.
 */

/** A kiosk as the director sees it. */
export interface DirectedKiosk {
  readonly id: string;
  readonly officeId: string;
  readonly groups: readonly string[];
  /** The release it last reported running (`content.state` current or trial). */
  readonly runningReleaseId?: string;
}

/**
 * A kiosk's place in every staged roll-out, 0…99: from a hash of its id, so the same kiosks
 * go first each time (a technician watches those) and a higher stage only adds kiosks.
 */
export function stageBucket(kioskId: string): number {
  return createHash('sha256').update(kioskId).digest().readUInt32BE(0) % 100;
}

function audienceRank(release: ContentReleaseRecord, kiosk: DirectedKiosk): number | undefined {
  const { audience } = release;
  if (audience.kind === 'office') return audience.officeId === kiosk.officeId ? 0 : undefined;
  if (audience.kind === 'group') return kiosk.groups.includes(audience.group) ? 1 : undefined;
  return 2;
}

function offeredTo(release: ContentReleaseRecord, kiosk: DirectedKiosk): boolean {
  if (release.haltedAt !== undefined) return release.releaseId === kiosk.runningReleaseId;
  return stageBucket(kiosk.id) < release.stagePercent;
}

/** The release this kiosk should run, or undefined when none is for it. */
export function assignRelease(
  kiosk: DirectedKiosk,
  releases: readonly ContentReleaseRecord[],
): ContentReleaseRecord | undefined {
  let best: { rank: number; release: ContentReleaseRecord } | undefined;
  for (const release of releases) {
    const rank = audienceRank(release, kiosk);
    if (rank === undefined || !offeredTo(release, kiosk)) continue;
    if (best === undefined || rank < best.rank || (rank === best.rank && release.version > best.release.version)) {
      best = { rank, release };
    }
  }
  return best?.release;
}

/**
 * The release a kiosk should run, as the hub's store knows it: its groups and the release it
 * last reported running, with every release (`known`: as the caller read them already). Asked
 * by the assignment endpoint and by the events stream (which nudges a kiosk when the answer changes).
 */
export async function releaseForKiosk(
  store: ContentStore,
  kiosk: { readonly id: string; readonly officeId: string },
  known?: readonly ContentReleaseRecord[],
): Promise<ContentReleaseRecord | undefined> {
  const [releases, reported, groups] = await Promise.all([
    known ?? store.listReleases(),
    store.kioskState(kiosk.id),
    store.groupsOf(kiosk.officeId),
  ]);
  const running = reported?.state === 'current' || reported?.state === 'trial' ? reported.releaseId : undefined;
  return assignRelease(
    {
      id: kiosk.id,
      officeId: kiosk.officeId,
      groups,
      ...(running === undefined ? {} : { runningReleaseId: running }),
    },
    releases,
  );
}
