import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';

/**
 * A folder of device profiles (`<id>.json`, each validated by a zod schema), the way printer and
 * payment profiles are shipped in `kiosk-config/`: device differences as data, read here on the
 * Node side, with errors a technician on the phone can act on.
 */

/** A profile that cannot be used; the message names the kind, the file and each bad field. */
export class ProfileError extends Error {
  override readonly name: string = 'ProfileError';
  constructor(
    /** What the profiles describe, as the message says it: `printer`, `payment`. */
    readonly kind: string,
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${kind} profile ${file}: ${problems.join('; ')}`);
  }
}

/** Profile ids are file names: lowercase words and digits joined by hyphens, nothing else. */
const PROFILE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What a profile folder needs to know about its kind of profile. */
export interface ProfileFolderSpec<T extends { id: string }> {
  schema: z.ZodType<T>;
  /** Where the shipped profiles are, when a caller names no folder. */
  defaultDir: string;
  /** A shipped id, quoted when an id is malformed (e.g. `generic-80mm`). */
  exampleId: string;
  /** The kind's own error (a subclass of `ProfileError`), so callers can tell a printer's from a terminal's. */
  error: (file: string, problems: string[]) => ProfileError;
}

/** Options of loading and listing: where the profiles are (default: the kind's shipped folder; a bundled app passes its own). */
export interface ProfileFolderOptions {
  dir?: string;
}

/** Loading, validating and listing one kind of profile. */
export interface ProfileFolder<T extends { id: string }> {
  /** Reads and validates `<id>.json`; the id must match the file's name. Throws the kind's `ProfileError`. */
  load(id: string, options?: ProfileFolderOptions): Promise<T>;
  /** Validates a profile's JSON text; `file` names it in errors. With `expectedId`, the profile's id must be that. */
  parse(text: string, file: string, expectedId?: string): T;
  /** The ids of the profiles in the folder, sorted. */
  list(options?: ProfileFolderOptions): Promise<string[]>;
}

/** The loader of one kind of profile. */
export function profileFolder<T extends { id: string }>(spec: ProfileFolderSpec<T>): ProfileFolder<T> {
  const list = async (options: ProfileFolderOptions = {}): Promise<string[]> => {
    const entries = await readdir(options.dir ?? spec.defaultDir);
    return entries
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .filter((id) => PROFILE_ID.test(id))
      .sort();
  };

  const parse = (text: string, file: string, expectedId?: string): T => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw spec.error(file, [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`]);
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      throw spec.error(
        file,
        parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
      );
    }
    if (expectedId !== undefined && parsed.data.id !== expectedId) {
      throw spec.error(file, [`id: "${parsed.data.id}" does not match the file name "${expectedId}"`]);
    }
    return parsed.data;
  };

  const load = async (id: string, options: ProfileFolderOptions = {}): Promise<T> => {
    const dir = options.dir ?? spec.defaultDir;
    if (!PROFILE_ID.test(id)) {
      // Checked before touching the disk: an id like `../x` must not read outside the folder.
      throw spec.error(id, [`a profile id is lowercase letters, digits and hyphens (e.g. ${spec.exampleId})`]);
    }
    const file = path.join(dir, `${id}.json`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        const known = await list({ dir }).catch(() => []);
        throw spec.error(file, [`file not found${known.length > 0 ? ` (known profiles: ${known.join(', ')})` : ''}`]);
      }
      throw spec.error(file, [`cannot read (${code ?? 'error'})`]);
    }
    return parse(text, file, id);
  };

  return { load, parse, list };
}
