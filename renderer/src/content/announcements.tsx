import { useRef } from 'react';
import { MoreIcon } from '../ui/icons';
import { useMoreBelow } from '../ui/use-more-below';
import { type Announcement, useAnnouncements, useText } from './content-context';
import { MAX_HOME_ANNOUNCEMENTS } from './content-state';

/**
 * The office's announcements on the home screen: the newest ones (as the office orders them), in
 * a calm box that scrolls when they do not fit, with «Показать ещё» for visitors who do not swipe.
 * Nothing at all without announcements.
 */
export function Announcements() {
  const announcements = useAnnouncements().slice(0, MAX_HOME_ANNOUNCEMENTS);
  if (announcements.length === 0) return null;
  return <AnnouncementsBox announcements={announcements} />;
}

/** Mounted only with announcements, so the box exists when `useMoreBelow` starts watching it. */
function AnnouncementsBox({ announcements }: { announcements: readonly Announcement[] }) {
  const title = useText('home.announcements.title');
  const more = useText('home.announcements.more');
  const box = useRef<HTMLDivElement>(null);
  const { moreBelow, showMore } = useMoreBelow(box);
  return (
    <section className="announcements" data-testid="home-announcements" aria-label={title}>
      <h2 className="announcements-title">{title}</h2>
      <div className="announcements-list" ref={box} data-i18n-data>
        {announcements.map((a) => (
          <article key={a.id} className="announcement" data-testid={`announcement-${a.id}`}>
            <h3 className="announcement-title">{a.title}</h3>
            {a.body !== '' && <p className="announcement-body">{a.body}</p>}
          </article>
        ))}
        {moreBelow && (
          <button
            type="button"
            className="button button-primary more-below"
            data-testid="announcements-more"
            onClick={showMore}
          >
            <MoreIcon />
            <span>{more}</span>
          </button>
        )}
      </div>
    </section>
  );
}
