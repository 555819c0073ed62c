import { z } from 'zod';

/**
 * «Позвать сотрудника» at the hub (docs/accessibility/help.md): a kiosk's help request to its
 * office's staff, and a call-back request to the region's call centre where no staff are on site.
 * Shared by the hub (validation, OpenAPI) and the kiosk's hub client.
 */

/**
 * The screen the visitor is on: the test id of the kiosk's `main.screen` (`screen-status`),
 * never anything the visitor typed. Lower-case letters, digits and dashes only.
 */
export const HelpScreen = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a screen id: a-z, 0-9 and -');
export type HelpScreen = z.infer<typeof HelpScreen>;

/**
 * A phone number to call back, as ten digits after +7 (`9123456789`): a Russian mobile or a
 * landline with its area code. Personal data: kept at the hub only until the call is made.
 */
export const CallbackPhone = z.string().regex(/^[3-9]\d{9}$/, 'ten digits after +7');
export type CallbackPhone = z.infer<typeof CallbackPhone>;

/** POST /v1/help/requests: a visitor at this kiosk asks for a staff member. Idempotent by `requestId`. */
export const HelpRequestBody = z.object({ requestId: z.string().uuid(), screen: HelpScreen }).strict();
export type HelpRequestBody = z.infer<typeof HelpRequestBody>;

/**
 * The answer: the request is on the office's console, `ahead` others are still unanswered before
 * it, and `waiting` visitors wait in the office's ticket queue now (the office day's waiting
 * tickets), so the visitor knows how busy the staff are. `waiting` is left out by a hub that
 * does not count it (one older than the field, or an office without a queue): the kiosk then
 * tells the help requests alone.
 */
export const HelpRequestAnswer = z
  .object({ ahead: z.number().int().nonnegative(), waiting: z.number().int().nonnegative().optional() })
  .strict();
export type HelpRequestAnswer = z.infer<typeof HelpRequestAnswer>;

/** POST /v1/help/callbacks: a call-back to this number, from a kiosk of an office without staff on site. */
export const HelpCallbackBody = z
  .object({ requestId: z.string().uuid(), screen: HelpScreen, phone: CallbackPhone })
  .strict();
export type HelpCallbackBody = z.infer<typeof HelpCallbackBody>;

/**
 * The answer: queued at the call centre with `ahead` call-backs before it and a call expected
 * within `expectedWithinMinutes`; or `no_call_centre` when the hub knows no call centre.
 */
export const HelpCallbackAnswer = z.discriminatedUnion('outcome', [
  z
    .object({
      outcome: z.literal('queued'),
      ahead: z.number().int().nonnegative(),
      expectedWithinMinutes: z.number().int().positive(),
    })
    .strict(),
  z.object({ outcome: z.literal('no_call_centre') }).strict(),
]);
export type HelpCallbackAnswer = z.infer<typeof HelpCallbackAnswer>;
