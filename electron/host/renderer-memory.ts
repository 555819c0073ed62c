import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The resident memory (bytes) of the largest renderer process under the kiosk's browser, read
 * from /proc: the memory ceiling's measure where the debugging pipe is refused (the managed
 * policy's `DeveloperToolsAvailability: 2`, as the package installs it). The kiosk shows one
 * page, so the largest renderer is its page. Throws when the browser has no renderer.
 */
export async function rendererResidentBytes(browserPid: number, procDir = '/proc'): Promise<number> {
  const pids = (await readdir(procDir)).filter((name) => /^\d+$/.test(name)).map(Number);
  const parents = new Map<number, number>();
  await Promise.all(
    pids.map(async (pid) => {
      const stat = await readFile(path.join(procDir, String(pid), 'stat'), 'utf8').catch(() => undefined);
      const parent = stat === undefined ? undefined : parentOfStat(stat);
      if (parent !== undefined) parents.set(pid, parent);
    }),
  );
  const descends = (pid: number): boolean => {
    // Bounded: a process's ancestry is short, and a malformed table must not loop.
    for (let at = parents.get(pid), hops = 0; at !== undefined && hops < 64; at = parents.get(at), hops++) {
      if (at === browserPid) return true;
    }
    return false;
  };
  let largest: number | undefined;
  for (const pid of pids.filter(descends)) {
    const dir = path.join(procDir, String(pid));
    const cmdline = await readFile(path.join(dir, 'cmdline'), 'utf8').catch(() => '');
    if (!cmdline.split('\0').includes('--type=renderer')) continue;
    const status = await readFile(path.join(dir, 'status'), 'utf8').catch(() => '');
    const rss = residentBytesOfStatus(status);
    if (rss !== undefined && (largest === undefined || rss > largest)) largest = rss;
  }
  if (largest === undefined) throw new Error(`the browser (pid ${browserPid}) has no renderer process`);
  return largest;
}

/** The parent pid from /proc/<pid>/stat ("pid (comm) state ppid …"; comm may hold spaces and parentheses). */
export function parentOfStat(stat: string): number | undefined {
  const fields = stat
    .slice(stat.lastIndexOf(')') + 1)
    .trim()
    .split(/\s+/);
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
}

/** VmRSS from /proc/<pid>/status, in bytes ("VmRSS:   123456 kB"). */
export function residentBytesOfStatus(status: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}
