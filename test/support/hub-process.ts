import { type ChildProcess, spawn } from 'node:child_process';
import { terminate } from './terminate';

/** A hub running from its bundle (`dist/hub/main.js`) in a process of its own. */
export interface HubProcess {
  process: ChildProcess;
  /** Its base URL, as it printed it. */
  url: string;
  /** Its JSON log lines so far (stderr). */
  log(): string;
  /** SIGTERM (a graceful stop), and waits for the exit; nothing when it has already ended. */
  stop(): Promise<void>;
}

/**
 * Runs `node dist/hub/main.js <args>` (the bundle `hub/run.mjs build` makes) and resolves once it
 * printed its URL; rejects with its log when it exits first.
 */
export function startHubProcess(main: string, args: readonly string[]): Promise<HubProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--enable-source-maps', main, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Decoded as streams, so a UTF-8 character split between two chunks stays whole.
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    let stdout = '';
    let stderr = '';
    let listening = false;
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const onExit = (code: number | null) => reject(new Error(`the hub exited (${code}) before listening:\n${stderr}`));
    child.once('exit', onExit);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const url = /^okno hub listening on (\S+)$/m.exec(stdout)?.[1];
      if (url === undefined || listening) return;
      listening = true;
      child.off('exit', onExit);
      resolve({
        process: child,
        url,
        log: () => stderr,
        stop: () => terminate(child),
      });
    });
  });
}
