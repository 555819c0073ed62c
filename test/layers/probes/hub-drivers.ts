// at: hub/db/probe.ts
// rule: hub-imports-only-hub-and-kiosk-config
// The hub has no devices.
import type { EncodeReceiptResult } from '../../drivers/escpos/escpos-encoder';
