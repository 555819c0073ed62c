import { type ReactNode, useRef } from 'react';
import { BackIcon, HomeIcon, MoreIcon } from './icons';
import { useMoreBelow } from './use-more-below';

/** What every screen but home is made of. */
export interface ScreenProps {
  /** The screen root's `data-testid` (see renderer/TESTIDS.md). */
  testId: string;
  /** The big heading that says where the visitor is. */
  title: ReactNode;
  children?: ReactNode;
  /** «Назад»; leave it out where back would lead home anyway. */
  onBack?: (() => void) | undefined;
  /** «На главную». */
  onHome: () => void;
  /** A modifier class for screens that lay out their body differently. */
  variant?: 'centered' | undefined;
  /** An extra class on the screen root, for one screen's own styles. */
  className?: string | undefined;
}

/**
 * The frame of a screen: heading, a body that scrolls when it must, and the navigation bar
 * at the bottom, always in the same place, with words and not only icons.
 */
export function Screen({ testId, title, children, onBack, onHome, variant, className }: ScreenProps) {
  const body = useRef<HTMLDivElement>(null);
  const { moreBelow, showMore } = useMoreBelow(body);
  const classes = ['screen', variant === 'centered' ? 'screen-centered' : '', className ?? ''].filter(Boolean);
  return (
    <main className={classes.join(' ')} data-testid={testId}>
      <h1 className="screen-title">{title}</h1>
      <div className="screen-body" ref={body}>
        {children}
        {moreBelow && (
          <button
            type="button"
            className="button button-primary more-below"
            data-testid="scroll-more"
            onClick={showMore}
          >
            <MoreIcon />
            <span>Показать ещё</span>
          </button>
        )}
      </div>
      <nav className="nav-bar" aria-label="Навигация">
        {onBack !== undefined && (
          <button type="button" className="button button-secondary nav-button" data-testid="nav-back" onClick={onBack}>
            <BackIcon />
            <span>Назад</span>
          </button>
        )}
        <button type="button" className="button button-secondary nav-button" data-testid="nav-home" onClick={onHome}>
          <HomeIcon />
          <span>На главную</span>
        </button>
      </nav>
    </main>
  );
}
