import type { Dispatch } from 'react';
import type { KioskApi } from '../../../kiosk-config/src/index';
import type { JourneyAction, JourneyScreen, JourneyState } from './journey-state';

/**
 * What every journey's hook works with: the one state of the visitor's journey (one reducer, so
 * a session reset drops all of it by remounting) and the way to change it and to call the kiosk.
 */
export interface JourneyControl {
  api: KioskApi;
  state: JourneyState;
  dispatch: Dispatch<JourneyAction>;
  /** The screen as last rendered, for handlers called from outside React (scanned codes, late answers). */
  screenRef: { readonly current: JourneyScreen };
  /** Ends the visit on purpose («На главную», «Готово»): the shell resets the session. */
  onHome: () => void;
}
