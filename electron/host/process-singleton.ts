import { connect } from 'node:net';
import path from 'node:path';

/**
 * Hands a command line to the Chromium that holds `profileDir`, as a second `chromium` process
 * started on that profile would (Chromium's process singleton, `process_singleton_posix.cc`):
 * `START\0<cwd>\0<argv…>` on the profile's `SingletonSocket`, the writing side shut, then `ACK`.
 * The running browser opens what the command line asks for (here `--app=…`: an app window). Done
 * from here rather than by starting that second process, which on a loaded kiosk PC takes a second
 * just to load the binary.
 */
export function handToRunningBrowser(profileDir: string, argv: readonly string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(path.join(profileDir, 'SingletonSocket'));
    let answer = '';
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`no ACK from the running browser in ${timeoutMs} ms`)), timeoutMs);
    socket.on('error', fail);
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
    });
    socket.on('end', () => {
      if (!answer.startsWith('ACK')) {
        fail(new Error('the running browser did not take the command line'));
        return;
      }
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.on('connect', () => socket.end(['START', process.cwd(), ...argv].join('\0')));
  });
}
