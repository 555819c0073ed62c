import { z } from 'zod';
import { CallbackPhone, HelpCallbackAnswer, HelpRequestAnswer, HelpScreen } from '../hub/help-api';

/**
 * «Позвать сотрудника» (docs/accessibility/help.md): a help request to the office's staff, or a
 * call-back from the region's call centre where the office has no staff on site
 * (`kiosk.info`'s `accessibility.staffOnSite`). Link faults answer `hub_unreachable`; too many
 * requests from this kiosk, `rate_limited`.
 */
export const helpCalls = {
  /** Raises a help request at the hub: the office's console shows the screen and the time, nothing else. */
  'help.request': {
    input: z.object({ screen: HelpScreen }).strict(),
    output: HelpRequestAnswer,
  },
  /**
   * Asks the call centre to call this number back. Never queued on the kiosk: when the hub
   * cannot take it now the answer is `hub_unreachable`, and the number is forgotten.
   */
  'help.callback': {
    input: z.object({ screen: HelpScreen, phone: CallbackPhone }).strict(),
    output: HelpCallbackAnswer,
  },
} as const;
