import { useCallback, useEffect, useRef, useState } from 'react';
import {
  BAUD_RATES,
  type ConfigChangeState,
  type FieldIssue,
  type KioskApi,
  type PortDevice,
  type PortGuess,
  type PortListing,
  type PortTryOutcome,
} from '../../../../kiosk-config/src/index';
import { ChoiceRow } from '../settings/choice-row';
import { ConfigChangeBar } from '../settings/config-change-bar';

const DEVICES: ReadonlyArray<{ id: PortDevice; title: string }> = [
  { id: 'printer', title: 'Принтер талонов' },
  { id: 'scanner', title: 'Сканер' },
  { id: 'document_reader', title: 'Считыватель документов' },
];

const KIND_TEXT: Readonly<Record<PortGuess['kind'], string>> = {
  printer: 'принтер',
  scanner: 'сканер',
  payment_terminal: 'платёжный терминал',
  usb_serial_adapter: 'переходник USB–COM',
  simulator: 'симулятор',
  unknown: 'неизвестное устройство',
};

/** «вероятно принтер (Epson)», «симулятор: принтер». */
function guessText(guess: PortGuess): string {
  if (guess.kind === 'simulator') return `симулятор: ${guess.vendor ?? ''}`;
  if (guess.kind === 'unknown') return KIND_TEXT.unknown;
  const maker = guess.vendor ? ` (${guess.vendor})` : '';
  return `${guess.verified ? '' : 'вероятно '}${KIND_TEXT[guess.kind]}${maker}`;
}

/**
 * What the page is given: the technician pages' props (`TechnicianPageProps`), spelled out here
 * because the page registry imports the page (importing its type back would be a cycle).
 */
interface PageProps {
  api: KioskApi;
  timeZone: string;
}

/**
 * «Подключение»: the ports the kiosk sees, with their by-id names, USB ids and the likely device;
 * choose one for a device, with the printer's profile and the speed, «Проверить» it live without
 * saving, then «Сохранить» (the device is attached again on the new port, on trial until
 * «Работает»).
 */

