import { useEffect, useState } from 'react';
import type { EnrollConfirmAnswer, EnrollPreviewAnswer, KioskApi } from '../../../../kiosk-config/src/index';
import { zonedFormat } from '../../ui/zoned-format';
import { usePolledCall } from '../link/use-polled-call';

/** What the technician frame gives a page (`TechnicianPageProps`; not imported: the page registry imports the pages). */
interface PageProps {
  api: KioskApi;
  /** The office's time zone, for the times shown. */
  timeZone: string;
}

const askLink = (api: KioskApi) => api.call('technician.link.status', {});

type Refusal = Exclude<EnrollPreviewAnswer | EnrollConfirmAnswer, { outcome: 'ready' } | { outcome: 'enrolled' }>;

/** Why a code cannot enroll this kiosk, for the technician. */
function refusalText(answer: Refusal): string {
  switch (answer.outcome) {
    case 'not_enrollment_code':
      return 'Это не код подключения. Покажите сканеру QR-код, который выдал центр';
    case 'other_kiosk':
      return `Код выпущен для другого терминала (${answer.kioskId}). Попросите в центре код для этого терминала`;
    case 'expired':
      return 'Срок действия кода истёк. Попросите в центре новый код';
    case 'already_enrolled':
      return `Терминал уже подключён к центру (офис ${answer.officeId})`;
    case 'refused':
      return 'Центр не принял код: он неверный, уже использован или просрочен. Попросите новый код';
    case 'rate_limited':
      return 'Слишком много попыток. Подождите минуту и попробуйте снова';
    case 'hub_unreachable':
      return 'Нет связи с центром. Проверьте сеть и попробуйте снова: код не потрачен';
  }
}

/**
 * «Подключение к центру»: the technician shows the scanner the QR of the one-time code the
 * centre issued (`admin.js create-enrollment-code`); the page shows the office the code names
 * and enrolls on «Подключить». The office comes from the code: nothing is typed.
 */
export function EnrollPage({ api, timeZone }: PageProps) {
  const { value: link, refresh } = usePolledCall(api, askLink, 10_000);
  const [scanned, setScanned] = useState<{ text: string; preview: EnrollPreviewAnswer } | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const until = zonedFormat('ru-RU', { dateStyle: 'short', timeStyle: 'short' }, timeZone);

  useEffect(
    () =>
      api.on('scanner.scanned', (code) => {
        void api.call('technician.enroll.preview', { text: code.text.slice(0, 1024) || ' ' }).then((answer) => {
          setMessage(undefined);
          if (answer.ok) setScanned({ text: code.text, preview: answer.value });
        });
      }),
    [api],
  );

  const confirm = async (text: string) => {
    setBusy(true);
    const answer = await api.call('technician.enroll.confirm', { text });
    setBusy(false);
    setScanned(undefined);
    if (!answer.ok) return setMessage('Не удалось подключить терминал');
    setMessage(
      answer.value.outcome === 'enrolled'
        ? `Терминал подключён к центру: офис ${answer.value.officeId}`
        : refusalText(answer.value),
    );
    await refresh();
  };

  if (link === undefined) return <p className="svc-note">Загружается…</p>;
  const preview = scanned?.preview;
  return (
    <section className="svc-page" data-testid="enroll-page">
      <h2 className="svc-title">Подключение к центру</h2>
      {link.enrollment.enrolled ? (
        <p className="svc-good" data-testid="enroll-state">
          Терминал {link.kioskId} подключён к центру: офис {link.enrollment.officeId}
        </p>
      ) : (
        <p className="svc-bad" data-testid="enroll-state">
          Терминал {link.kioskId} не подключён к центру. Покажите сканеру QR-код подключения, который выдал центр
        </p>
      )}
      {preview?.outcome === 'ready' && scanned && (
        <div className="svc-card" data-testid="enroll-preview">
          <p>Код подключения для терминала {preview.kioskId}</p>
          <p className="svc-big" data-testid="enroll-office">
            {preview.officeName ?? preview.officeId}
          </p>
          {preview.officeName && <p className="svc-small">код офиса: {preview.officeId}</p>}
          {preview.expiresAt && <p className="svc-small">действует до {until.format(new Date(preview.expiresAt))}</p>}
          <div className="svc-actions">
            <button
              type="button"
              className="svc-button"
              data-testid="enroll-confirm"
              disabled={busy}
              onClick={() => void confirm(scanned.text)}
            >
              Подключить
            </button>
            <button
              type="button"
              className="svc-button svc-button-plain"
              disabled={busy}
              onClick={() => setScanned(undefined)}
            >
              Отмена
            </button>
          </div>
        </div>
      )}
      {preview && preview.outcome !== 'ready' && (
        <p className="svc-bad" data-testid="enroll-message">
          {refusalText(preview)}
        </p>
      )}
      {message && (
        <p className="svc-note" data-testid="enroll-message" role="status">
          {message}
        </p>
      )}
    </section>
  );
}
