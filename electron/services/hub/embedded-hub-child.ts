/**
 * The embedded demo hub in a plain Node process of its own.
 *
 * The Electron shell uses it: better-sqlite3 is compiled for the system's Node, whose native ABI
 * differs from Electron's, so the hub cannot load inside Electron's main process. Usage:
 * `node dist/hub/embedded-hub-child.js <dataDir>`; prints one JSON line `{url, provisioningToken}`
 * when it listens, stops on SIGTERM or when its parent goes away (stdin closes).
 */
import { openLogger } from '../logging/logger';
import { startEmbeddedHub } from './embedded-hub';

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: embedded-hub-child <dataDir>\n');
  process.exit(2);
}
const hub = await startEmbeddedHub({ dataDir, log: await openLogger({ dataDir, name: 'okno-hub' }) });
process.stdout.write(`${JSON.stringify(hub.override)}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await hub.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// The parent (the kiosk) holds our stdin open; when it dies, so do we.
process.stdin.on('end', () => void stop());
process.stdin.resume();
