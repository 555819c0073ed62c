import { type ReactNode, useRef } from 'react';
import { useT } from '../i18n/use-t';
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
  /**
   * «На главную». Left out only where the visitor must not leave: a card payment under way
   * (the card screen); the navigation bar is then not drawn at all.
   */
  onHome: (() => void) | undefined;
  /**
   * The screen's answer (search, pay, confirm): pinned under the body, above the navigation bar,
   * so it is on screen without scrolling however long the body grows (at «Крупнее» it does).
   */
  actions?: ReactNode;
  /** A modifier class for screens that lay out their body differently. */
  variant?: 'centered' | undefined;
  /** An extra class on the screen root, for one screen's own styles. */
  className?: string | undefined;
}

/**
 * The frame of a screen: heading, a body that scrolls when it must (with «Показать ещё» beneath
 * it while there is more below), the screen's answer pinned
 * beneath it, and the navigation bar at the bottom, always in the same place, with words and not
 * only icons.
 */
export function Screen({ testId, title, children, actions, onBack, onHome, variant, className }: ScreenProps) {
  const t = useT();
  const body = useRef<HTMLDivElement>(null);
  const { moreBelow, scrolls, showMore } = useMoreBelow(body);
  const classes = ['screen', variant === 'centered' ? 'screen-centered' : '', className ?? ''].filter(Boolean);
  return (
    <main className={classes.join(' ')} data-testid={testId}>
      <h1 className="screen-title">{title}</h1>
      {/* A body that scrolls takes focus, so a keyboard (a technician's, a switch) can scroll it too. */}
      <div className="screen-body" ref={body} tabIndex={scrolls ? 0 : undefined}>
        {children}
      </div>
      {/* Beneath the body, never over it; its row kept while the body scrolls, so nothing moves. */}
      {moreBelow ? (
        <button type="button" className="button button-primary more-below" data-testid="scroll-more" onClick={showMore}>
          <MoreIcon />
          <span>{t('common.more')}</span>
        </button>
      ) : (
        scrolls && <div className="more-below more-below-space" aria-hidden="true" />
      )}
      {actions !== undefined && <div className="screen-actions">{actions}</div>}
      {(onBack !== undefined || onHome !== undefined) && (
        <nav className="nav-bar" aria-label={t('common.navigation')}>
          {onBack !== undefined && (
            <NavButton testId="nav-back" icon={<BackIcon />} label={t('common.back')} onPress={onBack} />
          )}
          {onHome !== undefined && (
            <NavButton testId="nav-home" icon={<HomeIcon />} label={t('common.home')} onPress={onHome} />
          )}
        </nav>
      )}
    </main>
  );
}

/** A button of the navigation bar: an icon and its word, never an icon alone. */
function NavButton(props: { testId: string; icon: ReactNode; label: string; onPress: () => void }) {
  return (
    <button
      type="button"
      className="button button-secondary nav-button"
      data-testid={props.testId}
      onClick={props.onPress}
    >
      {props.icon}
      <span>{props.label}</span>
    </button>
  );
}
