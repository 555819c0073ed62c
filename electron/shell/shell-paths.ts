import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where the shell finds the preload and the renderer, and the URL the kiosk window shows. */
export interface ShellPaths {
  /** `dist/electron/preload.cjs`: CommonJS, because sandboxed preloads cannot be ES modules. */
  preloadPath: string;
  /** `dist/renderer/index.html`, the UI's only document. */
  rendererIndexPath: string;
  /** `dist/renderer`: the only folder the window may load files from. */
  rendererDir: string;
  /** The `file:` URL of the UI's document: the only page allowed to navigate, and to call IPC. */
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
  const rendererDir = path.resolve(electronDir, '..', 'renderer');
  const rendererIndexPath = path.join(rendererDir, 'index.html');
  return {
    preloadPath: path.join(electronDir, 'preload.cjs'),
    rendererIndexPath,
    rendererDir,
    appUrl: pathToFileURL(rendererIndexPath).href,
  };
}
