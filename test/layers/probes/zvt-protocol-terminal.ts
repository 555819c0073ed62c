// at: drivers/payment/zvt/protocol/probe.ts
// rule: portable-imports-only-portable
// The protocol must not reach up into the driver that uses it.
import { ZvtTerminal } from '../zvt-terminal';
