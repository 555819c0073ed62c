import { sameToken } from './console-sessions';

/**
 * CSRF defence of the console's POSTs, two independent checks: the request's `Origin` (or, when a
 * browser sends none, its `Referer`) must be the console's own origin, and the form must carry the
 * session's synchronizer token. Either failing refuses the request.
 */

/** Whether the request comes from a page of this origin (`https://hub.example`). */
export function sameOrigin(
  expectedOrigin: string,
  headers: { origin?: string | undefined; referer?: string | undefined },
): boolean {
  const claimed = headers.origin ?? originOfUrl(headers.referer);
  return claimed !== undefined && claimed !== 'null' && claimed === expectedOrigin;
}

function originOfUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Whether the form's token is the session's. */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  return given !== undefined && given.length > 0 && sameToken(expected, given);
}
