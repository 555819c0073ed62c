import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_URL } from './app-scheme';

/** Where the shell finds the preload and the renderer, and the URL the kiosk window shows. */
export interface ShellPaths {
  /** `dist/electron/preload.cjs`: CommonJS, because sandboxed preloads cannot be ES modules. */
  preloadPath: string;
  /** `dist/renderer`: the folder the `app:` scheme serves the UI's files from. */
  rendererDir: string;
  /** The UI's document, `app://kiosk/index.html`: the only page allowed to navigate, and to call IPC. */
  appUrl: string;
}

/**
 * Resolves the shell's paths from the URL of the bundled main module (`dist/electron/main.js`).
 *
 * The main bundle is an ES module, so its own location comes from `import.meta.url`; the same
 * layout holds from sources' `dist/` and inside a packaged `app.asar`.
 */
export function resolveShellPaths(mainModuleUrl: string): ShellPaths {
  const electronDir = path.dirname(fileURLToPath(mainModuleUrl));
  return {
    preloadPath: path.join(electronDir, 'preload.cjs'),
    rendererDir: path.resolve(electronDir, '..', 'renderer'),
    appUrl: APP_URL,
  };
}
