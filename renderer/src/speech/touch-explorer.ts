import { CHOICE_SELECTOR } from './screen-reading';

/** Marks a part of the page whose controls act on the first touch even while exploring: the speech's own controls. */
export const DIRECT_CONTROL = 'data-speak-direct';

/** What the explorer asks of the page. */
export interface TouchExplorerHooks {
  /** The first touch on a control: say what it is (it is not pressed). */
  announce(control: HTMLElement): void;
  /** Whether a control is in the visitor's part of the page (not the technician's, not a shield). */
  explores(control: HTMLElement): boolean;
}

/**
 * Explore by touch, as on talking ATMs: while speech is on, the first touch on a control names it
 * and does nothing else; a second touch on the same control, or the confirm key (Enter), presses it.
 * It listens on the document in the capture phase, so the page's own handlers (React's, at its
 * root) never see the first touch. Returns how to stop.
 */
export function exploreByTouch(document: Document, hooks: TouchExplorerHooks): { stop(): void; forget(): void } {
  let armed: HTMLElement | null = null;
  let pressing = false;

  const onClick = (event: MouseEvent) => {
    if (pressing) return;
    const target = event.target instanceof Element ? event.target.closest<HTMLElement>(CHOICE_SELECTOR) : null;
    if (target === null || target.closest(`[${DIRECT_CONTROL}]`) !== null || !hooks.explores(target)) return;
    if (target === armed) {
      armed = null;
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    armed = target;
    hooks.announce(target);
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || armed === null) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const control = armed;
    armed = null;
    if (!control.isConnected) return;
    pressing = true;
    try {
      control.click();
    } finally {
      pressing = false;
    }
  };

  document.addEventListener('click', onClick, true);
  document.addEventListener('keydown', onKey, true);
  return {
    stop() {
      document.removeEventListener('click', onClick, true);
      document.removeEventListener('keydown', onKey, true);
      armed = null;
    },
    /** A new screen: nothing stays chosen from the last one. */
    forget() {
      armed = null;
    },
  };
}
