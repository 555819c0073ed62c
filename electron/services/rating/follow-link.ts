import { FollowToken } from '../../../kiosk-config/src/hub/rating-api';

/**
 * The follow token in a scanned text, when the text is a ticket's follow link of this kiosk's
 * hub (`<followBaseUrl>/q/<token>`, as the ticket's QR carries it); undefined for anything else
 * (another site's link, a booking code, a bill), so no other scan starts a rating.
 */
export function followTokenOf(text: string, followBaseUrl: string | undefined): string | undefined {
  if (followBaseUrl === undefined) return undefined;
  const prefix = `${followBaseUrl.replace(/\/+$/, '')}/q/`;
  const link = text.trim();
  if (!link.startsWith(prefix)) return undefined;
  const token = FollowToken.safeParse(link.slice(prefix.length));
  return token.success ? token.data : undefined;
}
