import path from 'node:path';
import { readStaticFile } from '../host/static-files';
import { contentFileResponse } from '../services/content/content-file-answer';
import type { ServedContentFile } from '../services/content/content-view';
import { KIOSK_CONTENT_SECURITY_POLICY } from './lockdown';
import type { ShellLogger } from './shell-logger';

/**
 * The kiosk window's own origin, `app://kiosk`: the renderer's files and the current content
 * release's `/content/<sha256>`, from one handler, so the renderer's absolute `/content/…`
 * addresses resolve in Electron exactly as on the browser host. A `file:` page could not: its
 * `/content/x` is `file:///content/x`, and `'self'` would mean every file on the disk.
 *
 * The request handling is a pure function of a fetch `Request` (tested with real ones); main.ts
 * only registers the scheme before `ready` and hands the function to `protocol.handle`.
 */

/** The scheme's name (`protocol.handle('app', …)`). */
export const APP_SCHEME = 'app';
/** The only host the scheme answers for. */
export const APP_HOST = 'kiosk';
/** The kiosk window's document: the only page it may show. */
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The scheme's privileges (`protocol.registerSchemesAsPrivileged`, before `ready`): a standard
 * scheme (relative and absolute paths resolve, `'self'` is its origin), secure (like https: no
 * mixed-content downgrades), fetch allowed, and `stream` so that `<video>` can read it by ranges.
 * No `bypassCSP`, no `corsEnabled`: the page's policy applies, and nothing cross-origin is wanted.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
} as const;

/** What the handler reads from. */
export interface AppSchemeOptions {
  /** `dist/renderer`: the renderer's built files. */
  rendererDir: string;
  /** The current release's file by hash (`KioskContent.file`); undefined: a 404. */
  contentFile(sha256: string): Promise<ServedContentFile | undefined>;
  logger: ShellLogger;
}

/** Files of the current content release, by hash (the same path as on the browser host). */
const CONTENT_PATH = /^\/content\/([0-9a-f]{64})$/;

/** Headers of every answer: the kiosk's policy on the document, no sniffing, no caching. */
const COMMON_HEADERS = {
  'Content-Security-Policy': KIOSK_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
} as const;

/**
 * Answers one request of the `app:` scheme: `/content/<sha256>` from the current release (with
 * `Range`), anything else a file of the renderer's folder (`/` is `index.html`; paths out of it
 * are refused). Another host, a method other than GET/HEAD, or an unexpected fault: an error
 * status, never a throw (a throw would show Electron's error page).
 */
export async function handleAppRequest(request: Request, options: AppSchemeOptions): Promise<Response> {
  try {
    const url = new URL(request.url);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return answer(404);
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405);
    const contentHash = CONTENT_PATH.exec(url.pathname)?.[1];
    if (contentHash !== undefined) {
      const found = await options.contentFile(contentHash);
      if (found === undefined) return answer(404);
      const response = contentFileResponse(found, contentHash, request);
      for (const [name, value] of Object.entries(COMMON_HEADERS)) response.headers.set(name, value);
      return response;
    }
    const file = await readStaticFile(path.resolve(options.rendererDir), url.pathname);
    if (file.status !== 200) return answer(file.status);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
      status: 200,
      headers: { ...COMMON_HEADERS, 'Content-Type': file.contentType, 'Content-Length': String(file.body.length) },
    });
  } catch (err) {
    options.logger.error({ err }, 'app scheme request failed');
    return answer(500);
  }
}

function answer(status: number): Response {
  return new Response(null, { status, headers: COMMON_HEADERS });
}
