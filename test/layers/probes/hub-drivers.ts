// at: hub/db/probe.ts
// rule: hub-imports-only-hub-and-kiosk-config
// The hub has no devices.
import { encodeReceipt } from '../../drivers/escpos/escpos-encoder';
