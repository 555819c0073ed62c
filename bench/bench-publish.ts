import type { ContentFolderFile } from '../hub/content/content-folder';
import { type ContentChannel, publishFiles } from '../hub/content/content-publisher';
import type { ContentReleaseRecord } from '../hub/content/content-store';
import type { SigningKey } from '../hub/content/signing-keys';

/** Publishes `files` to every kiosk at once (as `content publish DIR --all` does), or throws the problems. */
export async function publishToAll(
  channel: ContentChannel,
  publisherKey: SigningKey,
  files: readonly ContentFolderFile[],
): Promise<ContentReleaseRecord> {
  const outcome = await publishFiles(channel, files, {
    audience: { kind: 'all' },
    stagePercent: 100,
    publisherKey,
    now: new Date(),
    actor: 'bench',
  });
  if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
  return outcome.release;
}
