import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { HubConfigFile } from './server/hub-config';

/** Where the CLIs keep the database when neither `--db` nor `OKNO_HUB_DB` says. */
export const DEFAULT_HUB_DB = '.okno-data/hub/hub.sqlite';

/** Reads and validates a hub config file (JSON); a readable error names the bad fields. */
export function readHubConfigFile(file: string): HubConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the hub config ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = HubConfigFile.safeParse(json);
  if (!parsed.success) throw new Error(`invalid hub config ${file}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** A port from a flag or variable: an integer 0…65535, or a clear error. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port: ${value}`);
  return port;
}
