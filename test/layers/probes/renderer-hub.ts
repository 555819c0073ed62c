// at: renderer/src/journeys/status/probe.ts
// rule: renderer-imports-only-portable
// The renderer never talks to the hub's code.
import { createHubApp } from '../../../../hub/server/hub-app';
