/** A request's target, split into what the host routes on. */
export interface RequestTarget {
  pathname: string;
  searchParams: URLSearchParams;
}

/** Longer targets are refused: the renderer's longest file path is far shorter. */
const MAX_TARGET_LENGTH = 2048;

/**
 * Parses an HTTP request target (`req.url`) without ever throwing: only the origin form
 * (`/path?query`) is accepted, and it is read against a fixed base so that `//[` or `//evil/x`
 * is a path, never an authority. Anything else (absolute form, `*`, too long) is undefined,
 * which the host answers with 400 and goes on.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget | undefined {
  if (raw === undefined || raw.length === 0 || raw.length > MAX_TARGET_LENGTH || raw[0] !== '/') return undefined;
  try {
    // Concatenated, not resolved: `new URL('//[', base)` would take `[` for a host and throw.
    const url = new URL(`http://host.invalid${raw}`);
    if (url.host !== 'host.invalid') return undefined;
    return { pathname: url.pathname, searchParams: url.searchParams };
  } catch {
    return undefined;
  }
}
