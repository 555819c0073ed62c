import { useCallback, useRef, useState } from 'react';
import type { KioskApi } from '../../../kiosk-config/src/index';
import type { KeypadPress } from '../ui/keypad-press';
import { currentScreenId } from './current-screen';
import { isWholePhone, pressPhoneKey } from './phone-digits';

/** Where the help dialog is. `closed`: not shown. */
export type HelpStep =
  | { step: 'closed' }
  | { step: 'sending' }
  /** `waiting`: visitors in the office's ticket queue now, where the hub counts them. */
  | { step: 'called'; ahead: number; waiting?: number | undefined }
  | { step: 'phone'; digits: string }
  | { step: 'callbackSending'; digits: string }
  | { step: 'queued'; digits: string; ahead: number; minutes: number }
  | { step: 'busy' }
  | { step: 'unreachable' }
  | { step: 'noCallCentre' };

/** The help dialog's state and what its buttons do. */
export interface HelpDialogState {
  state: HelpStep;
  /** «Позвать сотрудника»: a help request, or the phone step where no staff are on site. */
  open(): void;
  press(press: KeypadPress): void;
  /** «Перезвоните мне» on a whole number. */
  confirmPhone(): void;
  /** Closes the dialog and forgets the number typed. */
  close(): void;
}

/**
 * «Позвать сотрудника»'s steps. The screen sent is the one on display when the button was
 * pressed (`currentScreenId`). The phone number lives in this state only, and goes with it when
 * the dialog is closed or the session ends: the access bar is keyed by the session's journey key
 * (`shell/app.tsx`), so every reset and return home remounts it with the dialog closed.
 */
export function useHelp(api: KioskApi, staffOnSite: boolean): HelpDialogState {
  const [state, setState] = useState<HelpStep>({ step: 'closed' });
  const screen = useRef('unknown');
  // An answer arriving after the dialog was closed must not reopen it.
  const generation = useRef(0);

  const close = useCallback(() => {
    generation.current += 1;
    setState({ step: 'closed' });
  }, []);

  const open = useCallback(() => {
    generation.current += 1;
    const mine = generation.current;
    screen.current = currentScreenId();
    if (!staffOnSite) {
      setState({ step: 'phone', digits: '' });
      return;
    }
    setState({ step: 'sending' });
    void api.call('help.request', { screen: screen.current }).then((result) => {
      if (generation.current !== mine) return;
      if (result.ok) setState({ step: 'called', ahead: result.value.ahead, waiting: result.value.waiting });
      else setState({ step: result.error.code === 'rate_limited' ? 'busy' : 'unreachable' });
    });
  }, [api, staffOnSite]);

  const press = useCallback((key: KeypadPress) => {
    setState((now) => (now.step === 'phone' ? { step: 'phone', digits: pressPhoneKey(now.digits, key) } : now));
  }, []);

  const confirmPhone = useCallback(() => {
    if (state.step !== 'phone' || !isWholePhone(state.digits)) return;
    const { digits } = state;
    const mine = generation.current;
    setState({ step: 'callbackSending', digits });
    void api.call('help.callback', { screen: screen.current, phone: digits }).then((result) => {
      if (generation.current !== mine) return;
      if (!result.ok) setState({ step: result.error.code === 'rate_limited' ? 'busy' : 'unreachable' });
      else if (result.value.outcome === 'no_call_centre') setState({ step: 'noCallCentre' });
      else {
        const { ahead, expectedWithinMinutes } = result.value;
        setState({ step: 'queued', digits, ahead, minutes: expectedWithinMinutes });
      }
    });
  }, [api, state]);

  return { state, open, press, confirmPhone, close };
}