export function PortsPage({ api, timeZone }: PageProps) {
  const [listing, setListing] = useState<PortListing | null>(null);
  const [device, setDevice] = useState<PortDevice>('printer');
  const [path, setPath] = useState<string | null>(null);
  const [profile, setProfile] = useState<string | undefined>(undefined);
  const [baudRate, setBaudRate] = useState<number>(115200);
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState<PortTryOutcome | null>(null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [change, setChange] = useState<ConfigChangeState | null>(null);

  const load = useCallback(async () => {
    const answer = await api.call('technician.ports.list', {});
    if (answer.ok) setListing(answer.value);
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);

  // The device's current settings are the starting choice: when the first list arrives and when
  // another device is chosen, not when the list is refreshed (the technician's pick stays).
  const startedFor = useRef<PortDevice | null>(null);
  useEffect(() => {
    if (!listing || startedFor.current === device) return;
    startedFor.current = device;
    const current = listing.current.find((entry) => entry.device === device);
    setPath(current?.path ?? null);
    setBaudRate(current?.baudRate ?? 115200);
    setProfile(current?.profile ?? listing.printerProfiles[0]?.id);
    setTried(null);
  }, [listing, device]);

  const choice =
    path === null ? null : { device, path, baudRate, ...(device === 'printer' && profile ? { profile } : {}) };
  const tryIt = async () => {
    if (!choice) return;
    setBusy(true);
    setTried(null);
    const answer = await api.call('technician.ports.try', choice);
    setBusy(false);
    setTried(
      answer.ok
        ? answer.value
        : { opened: false, answered: false, printed: false, problems: [], message: 'Проверка не удалась' },
    );
  };
  const save = async () => {
    if (!choice) return;
    setBusy(true);
    const answer = await api.call('technician.ports.save', choice);
    setBusy(false);
    if (!answer.ok) return;
    if (answer.value.saved) {
      setIssues([]);
      setChange(answer.value.state);
    } else {
      setIssues(answer.value.issues);
    }
  };

  return (
    <div className="ports-page" data-testid="ports-page">
      <h1 className="technician-title">Подключение устройства</h1>
      <ChoiceRow
        label="Устройство"
        choices={DEVICES.map((d) => ({ value: d.id, title: d.title, testId: `ports-device-${d.id}` }))}
        chosen={device}
        onChoose={setDevice}
      />

      <h2 className="technician-subtitle">
        Порты{' '}
        <button type="button" className="technician-action" data-testid="ports-refresh" onClick={() => void load()}>
          Обновить список
        </button>
      </h2>
      {listing?.serialProblem ? (
        <p className="technician-note" data-testid="ports-serial-problem">
          Список составлен по /dev/serial/by-id и /sys ({listing.serialProblem})
        </p>
      ) : null}
      <fieldset className="port-list" aria-label="Порт">
        {listing?.serial.map((port) => (
          <button
            key={port.path}
            type="button"
            aria-pressed={path === port.path}
            className="port-option"
            data-testid="port-option"
            data-path={port.path}
            onClick={() => setPath(port.path)}
          >
            <span className="port-name">{port.byIdName ?? port.devicePath}</span>
            <span className="port-detail">
              {port.path}
              {port.devicePath !== port.path ? ` → ${port.devicePath}` : ''}
            </span>
            <span className="port-detail">
              {port.vendorId && port.productId ? `USB ${port.vendorId}:${port.productId} · ` : ''}
              {guessText(port.guess)}
              {port.usedBy ? ` · сейчас: ${DEVICES.find((d) => d.id === port.usedBy)?.title ?? port.usedBy}` : ''}
            </span>
          </button>
        ))}
        {listing && listing.serial.length === 0 ? <p>Последовательных портов не видно.</p> : null}
      </fieldset>

      <h2 className="technician-subtitle">Устройства HID</h2>
      {listing?.hidProblem ? <p className="technician-note">Не видны: {listing.hidProblem}</p> : null}
      <ul className="hid-list" data-testid="hid-list">
        {listing?.hid.map((hid) => (
          <li key={`${hid.path ?? ''}${hid.vendorId}${hid.productId}${hid.usagePage ?? ''}`}>
            {hid.product ?? 'HID'} · USB {hid.vendorId}:{hid.productId}
            {hid.usagePage === undefined ? '' : ` · страница 0x${hid.usagePage.toString(16)}`}
            {hid.usage === undefined ? '' : `, использование 0x${hid.usage.toString(16)}`} · {guessText(hid.guess)}
          </li>
        ))}
        {listing && listing.hid.length === 0 && !listing.hidProblem ? <li>Нет.</li> : null}
      </ul>

      {device === 'printer' ? (
        <>
          <h2 className="technician-subtitle">Модель принтера</h2>
          <ChoiceRow
            label="Профиль"
            choices={(listing?.printerProfiles ?? []).map((p) => ({
              value: p.id,
              title: p.name,
              testId: `profile-option-${p.id}`,
            }))}
            chosen={profile}
            onChoose={setProfile}
          />
        </>
      ) : null}

      <h2 className="technician-subtitle">Скорость, бод</h2>
      <ChoiceRow
        label="Скорость"
        choices={BAUD_RATES.map((rate) => ({ value: rate, title: String(rate), testId: `baud-option-${rate}` }))}
        chosen={baudRate}
        onChoose={setBaudRate}
      />

      <div className="technician-actions">
        <button
          type="button"
          className="technician-action"
          data-testid="ports-try"
          disabled={!choice || busy}
          onClick={() => void tryIt()}
        >
          Проверить
        </button>
        <button
          type="button"
          className="technician-action technician-action-main"
          data-testid="ports-save"
          disabled={!choice || busy}
          onClick={() => void save()}
        >
          Сохранить
        </button>
      </div>
      {busy ? <p className="technician-note">Подождите…</p> : null}
      {tried ? (
        <p className={tried.printed ? 'technician-ok' : 'technician-problem'} data-testid="ports-try-result">
          {tried.message}
        </p>
      ) : null}
      {issues.map((issue) => (
        <p key={`${issue.path}${issue.message}`} className="technician-problem" data-testid="ports-save-issue">
          {issue.message}
        </p>
      ))}
      <ConfigChangeBar api={api} timeZone={timeZone} state={change} />
    </div>
  );
}
