// Where Debian's PostgreSQL keeps its server programs: /usr/lib/postgresql/<major>/bin, not on
// PATH (the `postgresql` package puts only client wrappers there). No dependencies: setup.mjs
// runs before node_modules exists.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';

/** The newest installed PostgreSQL's bin folder holding `initdb` and `postgres`, or undefined. */
export function postgresBinDir(root = DEBIAN_POSTGRES_ROOT) {
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const bin = path.join(root, major, 'bin');
    if (existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'postgres'))) return bin;
  }
  return undefined;
}
