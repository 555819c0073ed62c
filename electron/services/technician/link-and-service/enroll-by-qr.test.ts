import { describe, expect, it } from 'vitest';
import { fail, formatEnrollmentQr, ok } from '../../../../kiosk-config/src/index';
import type { EnrollOutcome } from '../../hub/hub-link';
import { EnrollByQr, type EnrollLink } from './enroll-by-qr';

const NOW = Date.parse('2026-12-07T08:00:00Z');
const qr = (fields: Partial<Parameters<typeof formatEnrollmentQr>[0]> = {}) =>
  formatEnrollmentQr({
    code: 'ABCD-EFGH-JKMN',
    kioskId: 'kiosk-1',
    officeId: 'mfc-berezovka',
    officeName: 'МФЦ с. Берёзовка',
    expiresAt: '2026-12-08T08:00:00Z',
    ...fields,
  });

function link(answer: EnrollOutcome, enrolled?: string) {
  const codes: string[] = [];
  const fake: EnrollLink & { codes: string[] } = {
    codes,
    enrollment: enrolled === undefined ? undefined : { officeId: enrolled, enrolledAt: '2026-12-01T08:00:00Z' },
    enrollWithCode: async (code) => {
      codes.push(code);
      return answer;
    },
  };
  return fake;
}

describe('EnrollByQr', () => {
  it('shows the office the code names, then enrolls with the code alone', async () => {
    const hub = link(ok({ officeId: 'mfc-berezovka' }));
    const enroll = new EnrollByQr('kiosk-1', hub, () => NOW);
    expect(enroll.preview(qr())).toEqual({
      outcome: 'ready',
      kioskId: 'kiosk-1',
      officeId: 'mfc-berezovka',
      officeName: 'МФЦ с. Берёзовка',
      expiresAt: '2026-12-08T08:00:00Z',
    });
    expect(hub.codes).toEqual([]);
    expect(await enroll.confirm(qr())).toEqual({ outcome: 'enrolled', officeId: 'mfc-berezovka' });
    expect(hub.codes).toEqual(['ABCD-EFGH-JKMN']);
  });

  it('refuses before asking the hub: another kiosk, expired, not a code, already enrolled', async () => {
    const hub = link(ok({ officeId: 'x' }));
    const enroll = new EnrollByQr('kiosk-1', hub, () => NOW);
    expect(await enroll.confirm(qr({ kioskId: 'kiosk-2' }))).toEqual({ outcome: 'other_kiosk', kioskId: 'kiosk-2' });
    expect(await enroll.confirm(qr({ expiresAt: '2026-12-07T08:00:00Z' }))).toEqual({ outcome: 'expired' });
    expect(await enroll.confirm('КУВД-001-000123')).toEqual({ outcome: 'not_enrollment_code' });
    const enrolled = new EnrollByQr('kiosk-1', link(ok({ officeId: 'x' }), 'mfc-zarechny'), () => NOW);
    expect(enrolled.preview(qr())).toEqual({ outcome: 'already_enrolled', officeId: 'mfc-zarechny' });
    expect(hub.codes).toEqual([]);
  });

  it("passes on the hub's refusal as its own outcome", async () => {
    for (const code of ['refused', 'rate_limited', 'hub_unreachable'] as const) {
      const enroll = new EnrollByQr('kiosk-1', link(fail(code, 'no')), () => NOW);
      expect(await enroll.confirm(qr())).toEqual({ outcome: code });
    }
  });
});
