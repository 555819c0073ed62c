// at: drivers/escpos/probe.ts
// rule: portable-imports-only-portable
// A sibling path: the protocol must not open the port.
import { SerialTransport } from '../transport/serial-transport';
