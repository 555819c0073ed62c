import type { ContentView } from '../../../kiosk-config/src/index';

/** What the screens show without a content release: no announcements, no loop, built-in texts. */
export const NO_CONTENT: ContentView = { announcements: [], texts: {}, attract: [] };

/**
 * The content the screens show, and a newer view waiting for an idle moment.
 *
 * A new release (a catalogue, texts, announcements) must never change a screen under a visitor's
 * finger: it is held as `pending` while a visit is under way and shown at the next idle moment.
 */
export interface ContentState {
  shown: ContentView;
  pending: ContentView | undefined;
}

export const initialContentState: ContentState = { shown: NO_CONTENT, pending: undefined };

/** A view came from the main side: shown at once when idle, else held until the next idle moment. */
export function receiveView(state: ContentState, view: ContentView, idle: boolean): ContentState {
  return idle ? { shown: view, pending: undefined } : { shown: state.shown, pending: view };
}

/** The kiosk's idleness changed: a held view is shown once it is idle. */
export function settleView(state: ContentState, idle: boolean): ContentState {
  if (!idle || state.pending === undefined) return state;
  return { shown: state.pending, pending: undefined };
}

/** The distinct files of a view the screens need loaded before the release counts as healthy. */
export function filesToLoad(view: ContentView): { url: string; kind: 'image' | 'video' }[] {
  const seen = new Map<string, 'image' | 'video'>();
  for (const item of view.attract) if (!seen.has(item.url)) seen.set(item.url, item.kind);
  return [...seen].map(([url, kind]) => ({ url, kind }));
}

/** Announcements the home screen shows at most: the newest first, as the office orders them. */
export const MAX_HOME_ANNOUNCEMENTS = 10;
