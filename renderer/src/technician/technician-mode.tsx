import { useEffect, useRef, useState } from 'react';
import type { KioskApi, TechnicianStateView } from '../../../kiosk-config/src/index';
import { zonedFormat } from '../ui/zoned-format';
import { technicianPages } from './technician-pages';

/** A touch tells the main side at most this often (each one moves the mode's end ahead). */
const ACTIVITY_EVERY_MS = 5_000;

export interface TechnicianModeProps {
  api: KioskApi;
  state: Extract<TechnicianStateView, { open: true }>;
  timeZone: string;
}

/**
 * The technician mode's whole screen: «Идёт обслуживание терминала» with the time it should end
 * (what a visitor who walks up reads), the menu of pages, the open page, and «Выйти». It shows no
 * visitor data: the pages ask the main side only for the kiosk's own state.
 */
export function TechnicianMode({ api, state, timeZone }: TechnicianModeProps) {
  const [pageId, setPageId] = useState(technicianPages[0]?.id);
  const page = technicianPages.find((candidate) => candidate.id === pageId) ?? technicianPages[0];
  const lastActivity = useRef(0);
  const endsAt = zonedFormat('ru-RU', { hour: '2-digit', minute: '2-digit' }, timeZone).format(new Date(state.endsAt));

  // Any touch keeps the mode open; the main side decides when it ends.
  const touched = () => {
    const now = Date.now();
    if (now - lastActivity.current < ACTIVITY_EVERY_MS) return;
    lastActivity.current = now;
    void api.call('technician.activity', {});
  };
  useEffect(() => {
    lastActivity.current = Date.now();
  }, []);

  return (
    <div className="technician" data-technician="" data-testid="technician-mode" onPointerDown={touched}>
      <header className="technician-banner" data-testid="technician-banner">
        <p className="technician-banner-title">Идёт обслуживание терминала</p>
        <p className="technician-banner-until" data-testid="technician-until">
          до {endsAt}
        </p>
        <p className="technician-banner-person">{state.person}</p>
        <button
          type="button"
          className="technician-exit"
          data-testid="technician-exit"
          onClick={() => void api.call('technician.exit', {})}
        >
          Выйти
        </button>
      </header>
      <div className="technician-body">
        <nav className="technician-menu" aria-label="Разделы обслуживания">
          {technicianPages.map((candidate) => (
            <button
              key={candidate.id}
              type="button"
              className="technician-tab"
              data-testid={`technician-tab-${candidate.id}`}
              aria-current={candidate.id === page?.id ? 'page' : undefined}
              onClick={() => setPageId(candidate.id)}
            >
              {candidate.title}
            </button>
          ))}
        </nav>
        <main className="technician-page" data-testid={page ? `technician-page-${page.id}` : 'technician-page-none'}>
          {page ? <page.Page api={api} timeZone={timeZone} /> : <p>Нет разделов.</p>}
        </main>
      </div>
    </div>
  );
}
