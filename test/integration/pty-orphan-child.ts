// A process that sets up a simulated device's PTY pair, says where, and waits to be killed
// (pty-orphan.test.ts). Bundled by bundleCrashChild.
import { createPtyPair } from '../../drivers/sim/pty-pair';

const pair = await createPtyPair();
process.stdout.write(`${JSON.stringify({ devicePath: pair.devicePath })}\n`);
// Kept alive until killed.
setInterval(() => {}, 60_000);
