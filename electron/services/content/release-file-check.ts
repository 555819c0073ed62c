import { readFile } from 'node:fs/promises';
import { checkContentFile } from '../../../kiosk-config/src/content/check-content-file';
import type { ReleaseManifest } from '../../../kiosk-config/src/content/release-manifest';
import { fail, ok, type Result } from '../../../kiosk-config/src/index';
import type { ContentStore } from './content-store';

/**
 * Checks every file of a downloaded release with the same portable checks the hub ran before
 * signing (`checkContentFile`: size cap, JSON schema, media header): a signed file is only as
 * good as the publisher's machine, and the screens must never be handed a file they cannot show.
 * The blobs are already verified by hash; this reads them one at a time from the store.
 */
export async function checkReleaseFiles(
  store: ContentStore,
  manifest: ReleaseManifest,
): Promise<Result<void, 'bad_file'>> {
  for (const file of manifest.files) {
    const bytes = await readFile(store.blobPath(file.sha256));
    const checked = checkContentFile(file.kind, bytes);
    if (!checked.ok) return fail('bad_file', `${file.path} (${file.kind}): ${checked.error.message}`);
  }
  return ok(undefined);
}
