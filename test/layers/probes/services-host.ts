// at: electron/services/api/probe.ts
// rule: services-not-shell-preload-or-host
// The core never imports a host.
import { startHostServer } from '../../host/host-server';
