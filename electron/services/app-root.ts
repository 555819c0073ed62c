import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The app's root folder (holding package.json) and version, found from this module upward. */
export interface AppRoot {
  dir: string;
  version: string;
}

let cached: AppRoot | undefined;

/**
 * Finds the folder of Okno's package.json, whether running from sources (vitest), from the
 * bundles in `dist/`, or packaged by electron-builder (where package.json sits in app.asar).
 */
export function findAppRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): AppRoot {
  if (cached) return cached;
  let dir = from;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'okno') {
        cached = { dir, version: pkg.version ?? '0.0.0' };
        return cached;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find Okno's package.json above ${from}`);
    dir = parent;
  }
}

/** The embedded default config: simulated devices, a demo office and catalogue. */
export function defaultConfigPath(): string {
  return path.join(findAppRoot().dir, 'kiosk-config', 'defaults', 'kiosk.json');
}

/** The folder of printer profiles shipped with the app. */
export function printerProfilesDir(): string {
  return path.join(findAppRoot().dir, 'kiosk-config', 'printer-profiles');
}

/** The folder of payment (pilot) profiles shipped with the app. */
export function paymentProfilesDir(): string {
  return path.join(findAppRoot().dir, 'kiosk-config', 'payment-profiles');
}
