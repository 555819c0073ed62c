// at: renderer/src/journeys/payment/probe.ts
// rule: renderer-imports-only-portable
// The pilot driver spawns processes: Node only.
import { PilotTerminal } from '../../../../drivers/payment/pilot/pilot-terminal';
