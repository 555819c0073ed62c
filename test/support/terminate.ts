import type { ChildProcess } from 'node:child_process';

/** SIGTERM (a graceful stop) to a child the test started, and waits for its exit; nothing when it has already ended. */
export async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
