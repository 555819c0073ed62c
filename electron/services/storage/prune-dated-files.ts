import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Deletes the files of `dir` whose name carries a date (`pattern`'s first group, `YYYY-MM-DD`)
 * before `keepFrom`; other files are left alone, and a missing folder has nothing to prune.
 * Returns the dates deleted, oldest first.
 */
export async function pruneDatedFiles(dir: string, pattern: RegExp, keepFrom: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const deleted: string[] = [];
  for (const name of names) {
    const date = pattern.exec(name)?.[1];
    if (date === undefined || date >= keepFrom) continue;
    await rm(path.join(dir, name), { force: true });
    deleted.push(date);
  }
  return deleted.sort();
}
