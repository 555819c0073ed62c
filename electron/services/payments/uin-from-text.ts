import { looksLikePaymentQr, parsePaymentQr } from '../../../drivers/codes/payment-qr';
import { isValidUin, normaliseUin } from '../../../kiosk-config/src/hub/uin';

/** The `UIN` field of a payment QR read as text, for a QR whose other fields do not all parse. */
const UIN_FIELD = /(?:^|\|)UIN=([0-9 -]{20,40})(?:\||$)/i;

/**
 * The УИН in what the visitor typed or scanned, or undefined when there is none (`invalid_uin`,
 * and the hub is not asked):
 * - digits typed on the keypad, 20 or 25 of them, spaces and dashes allowed between groups;
 * - a GOST R 56042 payment QR from the bill (`ST0001…|UIN=…|…`): its `UIN` field. A QR is read
 *   with `parsePaymentQr`; one whose other fields break the standard's limits (a long payee name)
 *   still gives its `UIN` field, which is all the kiosk needs from it.
 * The check digit must hold (Приказ Минфина 107н); «0» (no УИН) and all zeros are refused.
 */
export function uinFromText(text: string): string | undefined {
  const trimmed = text.trim();
  if (looksLikePaymentQr(trimmed)) {
    const qr = parsePaymentQr(trimmed);
    const field = qr.ok ? qr.value.uin : UIN_FIELD.exec(trimmed)?.[1];
    return field === undefined ? undefined : validUin(field);
  }
  return validUin(trimmed);
}

function validUin(raw: string): string | undefined {
  const uin = normaliseUin(raw);
  return isValidUin(uin) ? uin : undefined;
}
