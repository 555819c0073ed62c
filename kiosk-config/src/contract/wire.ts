import { z } from 'zod';

/**
 * The browser host's WebSocket wire format for the KioskApi.
 *
 * The page is served at `http://127.0.0.1:PORT/`; the socket connects to `ws://127.0.0.1:PORT/api`
 * with the HttpOnly session cookie the host set, once per launch, at its one-time bootstrap
 * address (`/boot/<nonce>`), so only the browser the host opened can talk to it.
 */

/** Path of the WebSocket endpoint on the host. */
export const WIRE_PATH = '/api';

/** A call from the page. `id` pairs the answer with the call. */
export const WireCall = z
  .object({
    type: z.literal('call'),
    id: z.number().int().nonnegative(),
    name: z.string().max(100),
    input: z.unknown(),
  })
  .strict();
export type WireCall = z.infer<typeof WireCall>;

/** Messages from the host: the answer to a call, or an event. */
export const WireFromHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int().nonnegative(), result: z.unknown() }).strict(),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }).strict(),
]);
export type WireFromHost = z.infer<typeof WireFromHost>;
