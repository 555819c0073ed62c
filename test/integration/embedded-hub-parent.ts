/**
 * A stand-in for the Electron shell in `embedded-hub-process.test.ts`: starts the demo hub as its
 * child (`startEmbeddedHubProcess`), prints `{ pid, url }` of that child, and waits to be killed.
 * Usage: `node embedded-hub-parent.mjs <dataDir>`.
 */
import { startEmbeddedHubProcess } from '../../electron/services/hub/embedded-hub';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: embedded-hub-parent <dataDir>');
const hub = await startEmbeddedHubProcess({ dataDir, nodeBinary: process.execPath });
process.stdout.write(`${JSON.stringify({ pid: hub.pid, url: hub.override.url })}\n`);
setInterval(() => {}, 60_000);
