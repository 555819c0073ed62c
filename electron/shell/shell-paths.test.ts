import { describe, expect, it } from 'vitest';
import { resolveShellPaths } from './shell-paths';

describe('resolveShellPaths', () => {
  it('finds the preload beside the main bundle and the renderer in dist/renderer; the page is app://kiosk', () => {
    const paths = resolveShellPaths('file:///opt/Okno/resources/app.asar/dist/electron/main.js');
    expect(paths).toEqual({
      preloadPath: '/opt/Okno/resources/app.asar/dist/electron/preload.cjs',
      rendererDir: '/opt/Okno/resources/app.asar/dist/renderer',
      appUrl: 'app://kiosk/index.html',
    });
  });

  it('decodes a folder with spaces and Cyrillic from the module URL', () => {
    const paths = resolveShellPaths('file:///home/okno/%D0%BE%D0%BA%D0%BD%D0%BE%20app/dist/electron/main.js');
    expect(paths.rendererDir).toBe('/home/okno/окно app/dist/renderer');
  });
});
