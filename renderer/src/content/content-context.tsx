import { createContext, type ReactNode, useContext, useEffect } from 'react';
import type { ContentView } from '../../../kiosk-config/src/index';
import { useT } from '../i18n/use-t';
import { NO_CONTENT } from './content-state';
import { type ScreenTextKey, screenText } from './screen-texts';

/** One announcement of the home screen, as `content.current` gives it. */
export type Announcement = ContentView['announcements'][number];

/** What the screens read of the content shown, and how the home screen says it is on screen. */
interface ContentScreens {
  view: ContentView;
  onHomeShown(shown: boolean): void;
}

/** Without a provider (a journey tested alone): no content, the built-in Russian. */
const ContentContext = createContext<ContentScreens>({ view: NO_CONTENT, onHomeShown: () => {} });

/** Gives the screens below it the content shown now (`useContent`) and learns when home is on screen. */
export function ContentProvider(props: {
  view: ContentView;
  onHomeShown: (shown: boolean) => void;
  children: ReactNode;
}) {
  return (
    <ContentContext.Provider value={{ view: props.view, onHomeShown: props.onHomeShown }}>
      {props.children}
    </ContentContext.Provider>
  );
}

/** A screen text in the visitor's language: the current release's, or the catalog's (`screen-texts.ts`). */
export function useText(key: ScreenTextKey): string {
  return screenText(key, useContext(ContentContext).view.texts, useT());
}

/** The announcements current now, in the office's order (newest first). */
export function useAnnouncements(): readonly Announcement[] {
  return useContext(ContentContext).view.announcements;
}

/** Called by the home screen: tells the page while it is on screen (an idle moment may come). */
export function useHomePresence(): void {
  const { onHomeShown } = useContext(ContentContext);
  useEffect(() => {
    onHomeShown(true);
    return () => onHomeShown(false);
  }, [onHomeShown]);
}

/** The office's phone from the current release's office details, if it gives one (the help dialog's fallback). */
export function useOfficePhone(): string | undefined {
  return useContext(ContentContext).view.office?.phone;
}
