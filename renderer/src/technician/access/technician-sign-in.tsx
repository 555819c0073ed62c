import { useCallback, useEffect, useRef, useState } from 'react';
import {
  type KioskApi,
  looksLikeTechnicianToken,
  TECHNICIAN_PIN_LENGTH,
  type TechnicianAccessView,
  type TechnicianSignInOutcome,
  type TechnicianSignInRequest,
} from '../../../../kiosk-config/src/index';
import { DigitPad } from '../../ui/keypad';
import type { KeypadPress } from '../../ui/keypad-press';
import { zonedFormat } from '../../ui/zoned-format';
import { NOT_A_TECHNICIAN_CODE, refusalText } from './sign-in-texts';

/** The sign-in closes by itself after this long untouched (a technician who walked away, a visitor who found the gesture). */
export const SIGN_IN_IDLE_MS = 60_000;

export interface TechnicianSignInProps {
  api: KioskApi;
  timeZone: string;
  onClose: () => void;
}

type Available = Extract<TechnicianAccessView, { available: true }>;

/**
 * The technician's sign-in, opened by the hidden gesture: «Покажите QR-код техника сканеру», or
 * the PIN on a large keypad («Ввести PIN»), and «Отмена». The main side decides (and refuses
 * during a visitor session); the screen only says why a try failed. Its touches are the
 * technician's (`data-technician`), not a visit; it closes after a minute untouched.
 */
export function TechnicianSignIn({ api, timeZone, onClose }: TechnicianSignInProps) {
  const [access, setAccess] = useState<Available | null>(null);
  const [mode, setMode] = useState<'qr' | 'pin'>('qr');
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const timeOf = useCallback(
    (iso: string) => zonedFormat('ru-RU', { hour: '2-digit', minute: '2-digit' }, timeZone).format(new Date(iso)),
    [timeZone],
  );

  const touched = useCallback(() => {
    clearTimeout(idle.current);
    idle.current = setTimeout(() => closeRef.current(), SIGN_IN_IDLE_MS);
  }, []);
  useEffect(() => {
    touched();
    return () => clearTimeout(idle.current);
  }, [touched]);

  useEffect(() => {
    let active = true;
    void api.call('technician.access', {}).then((answer) => {
      if (!active) return;
      // Refused (a visitor session) or no answer: nothing opens.
      if (!answer.ok || !answer.value.available) closeRef.current();
      else setAccess(answer.value);
    });
    return () => {
      active = false;
    };
  }, [api]);

  const signIn = useCallback(
    async (request: TechnicianSignInRequest) => {
      setBusy(true);
      const answer = await api.call('technician.signIn', request);
      setBusy(false);
      touched();
      if (!answer.ok) {
        setProblem('Вход не удался. Попробуйте ещё раз.');
        return;
      }
      const outcome: TechnicianSignInOutcome = answer.value;
      // The mode opens with `technician.changed`; the sign-in is done either way.
      if (outcome.signedIn) {
        closeRef.current();
        return;
      }
      if (outcome.reason === 'visitor_session') {
        closeRef.current();
        return;
      }
      setPin('');
      setProblem(
        refusalText(outcome.reason, {
          attemptsLeft: outcome.attemptsLeft,
          lockedUntil: outcome.pinLockedUntil === undefined ? undefined : timeOf(outcome.pinLockedUntil),
        }),
      );
      if (outcome.pinLockedUntil !== undefined) {
        setAccess((current) => current && { ...current, pinLockedUntil: outcome.pinLockedUntil });
      }
    },
    [api, timeOf, touched],
  );

  // The kiosk's scanner: a technician's code signs in; any other code is named as not one.
  useEffect(
    () =>
      api.on('scanner.scanned', ({ text }) => {
        touched();
        if (looksLikeTechnicianToken(text)) void signIn({ method: 'qr', token: text });
        else setProblem(NOT_A_TECHNICIAN_CODE);
      }),
    [api, signIn, touched],
  );

  const press = (key: KeypadPress) => {
    setProblem(null);
    if (key.kind === 'clear') setPin('');
    else if (key.kind === 'backspace') setPin((typed) => typed.slice(0, -1));
    else setPin((typed) => (typed.length < TECHNICIAN_PIN_LENGTH.max ? typed + key.char : typed));
  };

  const locked = access?.pinLockedUntil !== undefined && Date.parse(access.pinLockedUntil) > Date.now();
  return (
    <div className="technician-sign-in" data-technician="" data-testid="technician-sign-in" onPointerDown={touched}>
      <h1 className="technician-sign-in-title">Вход для техника</h1>
      {mode === 'qr' ? (
        <p className="technician-sign-in-lead" data-testid="technician-sign-in-qr">
          {access?.qr === false
            ? 'Терминал ещё не получил ключ центра для QR-кодов: войдите по PIN.'
            : 'Покажите QR-код техника сканеру'}
        </p>
      ) : (
        <div className="technician-pin">
          <p className="technician-sign-in-lead">Введите PIN техника</p>
          <p className="technician-pin-dots" data-testid="technician-pin-dots">
            {pin.length === 0 ? '—' : '•'.repeat(pin.length)}
          </p>
          {locked && access?.pinLockedUntil !== undefined ? (
            <p className="technician-sign-in-problem" data-testid="technician-pin-locked" role="alert">
              {refusalText('locked', { lockedUntil: timeOf(access.pinLockedUntil) })}
            </p>
          ) : (
            <DigitPad onPress={press} className="technician-pin-pad" />
          )}
        </div>
      )}
      {/* While locked, the lock's own line says it (not twice). */}
      {problem !== null && !(mode === 'pin' && locked) && (
        <p className="technician-sign-in-problem" data-testid="technician-sign-in-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="technician-sign-in-actions">
        {mode === 'pin' && !locked && (
          <button
            type="button"
            className="technician-sign-in-button technician-sign-in-primary"
            data-testid="technician-pin-submit"
            disabled={busy || pin.length < TECHNICIAN_PIN_LENGTH.min}
            onClick={() => void signIn({ method: 'pin', pin })}
          >
            Войти
          </button>
        )}
        {mode === 'qr' && access?.pin === true && (
          <button
            type="button"
            className="technician-sign-in-button"
            data-testid="technician-pin-open"
            onClick={() => {
              setProblem(null);
              setMode('pin');
            }}
          >
            Ввести PIN
          </button>
        )}
        {mode === 'pin' && (
          <button
            type="button"
            className="technician-sign-in-button"
            data-testid="technician-qr-open"
            onClick={() => {
              setProblem(null);
              setPin('');
              setMode('qr');
            }}
          >
            QR-код
          </button>
        )}
        <button
          type="button"
          className="technician-sign-in-button"
          data-testid="technician-sign-in-cancel"
          onClick={onClose}
        >
          Отмена
        </button>
      </div>
    </div>
  );
}
