import { spawnSync } from 'node:child_process';
import { formatEnrollmentQr } from '../../kiosk-config/src/hub/enrollment-qr';
import type { IssuedEnrollmentCode } from '../server/enrollment';

/** Draws a QR of `text` for a terminal, or undefined where no drawer is installed. */
export type QrDrawer = (text: string) => string | undefined;

/**
 * `qrencode` (Debian package `qrencode`) drawing in UTF-8 half blocks, when installed: the
 * technician scans it from the admin's screen or a printout. Without it the QR text is printed
 * for any QR generator.
 */
export const qrencodeDrawer: QrDrawer = (text) => {
  const drawn = spawnSync('qrencode', ['-t', 'UTF8', '-m', '2', '-o', '-', text], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  return drawn.status === 0 && drawn.stdout ? drawn.stdout : undefined;
};

/**
 * What `create-enrollment-code` prints: the code (to type), what it is bound to, and the QR the
 * technician scans at the kiosk (`OKNO-E1?…`: code, kiosk id, office id and name, expiry).
 */
export function enrollmentCodeLines(
  issued: IssuedEnrollmentCode,
  officeName: string | undefined,
  draw: QrDrawer,
): string[] {
  const qr = formatEnrollmentQr({ ...issued, officeName });
  const drawn = draw(qr);
  return [
    issued.code,
    `kiosk ${issued.kioskId} of office ${issued.officeId} only, valid until ${issued.expiresAt}, one use`,
    `QR for the kiosk's «Подключение к центру»: ${qr}`,
    ...(drawn === undefined ? ['(install qrencode to draw it here, or make a QR of the line above)'] : [drawn]),
  ];
}
