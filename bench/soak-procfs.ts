import { readdirSync, readFileSync } from 'node:fs';

/** Open file descriptors of a process (`/proc/<pid>/fd`). */
export function openFds(pid: number | 'self'): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** A process's direct children, from every thread's `children` list. */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    if (text !== '') children.push(...text.split(/\s+/u).map(Number));
  }
  return children;
}

/** A process and all its descendants (those still there when read). */
export function processTree(pid: number): number[] {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    try {
      tree.push(...childPids(tree[i] ?? pid));
    } catch {
      // It exited while being read.
    }
  }
  return tree;
}

/** A process's command name (`/proc/<pid>/comm`), or `?` once it is gone. */
export function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/** Open file descriptors of all these processes together (those still there). */
export function openFdsOf(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += openFds(pid);
    } catch {
      // It exited while being read.
    }
  }
  return total;
}
