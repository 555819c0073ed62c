import { useEffect, useMemo, useState } from 'react';
import { type CalendarLanguage, dayOfMonth } from '../i18n/calendar-words';
import { useT } from '../i18n/use-t';
import { WindowMark } from '../ui/icons';
import { zonedFormat } from '../ui/zoned-format';

/** Formats in the office's zone; an unknown zone falls back to the machine's rather than failing. */
function formats(timeZone: string) {
  return {
    time: zonedFormat('ru-RU', { hour: '2-digit', minute: '2-digit' }, timeZone),
    // Day and month as numbers: the words come from our own tables in the visitor's language.
    date: zonedFormat('en-GB', { day: 'numeric', month: 'numeric' }, timeZone),
  };
}

/** «7 декабря», «7 December», «7 декабрь»: the office's date in the visitor's language. */
function headerDate(format: Intl.DateTimeFormat, now: Date, language: CalendarLanguage): string {
  const parts = format.formatToParts(now);
  const number = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value);
  return dayOfMonth(language, number('day'), number('month') - 1);
}

function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const tick = setInterval(() => setNow(new Date()), 10_000);
    return () => clearInterval(tick);
  }, []);
  return now;
}

/** The band at the top of every screen: the centre's name, the office, the time. */
export function AppHeader({ officeName, timeZone }: { officeName: string; timeZone: string }) {
  const now = useNow();
  const t = useT();
  const format = useMemo(() => formats(timeZone), [timeZone]);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark">
          <WindowMark />
        </span>
        <span className="brand-text">
          <span className="brand-name">{t('common.brand')}</span>
          <span className="office-name" data-testid="office-name" data-i18n-data>
            {officeName}
          </span>
        </span>
      </div>
      <div className="clock" data-i18n-data>
        <span className="clock-time">{format.time.format(now)}</span>
        <span className="clock-date">{headerDate(format.date, now, t.language)}</span>
      </div>
    </header>
  );
}
