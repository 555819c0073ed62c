// at: kiosk-config/src/contract/probe.ts
// rule: only-shell-and-preload-import-electron
// Portable code never imports electron.
import { ipcRenderer } from 'electron';
