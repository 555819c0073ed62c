import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { CatalogueFile, KioskConfig } from '../../../kiosk-config/src/index';

/** A config or content file that cannot be used; the message names the file and the field. */
export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
  }
}

/** The loaded config with paths resolved against the config file's folder. */
export interface LoadedKioskConfig {
  file: string;
  config: KioskConfig;
  /** Absolute data folder. */
  dataDir: string;
  /** Absolute path of the catalogue file. */
  cataloguePath: string;
  /** Absolute path of the content channel's pinned root (`content.trustedRootFile`), if given. */
  trustedContentRoot?: string;
}

/**
 * Reads and validates the kiosk config file.
 *
 * Throws `ConfigFileError` naming the file and each bad field (`devices.printer.connection.kind:
 * Invalid input…`), so a technician on the phone can be told exactly what to fix.
 */
export async function loadKioskConfig(file: string): Promise<LoadedKioskConfig> {
  const config = await readJsonFile(file, KioskConfig);
  const folder = path.dirname(path.resolve(file));
  return {
    file: path.resolve(file),
    config,
    dataDir: path.resolve(folder, config.dataDir),
    cataloguePath: path.resolve(folder, config.catalogue),
    ...(config.content.trustedRootFile === undefined
      ? {}
      : { trustedContentRoot: path.resolve(folder, config.content.trustedRootFile) }),
  };
}

/** Reads and validates the services catalogue file. */
export async function loadCatalogue(file: string): Promise<CatalogueFile> {
  return readJsonFile(file, CatalogueFile);
}

/** Reads a JSON file and validates it; every failure is a `ConfigFileError`. */
export async function readJsonFile<T extends z.ZodType>(file: string, schema: T): Promise<z.output<T>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigFileError(file, [code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? 'error'})`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigFileError(
      file,
      parsed.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}
