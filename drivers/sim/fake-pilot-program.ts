import { fileURLToPath } from 'node:url';

/**
 * The fake card pilot (`fake-pilot.mjs` beside this file): an executable Node script that acts as
 * `kiosk-config/payment-profiles/fake-pilot.json` says. Pass it as `command` to `PilotTerminal`,
 * with a working directory of its own; its faults are listed at the head of the script.
 */
export const FAKE_PILOT_PATH = fileURLToPath(new URL('./fake-pilot.mjs', import.meta.url));
