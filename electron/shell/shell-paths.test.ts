import { describe, expect, it } from 'vitest';
import { resolveShellPaths } from './shell-paths';

describe('resolveShellPaths', () => {
  it('finds the preload beside the main bundle and the renderer in dist/renderer', () => {
    const paths = resolveShellPaths('file:///opt/Okno/resources/app.asar/dist/electron/main.js');
    expect(paths).toEqual({
      preloadPath: '/opt/Okno/resources/app.asar/dist/electron/preload.cjs',
      rendererIndexPath: '/opt/Okno/resources/app.asar/dist/renderer/index.html',
      rendererDir: '/opt/Okno/resources/app.asar/dist/renderer',
      appUrl: 'file:///opt/Okno/resources/app.asar/dist/renderer/index.html',
    });
  });

  it('percent-encodes the app URL like Chromium does for a path with spaces and Cyrillic', () => {
    const paths = resolveShellPaths('file:///home/okno/%D0%BE%D0%BA%D0%BD%D0%BE%20app/dist/electron/main.js');
    expect(paths.rendererIndexPath).toBe('/home/okno/окно app/dist/renderer/index.html');
    expect(paths.appUrl).toBe('file:///home/okno/%D0%BE%D0%BA%D0%BD%D0%BE%20app/dist/renderer/index.html');
  });
});
