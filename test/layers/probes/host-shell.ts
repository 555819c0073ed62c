// at: electron/host/probe.ts
// rule: host-not-shell-or-preload
// The browser host runs where no Electron is installed.
import { isBlockedShortcut } from '../shell/lockdown';
