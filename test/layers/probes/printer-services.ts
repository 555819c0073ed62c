// at: drivers/printer/probe.ts
// rule: drivers-import-only-drivers
// Drivers never import the services above them.
import type { KioskCore } from '../../electron/services/kiosk-core';
