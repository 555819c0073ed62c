import { useEffect, useMemo, useState } from 'react';
import { WindowMark } from '../ui/icons';
import { zonedFormat } from '../ui/zoned-format';

/** Formats in the office's zone; an unknown zone falls back to the machine's rather than failing. */
function formats(timeZone: string) {
  return {
    time: zonedFormat('ru-RU', { hour: '2-digit', minute: '2-digit' }, timeZone),
    date: zonedFormat('ru-RU', { day: 'numeric', month: 'long' }, timeZone),
  };
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
  const format = useMemo(() => formats(timeZone), [timeZone]);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark">
          <WindowMark />
        </span>
        <span className="brand-text">
          <span className="brand-name">Мои Документы</span>
          <span className="office-name" data-testid="office-name">
            {officeName}
          </span>
        </span>
      </div>
      <div className="clock">
        <span className="clock-time">{format.time.format(now)}</span>
        <span className="clock-date">{format.date.format(now)}</span>
      </div>
    </header>
  );
}
