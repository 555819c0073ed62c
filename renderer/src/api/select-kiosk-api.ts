import { type KioskApi, type KioskBridge, WIRE_PATH } from '../../../kiosk-config/src/index';
import { createElectronKioskApi } from './electron-kiosk-api';
import { createWebSocketKioskApi } from './ws-kiosk-api';

/** Tells whether a value looks like the bridge the Electron preload exposes as `window.kiosk`. */
export function isKioskBridge(value: unknown): value is KioskBridge {
  if (typeof value !== 'object' || value === null) return false;
  const { calls, events } = value as { calls?: unknown; events?: unknown };
  return typeof calls === 'object' && calls !== null && typeof events === 'object' && events !== null;
}

/** The browser host's WebSocket endpoint for a page served from `host` (e.g. `127.0.0.1:8080`). */
export function hostSocketUrl(host: string): string {
  return `ws://${host}${WIRE_PATH}`;
}

/**
 * Picks how the UI reaches the kiosk: the Electron preload's bridge when `window.kiosk` exists,
 * else the browser host's WebSocket on the page's own host (the session cookie the host set at
 * the bootstrap address authenticates it).
 */
export function selectKioskApi(win: Window & { kiosk?: unknown } = window): KioskApi {
  if (isKioskBridge(win.kiosk)) return createElectronKioskApi(win.kiosk);
  return createWebSocketKioskApi(hostSocketUrl(win.location.host));
}
