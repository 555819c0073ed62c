// at: kiosk-config/src/probe.ts
// rule: portable-imports-only-portable
// Logging happens on the main side.
import pino from 'pino';
