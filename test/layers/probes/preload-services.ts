// at: electron/preload/probe.ts
// rule: preload-imports-only-the-contract
// The sandboxed preload exposes the contract only.
import type { KioskCore } from '../services/kiosk-core';
