import { describe, expect, it } from 'vitest';
import { createWindowOptions, KIOSK_BACKGROUND_COLOR } from './window-options';

const preloadPath = '/opt/Okno/resources/app.asar/dist/electron/preload.cjs';

describe('createWindowOptions', () => {
  it('makes a frameless full-screen kiosk window, hidden until its first paint', () => {
    const options = createWindowOptions({ preloadPath, dev: false });
    expect(options).toMatchObject({
      kiosk: true,
      fullscreen: true,
      frame: false,
      autoHideMenuBar: true,
      resizable: false,
      show: false,
      backgroundColor: KIOSK_BACKGROUND_COLOR,
    });
  });

  it('isolates and sandboxes the page and gives it no Node', () => {
    const prefs = createWindowOptions({ preloadPath, dev: false }).webPreferences;
    expect(prefs).toMatchObject({
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools: false,
      navigateOnDragDrop: false,
      autoplayPolicy: 'user-gesture-required',
    });
  });

  it('opens DevTools and a framed window in developer mode, with the same security flags', () => {
    const dev = createWindowOptions({ preloadPath, dev: true });
    const kiosk = createWindowOptions({ preloadPath, dev: false });
    expect(dev.webPreferences?.devTools).toBe(true);
    expect(dev.kiosk).toBe(false);
    expect(dev.frame).toBe(true);
    const { devTools: _devDevTools, ...devSecurity } = dev.webPreferences ?? {};
    const { devTools: _kioskDevTools, ...kioskSecurity } = kiosk.webPreferences ?? {};
    expect(devSecurity).toEqual(kioskSecurity);
  });
});
