import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
};

/** A file to send, or why not. */
export type StaticFile = { status: 200; body: Buffer; contentType: string } | { status: 404 | 400 };

/**
 * Resolves a URL path to a file inside `root` and reads it. Paths that escape the root (`..`,
 * encoded slashes, NUL) are refused; `/` serves `index.html`. Only known content types are served.
 */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400 };
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return { status: 400 };
  const contentType = contentTypes[path.extname(file).toLowerCase()];
  if (!contentType) return { status: 404 };
  try {
    if (!(await stat(file)).isFile()) return { status: 404 };
    return { status: 200, body: await readFile(file), contentType };
  } catch {
    return { status: 404 };
  }
}
