import type { ContentView } from '../../../kiosk-config/src/index';
import { filesToLoad } from './content-state';

/** How long the files of a release may take to load before the release is reported unhealthy. */
export const FILES_LOAD_DEADLINE_MS = 40_000;

/** Whether every file a release's screens need loaded, or a short technical line why not. */
export type FilesLoaded = { ok: true } | { ok: false; problem: string };

/** `/content/<sha256>` → `<first 12 hex>`: enough for a technician to find the file in the release. */
function shortName(url: string): string {
  return url.replace('/content/', '').slice(0, 12);
}

/** Decodes one image off-screen: `decode()` rejects when the browser cannot draw its bytes. */
async function loadImage(url: string): Promise<void> {
  const image = new Image();
  image.src = url;
  await image.decode();
}

/**
 * Loads one video off-screen (detached, muted) until the browser can play it: `canplaythrough`,
 * or `loadeddata` (enough for the first frame); an `error` means it cannot be played.
 */
function loadVideo(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const video = document.createElement('video');
    const done = (error?: Error) => {
      video.removeAttribute('src');
      video.load();
      if (error === undefined) resolve();
      else reject(error);
    };
    video.muted = true;
    video.preload = 'auto';
    video.addEventListener('canplaythrough', () => done(), { once: true });
    video.addEventListener('loadeddata', () => done(), { once: true });
    video.addEventListener('error', () => done(new Error(`media error ${video.error?.code ?? '?'}`)), { once: true });
    video.src = url;
    video.load();
  });
}

/**
 * Loads every file of the view's screens (the attract loop's images decoded, videos playable),
 * off-screen and one after another (a kiosk's link and disk are slow; the loop plays them in
 * order anyway). The first failure ends it with a line naming the file's kind and hash prefix,
 * never anything a visitor typed; so does the deadline.
 */
export async function preloadContentFiles(
  view: ContentView,
  deadlineMs: number = FILES_LOAD_DEADLINE_MS,
): Promise<FilesLoaded> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<FilesLoaded>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, problem: `content files not loaded within ${Math.round(deadlineMs / 1000)} s` }),
      deadlineMs,
    );
  });
  const loading = (async (): Promise<FilesLoaded> => {
    for (const file of filesToLoad(view)) {
      try {
        await (file.kind === 'image' ? loadImage(file.url) : loadVideo(file.url));
      } catch (error) {
        const why = error instanceof Error ? error.message.slice(0, 80) : 'unknown error';
        return { ok: false, problem: `attract ${file.kind} ${shortName(file.url)} failed to load: ${why}` };
      }
    }
    return { ok: true };
  })();
  try {
    return await Promise.race([loading, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
