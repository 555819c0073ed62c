/** What a screen id may be: the contract's `HelpScreen` (kiosk-config/src/hub/help-api.ts). */
const SCREEN_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * The screen the visitor is on, as staff will see it: the `data-testid` of the page's
 * `main.screen` (`screen-status`, renderer/TESTIDS.md). Only this id is ever sent, never what
 * the visitor typed on the screen; `unknown` when no screen is drawn.
 */
export function currentScreenId(root: ParentNode = document): string {
  const id = root.querySelector('main.screen')?.getAttribute('data-testid');
  return id !== null && id !== undefined && SCREEN_ID.test(id) ? id : 'unknown';
}
