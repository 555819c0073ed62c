import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import { buildKioskBridge } from '../../kiosk-config/src/contract/bridge';

/**
 * The kiosk window's preload: exposes `window.kiosk`, one verb per call of the KioskApi and one
 * subscribe function per event, and nothing else (no generic `send(channel)`, no `ipcRenderer`).
 *
 * Sandboxed, so bundled by esbuild to CommonJS (`dist/electron/preload.cjs`). The page never
 * gets the `IpcRendererEvent`: it would hand it the sender and ports of the IPC channel.
 * Validation happens on both ends (main side: input; renderer: answers), not here.
 */
const bridge = buildKioskBridge(
  (channel, input) => ipcRenderer.invoke(channel, input),
  (channel, listener) => {
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
);

contextBridge.exposeInMainWorld('kiosk', bridge);
