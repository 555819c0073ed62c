// at: electron/services/session/probe.ts
// rule: only-shell-and-preload-import-electron
// Services stay plain Node.
import { app } from 'electron';
