/**
 * Follow links (`<base>/q/<token>`), the one definition both ends use: the hub makes them for the
 * tickets it issues and reads the token of `/q/:token`; the kiosk makes them for offline tickets
 * and reads them back from a scanned ticket's QR to offer the rating. The token is 128 random bits
 * in base64url (the hub's 22 characters, a kiosk's offline ones `o_` and 22), unguessable and
 * unrelated to the ticket's number; the hub keeps only its SHA-256.
 */

/** What a follow token looks like: the hub's are 22 characters; a kiosk's may be longer. */
export const FOLLOW_TOKEN = /^[A-Za-z0-9_-]{22,64}$/;

/** Whether `text` is a follow token in form (whether any ticket has it is the hub's to say). */
export function isFollowToken(text: string): boolean {
  return FOLLOW_TOKEN.test(text);
}

/** The visitor's link: `https://hub.example.ru/q/<token>` (no trailing slash doubled). */
export function followUrl(baseUrl: string, token: string): string {
  return `${followPrefix(baseUrl)}${token}`;
}

/**
 * The follow token in a scanned text, when the text is a follow link under `followBaseUrl` (the
 * kiosk's own hub, as the ticket's QR carries it); undefined for anything else (another site's
 * link, a booking code, a bill), so no other scan starts a rating.
 */
export function followTokenOf(text: string, followBaseUrl: string | undefined): string | undefined {
  if (followBaseUrl === undefined) return undefined;
  const prefix = followPrefix(followBaseUrl);
  const link = text.trim();
  if (!link.startsWith(prefix)) return undefined;
  const token = link.slice(prefix.length);
  return isFollowToken(token) ? token : undefined;
}

/**
 * Whether a scanned text has the shape of a follow link on any hub (`http(s)://…/q/<token>`):
 * what the renderer may pass on to `rating.offer`, which checks that the hub is this kiosk's.
 */
export function looksLikeFollowLink(text: string): boolean {
  const match = /^https?:\/\/\S+\/q\/([^/\s]+)$/.exec(text.trim());
  return match?.[1] !== undefined && isFollowToken(match[1]);
}

function followPrefix(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/q/`;
}
