import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type {
  DevicesPageView,
  KioskApi,
  TechnicianDeviceView,
  TestScanOutcome,
} from '../../../../kiosk-config/src/index';
import { zonedFormat } from '../../ui/zoned-format';
import {
  closeDayWords,
  DEVICE_NAMES,
  deviceWords,
  diagnosisWords,
  documentTestWords,
  identityWords,
  noScanWords,
  scanKindWords,
  testPrintWords,
} from './device-texts';

/** The page asks the devices again this often, besides every `devices.changed`. */
const REFRESH_MS = 3000;

/** A button's state: idle, running (with what to do meanwhile), or its result in words. */
type Action = { running: string } | { result: string; detail?: string } | null;

/**
 * «Устройства»: each configured device with its live state and what the kiosk does about it,
 * and the tests: a test page, a test scan, the card terminal's diagnosis and day close, a
 * document read. Nothing of a visitor's shows here: a scan test shows the technician's own code,
 * a document test only the document's layout.
 */
// The page's props are the registry's `TechnicianPageProps`, spelled out: importing the registry would be a cycle.
export function DevicesPage({ api, timeZone }: { api: KioskApi; timeZone: string }) {
  const [view, setView] = useState<DevicesPageView | null>(null);
  const [actions, setActions] = useState<Record<string, Action>>({});
  const [scan, setScan] = useState<TestScanOutcome | null>(null);
  const time = zonedFormat('ru-RU', { hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit' }, timeZone);
  const when = (iso: string) => time.format(new Date(iso));

  const refresh = useCallback(async () => {
    const answer = await api.call('technician.devices', {});
    if (answer.ok) setView(answer.value);
  }, [api]);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    const stop = api.on('devices.changed', () => void refresh());
    return () => {
      clearInterval(timer);
      stop();
    };
  }, [api, refresh]);

  const run = async (id: string, running: string, act: () => Promise<{ result: string; detail?: string }>) => {
    setActions((all) => ({ ...all, [id]: { running } }));
    const done = await act();
    setActions((all) => ({ ...all, [id]: done }));
    void refresh();
  };
  const failed = { result: 'Не выполнено: режим обслуживания закончился или киоск не ответил.' };

  const testPrint = () =>
    run('print', 'Печатается пробная страница…', async () => {
      const answer = await api.call('technician.testPrint', {});
      return answer.ok
        ? { result: testPrintWords(answer.value), detail: identityWords(answer.value.identity) }
        : failed;
    });
  const testScan = () => {
    setScan(null);
    return run('scan', 'Отсканируйте любой код в течение 30 секунд. Код увидите только вы.', async () => {
      const answer = await api.call('technician.testScan', {});
      if (!answer.ok) return failed;
      setScan(answer.value);
      return answer.value.read ? { result: 'Код прочитан.' } : { result: noScanWords(answer.value.reason) };
    });
  };
  const diagnose = () =>
    run('terminal', 'Терминал отвечает…', async () => {
      const answer = await api.call('technician.terminalDiagnosis', {});
      if (!answer.ok) return failed;
      const slip = answer.value.slip;
      return slip
        ? { result: diagnosisWords(answer.value), detail: slip.join('\n') }
        : { result: diagnosisWords(answer.value) };
    });
  const closeDay = () =>
    run('terminal', 'Закрывается смена (сверка итогов), это может занять минуту…', async () => {
      const answer = await api.call('technician.closeDay', {});
      return answer.ok ? { result: closeDayWords(answer.value, when) } : failed;
    });
  const testDocument = () =>
    run('document', 'Приложите любой документ к считывателю в течение 30 секунд.', async () => {
      const answer = await api.call('technician.testDocumentReader', {});
      return answer.ok ? { result: documentTestWords(answer.value) } : failed;
    });

  if (!view) return <p>Опрашиваются устройства…</p>;
  if (view.devices.length === 0) return <p data-testid="devices-none">В настройках киоска нет ни одного устройства.</p>;
  return (
    <div className="devices-page" data-testid="devices-page">
      <h1 className="devices-title">Устройства</h1>
      {view.devices.map((device) => (
        <DeviceCard key={device.status.id} device={device} when={when} profile={view.printerProfile}>
          {device.status.kind === 'printer' && (
            <ActionRow id="test-print" label="Пробная печать" action={actions.print} onPress={testPrint} />
          )}
          {device.status.kind === 'scanner' && (
            <>
              <ActionRow id="test-scan" label="Проверить сканер" action={actions.scan} onPress={testScan} />
              {scan?.read && <ScanResult scan={scan} />}
            </>
          )}
          {device.status.kind === 'payment_terminal' && (
            <ActionRow
              id="terminal"
              label="Диагностика терминала"
              action={actions.terminal}
              onPress={diagnose}
              second={{ id: 'close-day', label: 'Закрыть смену', onPress: closeDay }}
            />
          )}
          {device.status.kind === 'document_reader' && (
            <ActionRow
              id="test-document"
              label="Проверить считыватель"
              action={actions.document}
              onPress={testDocument}
            />
          )}
        </DeviceCard>
      ))}
    </div>
  );
}

