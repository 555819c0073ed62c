import { type ReactNode, useState } from 'react';
import type { KioskApi, SetClockAnswer, TechnicianLinkView } from '../../../../kiosk-config/src/index';
import { zonedFormat } from '../../ui/zoned-format';
import { agoText, circuitText, contentStateText, offsetText } from './link-texts';
import { usePolledCall } from './use-polled-call';

/** What the technician frame gives a page (`TechnicianPageProps`; not imported: the page registry imports the pages). */
interface PageProps {
  api: KioskApi;
  /** The office's time zone, for the times shown. */
  timeZone: string;
}

const askLink = (api: KioskApi) => api.call('technician.link.status', {});

const SET_CLOCK_TEXTS: Record<Exclude<SetClockAnswer['outcome'], 'failed' | 'set'>, string> = {
  ntp_active: 'Время синхронизируется автоматически',
  not_measured: 'Время центра ещё не измерено: нажмите «Проверить связь»',
  already_right: 'Часы верны: менять нечего',
};

function setClockText(answer: SetClockAnswer): string {
  if (answer.outcome === 'set') return 'Время установлено по центру';
  if (answer.outcome === 'failed') return `Не удалось установить время: ${answer.problem}`;
  return SET_CLOCK_TEXTS[answer.outcome];
}

/** One labelled row of the page. */
function Row({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div className="svc-row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/**
 * «Связь и содержимое»: whether the hub answers, which kiosk and office this is at the hub, what
 * waits in the outbox, the content release and its state, the clock and its offset to the hub's
 * (with a button to take the hub's time where network time does not keep the clock).
 */
export function LinkPage({ api, timeZone }: PageProps) {
  const { value: view, set } = usePolledCall(api, askLink, 5_000);
  const [busy, setBusy] = useState(false);
  const [clockMessage, setClockMessage] = useState<string | undefined>(undefined);
  const time = zonedFormat('ru-RU', { dateStyle: 'short', timeStyle: 'medium' }, timeZone);

  const check = async () => {
    setBusy(true);
    const answer = await api.call('technician.link.check', {});
    if (answer.ok) set(answer.value);
    setBusy(false);
  };
  const takeHubTime = async () => {
    setBusy(true);
    const answer = await api.call('technician.clock.setFromHub', {});
    setClockMessage(answer.ok ? setClockText(answer.value) : 'Не удалось установить время');
    setBusy(false);
  };

  if (view === undefined) return <p className="svc-note">Загружается…</p>;
  const now = Date.parse(view.clock.kioskTime);
  return (
    <section className="svc-page" data-testid="link-page">
      <h2 className="svc-title">Связь и содержимое</h2>
      <dl className="svc-rows">
        <Row label="Центр" testId="link-hub">
          <span className={view.hub.circuit === 'closed' ? 'svc-good' : 'svc-bad'}>{circuitText(view.hub)}</span>
        </Row>
        <Row label="Последняя связь" testId="link-last-contact">
          {view.hub.lastContactAt ? agoText(view.hub.lastContactAt, now) : 'ещё не было'}
        </Row>
        <Row label="Терминал" testId="link-enrollment">
          {view.kioskId}
          {view.enrollment.enrolled ? `, офис ${view.enrollment.officeId}` : ' — не подключён к центру'}
        </Row>
        <Row label="Ждут отправки" testId="link-outbox">
          <OutboxText view={view} now={now} />
        </Row>
        <Row label="Содержимое" testId="link-content">
          <ContentText view={view} now={now} />
        </Row>
        <Row label="Время терминала" testId="link-clock">
          {time.format(new Date(now))}
          {view.clock.systemTimeZone ? ` (${view.clock.systemTimeZone})` : ''}
        </Row>
        <Row label="Расхождение с центром" testId="link-offset">
          {view.clock.offset
            ? offsetText(view.clock.offset.offsetMs, view.clock.offset.uncertaintyMs)
            : 'ещё не измерено'}
        </Row>
        <Row label="Синхронизация" testId="link-ntp">
          {view.clock.ntp
            ? view.clock.ntp.active
              ? `автоматическая${view.clock.ntp.synchronized ? ', выполнена' : ', ещё не выполнена'}`
              : 'выключена'
            : `неизвестно (${view.clock.problem ?? 'timedatectl не ответил'})`}
        </Row>
      </dl>
      <div className="svc-actions">
        <button
          type="button"
          className="svc-button"
          data-testid="link-check"
          disabled={busy}
          onClick={() => void check()}
        >
          Проверить связь
        </button>
        <button
          type="button"
          className="svc-button"
          data-testid="link-take-hub-time"
          disabled={busy}
          onClick={() => void takeHubTime()}
        >
          Взять время у центра
        </button>
      </div>
      {clockMessage && (
        <p className="svc-note" data-testid="link-clock-message" role="status">
          {clockMessage}
        </p>
      )}
    </section>
  );
}

function OutboxText({ view, now }: { view: TechnicianLinkView; now: number }) {
  const total = view.outbox.reduce((sum, lane) => sum + lane.count, 0);
  if (total === 0) return <>ничего</>;
  const oldest = view.outbox
    .map((lane) => lane.oldestAt)
    .filter((at): at is string => at !== undefined)
    .sort()[0];
  const first = view.outbox.find((lane) => lane.lane === 'first')?.count ?? 0;
  return (
    <>
      {total} (талонов без связи: {first}, прочего: {total - first})
      {oldest ? `, самое давнее — ${agoText(oldest, now)}` : ''}
    </>
  );
}

function ContentText({ view, now }: { view: TechnicianLinkView; now: number }) {
  const { content } = view;
  if (!content.enabled) return <>канал содержимого выключен</>;
  return (
    <>
      {content.version === undefined ? 'нет выпуска' : `выпуск ${content.version}`}
      {content.state ? `, ${contentStateText(content.state)}` : ''}
      {content.reason ? ` (${content.reason})` : ''}
      {content.lastCheckAt ? `; проверено ${agoText(content.lastCheckAt, now)}` : '; ещё не проверялось'}
    </>
  );
}
