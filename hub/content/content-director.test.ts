import { describe, expect, it } from 'vitest';
import { assignRelease, type DirectedKiosk, stageBucket } from './content-director';
import type { ContentReleaseRecord, ReleaseAudience } from './content-store';

function release(
  version: number,
  audience: ReleaseAudience,
  extra: Partial<ContentReleaseRecord> = {},
): ContentReleaseRecord {
  return {
    releaseId: `r-${version}`,
    version,
    audience,
    stagePercent: 100,
    manifestSha256: '0'.repeat(64),
    totalBytes: 1,
    fileCount: 1,
    createdAt: '2026-12-06T10:00:00Z',
    createdBy: 'test',
    ...extra,
  };
}

/** Kiosk ids whose stage bucket is below / at least `percent`. */
function kioskIdsAround(percent: number): { inside: string; outside: string } {
  const ids = Array.from({ length: 500 }, (_, i) => `kiosk-${i}`);
  const inside = ids.find((id) => stageBucket(id) < percent);
  const outside = ids.find((id) => stageBucket(id) >= percent);
  if (inside === undefined || outside === undefined) throw new Error('no kiosk on each side');
  return { inside, outside };
}

describe('the content director', () => {
  const kiosk = (id: string, extra: Partial<DirectedKiosk> = {}): DirectedKiosk => ({
    id,
    officeId: 'office-1',
    groups: ['north'],
    ...extra,
  });

  it('picks the most specific audience: the office over its group over all, whatever the versions', () => {
    const releases = [
      release(1, { kind: 'office', officeId: 'office-1' }),
      release(2, { kind: 'group', group: 'north' }),
      release(3, { kind: 'all' }),
    ];
    expect(assignRelease(kiosk('k'), releases)?.releaseId).toBe('r-1');
    expect(assignRelease(kiosk('k', { officeId: 'office-2' }), releases)?.releaseId).toBe('r-2');
    expect(assignRelease(kiosk('k', { officeId: 'office-2', groups: [] }), releases)?.releaseId).toBe('r-3');
    expect(assignRelease(kiosk('k'), [release(4, { kind: 'office', officeId: 'office-9' })])).toBeUndefined();
  });

  it('gives a staged release only to the kiosks in its stage; the others keep the previous one', () => {
    const { inside, outside } = kioskIdsAround(10);
    const releases = [release(1, { kind: 'all' }), release(2, { kind: 'all' }, { stagePercent: 10 })];
    expect(assignRelease(kiosk(inside), releases)?.releaseId).toBe('r-2');
    expect(assignRelease(kiosk(outside), releases)?.releaseId).toBe('r-1');
  });

  it('puts about the stage’s share of kiosks in it, and the same kiosks each time', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `kiosk-${i}`);
    const share = ids.filter((id) => stageBucket(id) < 10).length / ids.length;
    expect(share).toBeGreaterThan(0.07);
    expect(share).toBeLessThan(0.13);
    expect(ids.map(stageBucket)).toEqual(ids.map(stageBucket));
  });

  it('keeps a halted release only for the kiosks that run it already', () => {
    const releases = [release(1, { kind: 'all' }), release(2, { kind: 'all' }, { haltedAt: '2026-12-06T11:00:00Z' })];
    expect(assignRelease(kiosk('a', { runningReleaseId: 'r-2' }), releases)?.releaseId).toBe('r-2');
    expect(assignRelease(kiosk('b', { runningReleaseId: 'r-1' }), releases)?.releaseId).toBe('r-1');
    expect(assignRelease(kiosk('c'), releases)?.releaseId).toBe('r-1');
  });
});
