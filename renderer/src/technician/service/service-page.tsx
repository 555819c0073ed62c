import { useState } from 'react';
import type { KioskApi, TechnicianServiceView } from '../../../../kiosk-config/src/index';
import { zonedFormat } from '../../ui/zoned-format';
import { sizeText } from '../link/link-texts';
import { usePolledCall } from '../link/use-polled-call';
import { conditionText, deviceName, usbExportText, visitorStateText } from './service-texts';

/** What the technician frame gives a page (`TechnicianPageProps`; not imported: the page registry imports the pages). */
interface PageProps {
  api: KioskApi;
  /** The office's time zone, for the times shown. */
  timeZone: string;
}

const askService = (api: KioskApi) => api.call('technician.service.status', {});

type Volume = { device: string; label?: string | undefined; sizeBytes?: number | undefined; fsType: string };

/**
 * «Обслуживание»: put the kiosk out of service and back (the mode the centre's command sets),
 * the kiosk's health problems, its recent log lines (allow-listed: no visitor data), and the
 * logs with a diagnostic bundle to a USB stick or to the hub.
 */
export function ServicePage({ api, timeZone }: PageProps) {
  const { value: view, set } = usePolledCall(api, askService, 5_000);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [volumes, setVolumes] = useState<Volume[] | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const time = zonedFormat('ru-RU', { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }, timeZone);
  const clock = zonedFormat('ru-RU', { hour: '2-digit', minute: '2-digit', second: '2-digit' }, timeZone);

  const act = async (what: string, run: () => Promise<void>) => {
    setBusy(what);
    try {
      await run();
    } finally {
      setBusy(undefined);
    }
  };
  const setInService = (inService: boolean) =>
    act('mode', async () => {
      const answer = await api.call('technician.service.set', { inService });
      if (answer.ok) set(answer.value);
    });
  const findSticks = () =>
    act('find', async () => {
      setMessage(undefined);
      const answer = await api.call('technician.export.volumes', {});
      if (!answer.ok) return setMessage('Не удалось найти флешки');
      if (answer.value.outcome === 'failed') return setMessage(`Не удалось найти флешки: ${answer.value.problem}`);
      setVolumes(answer.value.volumes);
      if (answer.value.volumes.length === 0)
        setMessage('Флешка не найдена: вставьте её и нажмите «Найти флешку» ещё раз');
    });
  const writeTo = (device: string) =>
    act('usb', async () => {
      setMessage('Идёт запись и проверка. Не вынимайте флешку…');
      const answer = await api.call('technician.export.toUsb', { device });
      setMessage(answer.ok ? usbExportText(answer.value) : 'Запись не удалась');
      if (answer.ok && answer.value.outcome === 'done') setVolumes(undefined);
    });
  const sendToHub = () =>
    act('hub', async () => {
      setMessage('Отправляется в центр…');
      const answer = await api.call('technician.export.toHub', {});
      setMessage(
        answer.ok && answer.value.outcome === 'sent'
          ? 'Журналы и сведения о терминале отправлены в центр'
          : `Не удалось отправить в центр${answer.ok && answer.value.outcome === 'failed' ? `: ${answer.value.problem}` : ''}`,
      );
    });

  if (view === undefined) return <p className="svc-note">Загружается…</p>;
  const inService = view.mode.inService;
  return (
    <section className="svc-page" data-testid="service-page">
      <h2 className="svc-title">Обслуживание</h2>
      <p className={inService ? 'svc-good' : 'svc-bad'} data-testid="service-state">
        {visitorStateText(view.visitor)}
        {view.changed && (
          <span className="svc-small">
            {' '}
            ({view.changed.by === 'centre' ? 'по команде центра' : `техник ${view.changed.person ?? ''}`},{' '}
            {time.format(new Date(view.changed.at))})
          </span>
        )}
      </p>
      <div className="svc-actions">
        {inService ? (
          <button
            type="button"
            className="svc-button svc-button-warn"
            data-testid="service-out"
            disabled={busy !== undefined}
            onClick={() => void setInService(false)}
          >
            Вывести из работы
          </button>
        ) : (
          <button
            type="button"
            className="svc-button"
            data-testid="service-in"
            disabled={busy !== undefined}
            onClick={() => void setInService(true)}
          >
            Вернуть в работу
          </button>
        )}
      </div>

      <h3 className="svc-subtitle">Неполадки</h3>
      <Problems view={view} format={(at) => time.format(new Date(at))} />

      <h3 className="svc-subtitle">Журналы и диагностика</h3>
      <div className="svc-actions">
        <button
          type="button"
          className="svc-button"
          data-testid="export-find"
          disabled={busy !== undefined}
          onClick={() => void findSticks()}
        >
          Найти флешку
        </button>
        <button
          type="button"
          className="svc-button"
          data-testid="export-hub"
          disabled={busy !== undefined}
          onClick={() => void sendToHub()}
        >
          Отправить в центр
        </button>
      </div>
      {volumes && volumes.length > 0 && (
        <div className="svc-actions">
          {volumes.map((volume) => (
            <button
              key={volume.device}
              type="button"
              className="svc-button"
              data-testid="export-usb"
              disabled={busy !== undefined}
              onClick={() => void writeTo(volume.device)}
            >
              Записать на {volume.label ?? volume.device}
              {volume.sizeBytes === undefined ? '' : ` (${sizeText(volume.sizeBytes)})`}
            </button>
          ))}
        </div>
      )}
      {message && (
        <p className="svc-note" data-testid="export-message" role="status">
          {message}
        </p>
      )}

      <h3 className="svc-subtitle">Последние записи журнала</h3>
      <ol className="svc-log" data-testid="service-log">
        {/* Newest first: what just happened is what the technician looks for. */}
        {[...view.logLines].reverse().map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole at each poll; two lines may share time and text
          <li key={`${line.at}-${index}`} className={`svc-log-${line.level}`}>
            <span className="svc-log-time">{clock.format(new Date(line.at))}</span>{' '}
            {line.component ? `[${line.component}] ` : ''}
            {line.message}
            {line.details.length > 0 ? ` (${line.details.join(', ')})` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Problems({ view, format }: { view: TechnicianServiceView; format: (at: string) => string }) {
  const items: string[] = [];
  for (const device of view.devices) {
    if (device.condition !== 'ok' && device.condition !== 'ready') {
      items.push(`${deviceName(device.kind)}: ${conditionText(device.condition)} с ${format(device.since)}`);
    } else if (device.lastError) {
      items.push(
        `${deviceName(device.kind)}: в порядке; последняя неполадка — ${conditionText(device.lastError.code)}, ${format(device.lastError.at)}`,
      );
    }
  }
  if (view.link === 'unstable') items.push('Связь с центром неустойчива');
  if (view.paymentsNeedingAttention > 0) items.push(`Платежей требуют внимания: ${view.paymentsNeedingAttention}`);
  if (view.freeDiskMiB !== undefined && view.freeDiskMiB < 1024)
    items.push(`Мало места на диске: ${view.freeDiskMiB} МБ`);
  if (items.length === 0)
    return (
      <p className="svc-good" data-testid="service-problems">
        Неполадок нет
      </p>
    );
  return (
    <ul className="svc-list" data-testid="service-problems">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}
