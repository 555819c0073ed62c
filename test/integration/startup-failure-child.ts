/**
 * A kiosk process for `startup-failure.test.ts`, bundled by the test with esbuild and run with
 * node: starts the real core (simulated devices on PTYs, hub services, the setup store's timers)
 * with a config whose later part cannot start, and prints `failed <message>` and
 * `children <pids>` (the processes it still has: socat behind a simulator left running shows
 * here). It never calls `process.exit`: the test expects it to end by itself, which it only does
 * once nothing it started keeps its event loop alive.
 *
 * Usage: `startup-failure-child <config> <hubUrl> <token>`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { startKioskCore } from '../../electron/services/composition-root';

const [configPath, url, provisioningToken] = process.argv.slice(2);
if (!configPath || !url || !provisioningToken) {
  process.stderr.write('usage: startup-failure-child <config> <hubUrl> <token>\n');
  process.exit(2);
}

try {
  await startKioskCore({ host: 'browser-host', configPath, hub: { url, provisioningToken } });
  process.stdout.write('started\n');
} catch (error) {
  process.stdout.write(`failed ${JSON.stringify(error instanceof Error ? error.message : String(error))}\n`);
}
process.stdout.write(`children ${JSON.stringify(await childProcesses())}\n`);

/** The live processes whose parent is this one (from /proc). */
async function childProcesses(): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    const parent = Number(/^PPid:\s+(\d+)/mu.exec(status)?.[1] ?? 0);
    if (parent === process.pid && !/^State:\s+Z/mu.test(status)) children.push(Number(entry));
  }
  return children;
}
