import { type RefObject, useCallback, useEffect, useState } from 'react';

/**
 * Whether a scrolling box has more content below what is shown, and whether it scrolls at all
 * (more above or below), kept up to date as the box scrolls, resizes or its content changes; and
 * a function that shows the next part.
 *
 * Visitors new to touch screens often do not know to swipe: a button that says there is more
 * (and scrolls on a tap) works for them, and swiping still works for everyone else.
 */
export function useMoreBelow(ref: RefObject<HTMLElement | null>): {
  moreBelow: boolean;
  scrolls: boolean;
  showMore: () => void;
} {
  const [moreBelow, setMoreBelow] = useState(false);
  const [scrolls, setScrolls] = useState(false);

  useEffect(() => {
    const box = ref.current;
    if (box === null) return;
    const check = () => {
      setMoreBelow(box.scrollTop + box.clientHeight < box.scrollHeight - 8);
      setScrolls(box.clientHeight < box.scrollHeight - 8);
    };
    check();
    box.addEventListener('scroll', check, { passive: true });
    const resizes = new ResizeObserver(check);
    resizes.observe(box);
    const changes = new MutationObserver(check);
    changes.observe(box, { childList: true, subtree: true, characterData: true });
    return () => {
      box.removeEventListener('scroll', check);
      resizes.disconnect();
      changes.disconnect();
    };
  }, [ref]);

  const showMore = useCallback(() => {
    const box = ref.current;
    box?.scrollBy({ top: box.clientHeight * 0.7, behavior: 'smooth' });
  }, [ref]);

  return { moreBelow, scrolls, showMore };
}
