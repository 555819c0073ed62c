import type { BrowserWindowConstructorOptions } from 'electron';

/** What the window's options depend on. */
export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (`dist/electron/preload.cjs`). */
  preloadPath: string;
  /** Developer mode: a framed, resizable window with DevTools. Never on a kiosk. */
  dev: boolean;
}

/**
 * The background painted before the UI's first frame (and behind a crashed renderer): the UI's
 * calm light page colour, so that a reload never flashes black or white at the visitor.
 */
export const KIOSK_BACKGROUND_COLOR = '#f4f1ea';

/**
 * Builds the kiosk window's options.
 *
 * The page gets no Node, runs sandboxed and isolated from the preload, and reaches the main side
 * only through the preload's verbs. The window covers the screen with no frame or menu and is
 * shown only once its first frame is painted (`ready-to-show`), so the visitor never sees a
 * half-drawn page.
 */
export function createWindowOptions({ preloadPath, dev }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    // A developer needs a window to close and move; a kiosk must never leave full screen.
    kiosk: !dev,
    fullscreen: !dev,
    frame: dev,
    autoHideMenuBar: true,
    resizable: dev,
    movable: dev,
    minimizable: dev,
    maximizable: dev,
    fullscreenable: !dev,
    skipTaskbar: !dev,
    width: 1280,
    height: 1024,
    backgroundColor: KIOSK_BACKGROUND_COLOR,
    show: false,
    title: 'Okno',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      enableWebSQL: false,
      spellcheck: false,
      devTools: dev,
      navigateOnDragDrop: false,
      // Sound (voice hints) only after a touch: the attract loop never speaks to an empty room.
      autoplayPolicy: 'user-gesture-required',
      // alert()/confirm() would freeze a screen no one can dismiss with a keyboard.
      disableDialogs: true,
      // The kiosk's window is always visible: keep its timers and animations at full speed.
      backgroundThrottling: false,
      zoomFactor: 1,
    },
  };
}
