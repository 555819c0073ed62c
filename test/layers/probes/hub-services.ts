// at: hub/server/probe.ts
// rule: hub-imports-only-hub-and-kiosk-config
// The hub shares only kiosk-config with the kiosk.
import { createKioskCore } from '../../electron/services/kiosk-core';
