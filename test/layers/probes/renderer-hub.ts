// at: renderer/src/status/probe.ts
// rule: renderer-imports-only-portable
// The renderer never talks to the hub's code.
import { buildHubApp } from '../../../hub/server/hub-app';
