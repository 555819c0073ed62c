import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseJson } from '../services/parse-json';
import { writeFileDurably } from '../services/storage/durable-file';

/** The part of Chromium's `Default/Preferences` that says how the last run ended. */
const Preferences = z.looseObject({
  profile: z.looseObject({ exit_type: z.string().optional(), exited_cleanly: z.boolean().optional() }).optional(),
});

/**
 * Marks the kiosk browser's profile as ended cleanly before a relaunch. A browser that was killed
 * or crashed leaves `exit_type: "Crashed"`, and the next start would offer to restore the old
 * pages («Chromium не был правильно завершён»: a bubble over the home screen that no visitor
 * should meet, and an old one-time address to restore). Nothing to do for a fresh profile; a file
 * that is not the expected JSON is left alone.
 */
export async function markProfileExitedCleanly(profileDir: string): Promise<void> {
  const file = path.join(profileDir, 'Default', 'Preferences');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const parsed = Preferences.safeParse(parseJson(text));
  if (!parsed.success) return;
  const profile = parsed.data.profile ?? {};
  if (profile.exit_type !== 'Crashed' && profile.exited_cleanly !== false) return;
  await writeFileDurably(
    file,
    JSON.stringify({ ...parsed.data, profile: { ...profile, exit_type: 'Normal', exited_cleanly: true } }),
  );
}
