import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { findAppRoot } from '../../electron/services/app-root';

/** Creates `test-artifacts/` at the app root, where tests leave screenshots and files to look at, and returns its path. */
export async function testArtifactsDir(): Promise<string> {
  const dir = path.join(findAppRoot().dir, 'test-artifacts');
  await mkdir(dir, { recursive: true });
  return dir;
}