function DeviceCard(props: {
  device: TechnicianDeviceView;
  when: (iso: string) => string;
  profile: string | undefined;
  children: ReactNode;
}) {
  const { device, when } = props;
  const { status } = device;
  const words = deviceWords(device);
  const id = `device-${status.kind}`;
  return (
    <section className={`device-card device-${words.level}`} data-testid={id}>
      <header className="device-card-head">
        <h2 className="device-name">{DEVICE_NAMES[status.kind]}</h2>
        <p className="device-state" data-testid={`${id}-state`}>
          {words.state}
        </p>
      </header>
      <p className="device-advice" data-testid={`${id}-advice`}>
        {words.advice}
      </p>
      <dl className="device-facts">
        <dt>Подключение</dt>
        <dd>
          {status.address}
          {status.simulated ? ' (симулятор)' : ''}
        </dd>
        {status.kind === 'printer' && props.profile && (
          <>
            <dt>Профиль</dt>
            <dd>{props.profile}</dd>
          </>
        )}
        {device.lastFault && (
          <>
            <dt>Последняя неполадка</dt>
            <dd data-testid={`${id}-last-fault`}>
              {device.lastFault.problems.map(problemWords).join(', ')} — {when(device.lastFault.at)}
            </dd>
          </>
        )}
        {status.kind === 'scanner' && (
          <>
            <dt>Последний код (в режиме обслуживания)</dt>
            <dd data-testid="device-scanner-last-scan">
              {device.lastScan
                ? `${device.lastScan.symbology ?? 'тип не сообщён'}${device.lastScan.aim ? ` (${device.lastScan.aim})` : ''}, ${device.lastScan.length} знаков — ${when(device.lastScan.at)}`
                : 'не было'}
            </dd>
          </>
        )}
        {device.day && (
          <>
            <dt>Смена</dt>
            <dd data-testid="device-terminal-day">
              {device.day.lastClosedAt ? `закрыта ${when(device.day.lastClosedAt)}` : 'на этом киоске не закрывалась'}
              {`; оплат с тех пор: ${device.day.paymentsSinceClose}`}
            </dd>
          </>
        )}
      </dl>
      {props.children}
    </section>
  );
}

const PROBLEMS: Readonly<Record<TechnicianDeviceView['status']['problems'][number], string>> = {
  paper_out: 'нет бумаги',
  paper_near_end: 'бумага заканчивается',
  cover_open: 'открыта крышка',
  offline: 'не подключён',
  error: 'ошибка',
  not_responding: 'не отвечает',
};

function problemWords(problem: TechnicianDeviceView['status']['problems'][number]): string {
  return PROBLEMS[problem];
}

function ActionRow(props: {
  id: string;
  label: string;
  action: Action | undefined;
  onPress: () => void;
  second?: { id: string; label: string; onPress: () => void };
}) {
  const { action } = props;
  const running = action !== null && action !== undefined && 'running' in action;
  return (
    <div className="device-actions">
      <div className="device-buttons">
        <button
          type="button"
          className="device-button"
          data-testid={`device-${props.id}`}
          disabled={running}
          onClick={props.onPress}
        >
          {props.label}
        </button>
        {props.second && (
          <button
            type="button"
            className="device-button"
            data-testid={`device-${props.second.id}`}
            disabled={running}
            onClick={props.second.onPress}
          >
            {props.second.label}
          </button>
        )}
      </div>
      {action && (
        <p className="device-result" data-testid={`device-${props.id}-result`} aria-live="polite">
          {'running' in action ? action.running : action.result}
          {'detail' in action && action.detail && (
            <span className="device-result-detail" data-testid={`device-${props.id}-detail`}>
              {action.detail}
            </span>
          )}
        </p>
      )}
    </div>
  );
}

function ScanResult({ scan }: { scan: Extract<TestScanOutcome, { read: true }> }) {
  return (
    <dl className="device-facts device-scan" data-testid="device-scan">
      <dt>Прочитано</dt>
      <dd data-testid="device-scan-text">{scan.text}</dd>
      <dt>Тип кода</dt>
      <dd data-testid="device-scan-symbology">{scan.symbology ?? 'сканер не сообщает'}</dd>
      <dt>Идентификатор AIM</dt>
      <dd data-testid="device-scan-aim">{scan.aim ?? 'сканер не прислал (включите AIM ID в настройках сканера)'}</dd>
      <dt>Для киоска это</dt>
      <dd>{scanKindWords(scan.kind)}</dd>
    </dl>
  );
}
