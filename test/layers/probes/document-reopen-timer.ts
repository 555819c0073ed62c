// at: drivers/document/probe.ts
// rule: portable-imports-only-portable
// drivers/document is pure since its serial reader moved to drivers/scanner.
import { ReopenTimer } from '../transport/reopen-timer';
