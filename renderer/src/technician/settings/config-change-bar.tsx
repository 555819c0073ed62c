import { useEffect, useState } from 'react';
import type { ConfigChangeState, KioskApi } from '../../../../kiosk-config/src/index';
import { zonedFormat } from '../../ui/zoned-format';

/** How often the bar asks the store's state while a change waits for its verdict. */
const ASK_EVERY_MS = 1000;

const DEVICE_NAME: Readonly<Record<string, string>> = {
  printer: 'принтер',
  scanner: 'сканер',
  document_reader: 'считыватель документов',
};

const SECTION_NAME: Readonly<Record<string, string>> = {
  session: 'сеанс посетителя',
  tickets: 'талоны',
  officePrinter: 'принтер А4',
  content: 'содержимое',
  fleet: 'связь с центром',
  'devices.paymentTerminal': 'платёжный терминал',
  'devices.printer.profile': 'вёрстка талона под модель принтера',
};

export interface ConfigChangeBarProps {
  api: KioskApi;
  timeZone: string;
  /** The state the last save answered (the bar then follows it by itself). */
  state: ConfigChangeState | null;
}

/**
 * What became of the last saved change: while a device change is on trial, «Работает» and when
 * it will be rolled back by itself; then whether it was kept or rolled back; and the sections
 * waiting for a restart, with «Перезапустить» when the kiosk can restart itself.
 */
export function ConfigChangeBar({ api, timeZone, state: saved }: ConfigChangeBarProps) {
  const [state, setState] = useState<ConfigChangeState | null>(saved);
  useEffect(() => setState(saved), [saved]);
  useEffect(() => {
    let active = true;
    const ask = async () => {
      const answer = await api.call('technician.config.state', {});
      if (active && answer.ok) setState(answer.value);
    };
    void ask();
    const timer = setInterval(() => void ask(), ASK_EVERY_MS);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [api]);
  if (!state) return null;
  const clock = zonedFormat('ru-RU', { hour: '2-digit', minute: '2-digit', second: '2-digit' }, timeZone);
  const confirm = async () => {
    const answer = await api.call('technician.config.confirm', {});
    if (answer.ok) setState(answer.value);
  };
  const restart = () => void api.call('technician.config.restart', {});
  const devices = (list: readonly string[]) => list.map((kind) => DEVICE_NAME[kind] ?? kind).join(', ');
  return (
    <section className="config-change" data-testid="config-change" aria-live="polite">
      {state.pending ? (
        <div className="config-change-pending" data-testid="config-pending">
          <p>
            Сохранено: {devices(state.pending.devices)} подключается заново.{' '}
            {state.pending.ready ? 'Устройство готово.' : 'Устройство ещё не готово.'}
          </p>
          <p>
            Проверьте его и нажмите «Работает» до {clock.format(new Date(state.pending.deadline))}: иначе, если оно не
            заработает, вернётся прежняя настройка.
          </p>
          <button
            type="button"
            className="technician-action"
            data-testid="config-confirm"
            onClick={() => void confirm()}
          >
            Работает
          </button>
        </div>
      ) : null}
      {!state.pending && state.last ? (
        <p className={`config-change-last config-change-${state.last.outcome}`} data-testid="config-last">
          {LAST_TEXT[state.last.outcome]} ({devices(state.last.devices)}, {clock.format(new Date(state.last.at))})
        </p>
      ) : null}
      {state.restartRequired.length > 0 ? (
        <div className="config-change-restart" data-testid="config-restart-required">
          <p>Требует перезапуска: {state.restartRequired.map((s) => SECTION_NAME[s] ?? s).join(', ')}.</p>
          {state.canRestart ? (
            <button
              type="button"
              className="technician-action"
              data-testid="config-restart"
              disabled={state.pending !== null}
              onClick={restart}
            >
              Перезапустить
            </button>
          ) : (
            <p>Перезапустите киоск выключением и включением питания, когда посетителей нет.</p>
          )}
        </div>
      ) : null}
    </section>
  );
}

const LAST_TEXT: Readonly<Record<'confirmed' | 'kept' | 'rolled_back', string>> = {
  confirmed: 'Изменение подтверждено и сохранено',
  kept: 'Изменение оставлено: устройство заработало',
  rolled_back: 'Изменение отменено: устройство не заработало, вернулась прежняя настройка',
};
