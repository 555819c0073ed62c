import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** How a fake `lp` behaves: queues the job, refuses it, hangs, or hangs and ignores SIGTERM. */
export type FakeLpBehaviour = 'queues' | 'refuses' | 'hangs' | 'hangs-ignoring-sigterm';

/** A fake CUPS `lp` in a temp folder, for tests: what it was given, and its process id. */
export interface FakeLp {
  /** The executable to configure as `officePrinter.command`. */
  command: string;
  /** The arguments and `LC_ALL` it was started with (once it has run). */
  invocation(): Promise<{ args: string[]; lcAll: string | undefined }>;
  /** The bytes it read on stdin (`queues` only). */
  received(): Promise<Buffer>;
  /** Its process id (`hangs…` only, written as soon as it starts). */
  pid(): Promise<number>;
  remove(): Promise<void>;
}

/**
 * Writes a fake `lp`: a Node script run through its shebang, as `lp` would be (no shell). It
 * records its arguments, its stdin and its pid in its folder and answers as CUPS's `lp` does:
 * `request id is office_a4-12 (0 file(s))` on stdout, or `lp: The printer or class does not
 * exist.` on stderr with exit status 1.
 */
export async function writeFakeLp(behaviour: FakeLpBehaviour): Promise<FakeLp> {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-fake-lp-'));
  const file = (name: string) => path.join(dir, name);
  const script = `#!${process.execPath}
const fs = require('node:fs');
const behaviour = ${JSON.stringify(behaviour)};
fs.writeFileSync(${JSON.stringify(file('pid'))}, String(process.pid));
fs.writeFileSync(${JSON.stringify(file('invocation.json'))}, JSON.stringify({ args: process.argv.slice(2), lcAll: process.env.LC_ALL }));
if (behaviour === 'refuses') {
  process.stderr.write('lp: The printer or class does not exist.\\n');
  process.exit(1);
}
if (behaviour.startsWith('hangs')) {
  if (behaviour === 'hangs-ignoring-sigterm') process.on('SIGTERM', () => {});
  setInterval(() => {}, 1000);
} else {
  const chunks = [];
  process.stdin.on('data', (chunk) => chunks.push(chunk));
  process.stdin.on('end', () => {
    fs.writeFileSync(${JSON.stringify(file('stdin.bin'))}, Buffer.concat(chunks));
    process.stdout.write('request id is ' + process.argv[3] + '-12 (0 file(s))\\n');
  });
}
`;
  const command = file('lp');
  await writeFile(command, script);
  await chmod(command, 0o755);
  return {
    command,
    invocation: async () => JSON.parse(await readFile(file('invocation.json'), 'utf8')),
    received: () => readFile(file('stdin.bin')),
    pid: async () => {
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const text = await readFile(file('pid'), 'utf8').catch(() => '');
        if (text) return Number(text);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('the fake lp never started');
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Whether a process is still there (signal 0 checks without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
