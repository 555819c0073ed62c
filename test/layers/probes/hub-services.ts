// at: hub/server/probe.ts
// rule: hub-imports-only-hub-and-kiosk-config
// The hub shares only kiosk-config with the kiosk.
import type { KioskCore } from '../../electron/services/kiosk-core';
