// at: renderer/src/journeys/payment/probe.ts
// rule: renderer-imports-only-portable
// The renderer reaches the card terminal only through the KioskApi.
import type { ZvtTerminal } from '../../../../drivers/payment/zvt/zvt-terminal';
