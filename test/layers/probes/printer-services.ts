// at: drivers/printer/probe.ts
// rule: drivers-import-only-drivers
// Drivers never import the services above them.
import { createKioskCore } from '../../electron/services/kiosk-core';
