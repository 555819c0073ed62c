import { useEffect, useRef, useState } from 'react';
import type { ContentView, KioskApi } from '../../../kiosk-config/src/index';
import { parseCallResult } from '../api/validate';
import { type ContentState, initialContentState, receiveView, settleView } from './content-state';
import { type FilesLoaded, preloadContentFiles } from './preload-content-files';

/** How long to wait before asking `content.current` again after a failed call. */
const RETRY_MS = 5_000;

/** Loads a release's files; `preloadContentFiles` unless a test gives another. */
export type LoadContentFiles = (view: ContentView) => Promise<FilesLoaded>;

/**
 * The content release the screens show (`content.current`), asked at start and at each
 * `content.changed`, and applied only at an idle moment.
 *
 * - Every answer is checked against the contract (`parseCallResult`): nothing unchecked is shown.
 *   A failed call keeps what is shown and asks again a little later.
 * - A view that comes while a visit is under way is held, and shown when the kiosk is idle again
 *   (`idle`: the journey at home, no visit under way), never mid-journey.
 * - Once a release is shown on the home screen (`homeDrawn`) and every file it needs has loaded
 *   (`preloadContentFiles`), the page sends `content.healthy` for it: once per release, `ok:false`
 *   with a short technical line when a file fails. The main side confirms or rolls back a release
 *   on trial with it, and answers `accepted:false` for any other: sending it is always harmless.
 *
 * @param idle whether a new view may be shown now
 * @param homeDrawn whether the home screen is on screen now
 */
export function useContent(
  api: KioskApi,
  idle: boolean,
  homeDrawn: boolean,
  loadFiles: LoadContentFiles = preloadContentFiles,
): ContentView {
  const [state, setState] = useState<ContentState>(initialContentState);
  const idleRef = useRef(idle);
  idleRef.current = idle;
  const reported = useRef(new Set<string>());

  useEffect(() => {
    let active = true;
    let asked = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      clearTimeout(retry);
      // Answers may cross: only the newest question's answer is used.
      asked += 1;
      const question = asked;
      const result = parseCallResult('content.current', await api.call('content.current', {}));
      if (!active || question !== asked) return;
      if (result.ok) setState((state) => receiveView(state, result.value, idleRef.current));
      else retry = setTimeout(() => void ask(), RETRY_MS);
    };
    void ask();
    const off = api.on('content.changed', () => void ask());
    return () => {
      active = false;
      clearTimeout(retry);
      off();
    };
  }, [api]);

  useEffect(() => {
    setState((state) => settleView(state, idle));
  }, [idle]);

  const shown = state.shown;
  useEffect(() => {
    const releaseId = shown.releaseId;
    if (releaseId === undefined || !homeDrawn || reported.current.has(releaseId)) return;
    reported.current.add(releaseId);
    // After the frame that draws the home screen with this release, then its files.
    let started = false;
    const frame = requestAnimationFrame(() => {
      started = true;
      void loadFiles(shown).then((loaded) =>
        api.call(
          'content.healthy',
          loaded.ok ? { releaseId, ok: true } : { releaseId, ok: false, problem: loaded.problem },
        ),
      );
    });
    return () => {
      // Home left (or StrictMode's trial unmount) before that frame: not drawn, so not reported yet.
      if (started) return;
      cancelAnimationFrame(frame);
      reported.current.delete(releaseId);
    };
  }, [api, shown, homeDrawn, loadFiles]);

  return shown;
}
