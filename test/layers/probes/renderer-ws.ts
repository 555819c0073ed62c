// at: renderer/src/api/probe.ts
// rule: renderer-imports-only-portable
// The renderer uses the browser's WebSocket.
import { WebSocket } from 'ws';
