// at: electron/services/tickets/probe.ts
// rule: services-not-shell-preload-or-host
// The core must run without Electron, under the browser host.
import { readShellFlags } from '../../shell/shell-flags';
