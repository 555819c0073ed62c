// at: renderer/src/journeys/probe.ts
// rule: renderer-imports-only-portable
// The renderer reaches the services only through the KioskApi.
import type { KioskCore } from '../../../electron/services/kiosk-core';
