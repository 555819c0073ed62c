import {
  type EnrollConfirmAnswer,
  type EnrollmentQr,
  type EnrollPreviewAnswer,
  parseEnrollmentQr,
} from '../../../../kiosk-config/src/index';
import type { HubLink } from '../../hub/hub-link';

/** What enrolling by the hub's QR needs of the hub link. */
export type EnrollLink = Pick<HubLink, 'enrollment' | 'enrollWithCode'>;

type Checked =
  | { ok: true; qr: EnrollmentQr }
  | { ok: false; answer: Exclude<EnrollPreviewAnswer, { outcome: 'ready' }> };

/**
 * «Подключение к центру»: the technician scans the QR the hub's admin CLI printed
 * (`OKNO-E1?…`, `formatEnrollmentQr`). The page shows the office the code names before the
 * technician confirms; the office is the code's, never typed. Checked here before the hub is
 * asked (a code for another kiosk id or past its expiry would only be refused, and a refusal
 * teaches the technician nothing); the hub decides in the end.
 */
export class EnrollByQr {
  constructor(
    private readonly kioskId: string,
    private readonly link: EnrollLink,
    private readonly now: () => number = Date.now,
  ) {}

  /** What the scanned text names, or why it cannot enroll this kiosk. */
  preview(text: string): EnrollPreviewAnswer {
    const checked = this.#check(text);
    if (!checked.ok) return checked.answer;
    const { kioskId, officeId, officeName, expiresAt } = checked.qr;
    return {
      outcome: 'ready',
      kioskId,
      officeId,
      ...(officeName === undefined ? {} : { officeName }),
      ...(expiresAt === undefined ? {} : { expiresAt }),
    };
  }

  /** Enrolls with the scanned code: tried once (a spent code is the technician's to replace). */
  async confirm(text: string): Promise<EnrollConfirmAnswer> {
    const checked = this.#check(text);
    if (!checked.ok) return checked.answer;
    const result = await this.link.enrollWithCode(checked.qr.code);
    if (result.ok) return { outcome: 'enrolled', officeId: result.value.officeId };
    return { outcome: result.error.code };
  }

  #check(text: string): Checked {
    const enrolled = this.link.enrollment;
    if (enrolled) return { ok: false, answer: { outcome: 'already_enrolled', officeId: enrolled.officeId } };
    const qr = parseEnrollmentQr(text);
    if (qr === undefined) return { ok: false, answer: { outcome: 'not_enrollment_code' } };
    if (qr.kioskId !== this.kioskId) return { ok: false, answer: { outcome: 'other_kiosk', kioskId: qr.kioskId } };
    if (qr.expiresAt !== undefined && Date.parse(qr.expiresAt) <= this.now())
      return { ok: false, answer: { outcome: 'expired' } };
    return { ok: true, qr };
  }
}
