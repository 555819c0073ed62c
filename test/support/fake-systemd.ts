import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * systemd's notification socket (`NOTIFY_SOCKET`), played by a few lines of Debian's python3:
 * a unix datagram socket whose messages are collected. `recv` takes no ancillary data, so the
 * kernel closes the pipe `systemd-notify` passes for its barrier, as systemd does once it has
 * read a message (socat keeps such a descriptor open, and the barrier then times out).
 */
export class FakeSystemd {
  readonly socket: string;
  readonly #child: ReturnType<typeof spawn>;
  #received = '';

  private constructor(socket: string) {
    this.socket = socket;
    this.#child = spawn(
      '/usr/bin/python3',
      [
        '-u',
        '-c',
        'import socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\ns.bind(sys.argv[1])\nwhile True:\n    sys.stdout.write(s.recv(4096).decode() + "\\n")',
        socket,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    this.#child.stdout?.on('data', (chunk: Buffer) => {
      this.#received += chunk.toString('utf8');
    });
  }

  /** Starts listening on a fresh socket; resolves once it is bound. */
  static async start(): Promise<FakeSystemd> {
    const socket = path.join(await mkdtemp(path.join(tmpdir(), 'okno-notify-')), 'notify.sock');
    const systemd = new FakeSystemd(socket);
    const deadline = Date.now() + 10_000;
    while (!existsSync(socket)) {
      if (Date.now() > deadline) throw new Error('the fake systemd did not bind its socket');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return systemd;
  }

  /** Every notification received so far, one `VAR=value` a line. */
  get received(): string {
    return this.#received;
  }

  stop(): void {
    this.#child.kill();
  }
}
