// at: electron/services/api/probe.ts
// rule: services-not-shell-preload-or-host
// The core never imports a host.
import type { BrowserHost } from '../../host/host-server';
