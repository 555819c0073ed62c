/**
 * Whether a scanned text has the shape of a ticket's follow link (`…/q/<token>`). Only such a
 * text is passed to `rating.offer`, which checks it is a link of this kiosk's own hub; any other
 * code scanned on the home screen (a booking, a bill, a shop's barcode) starts nothing.
 */
export function looksLikeFollowLink(text: string): boolean {
  return /^https?:\/\/[^\s]+\/q\/[A-Za-z0-9_-]{22,64}$/.test(text.trim());
}
