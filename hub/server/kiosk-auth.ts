import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HubRepository } from '../db/hub-repository';
import { bearerToken, hashesEqual, hashSecret } from './credentials';
import { sendHubError } from './hub-errors';
import type { HubLogger } from './hub-logger';

/** The kiosk behind an authenticated request. */
export interface AuthenticatedKiosk {
  id: string;
  officeId: string;
}

/** Why a request was refused; logged, and the caller only ever hears «unauthorized». */
export type AuthFailure = 'missing_headers' | 'unknown_kiosk' | 'revoked' | 'bad_credential';

/** Dependencies of `createKioskAuth`. */
export interface KioskAuthOptions {
  repository: HubRepository;
  logger: HubLogger;
  now?: () => Date;
  /** Record a kiosk's last contact at most this often (ms): fleet health without a write per request. */
  touchEveryMs?: number;
}

/** The kiosk authentication of a hub: a Fastify `onRequest` hook and the kiosk of a request. */
export interface KioskAuth {
  /** `onRequest` hook: answers 401 itself, before the body is read, or lets the request on. */
  hook: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;
  /** The kiosk the hook authenticated; throws on a route that forgot the hook (a bug). */
  kioskOf: (request: FastifyRequest) => AuthenticatedKiosk;
}

/** Keeps a caller-supplied id short and printable before it goes into a log line. */
function printable(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?').slice(0, 64);
}

/**
 * Authenticates kiosks: `X-Okno-Kiosk` names the kiosk, `Authorization: Bearer` carries its
 * credential, whose SHA-256 must equal the stored hash. Every refusal is one warn line with
 * the kiosk id, the reason and the address, never the credential.
 */
export function createKioskAuth(options: KioskAuthOptions): KioskAuth {
  const { repository, logger } = options;
  const now = options.now ?? (() => new Date());
  const touchEveryMs = options.touchEveryMs ?? 60_000;
  const lastTouched = new Map<string, number>();
  const kiosks = new WeakMap<FastifyRequest, AuthenticatedKiosk>();

  const refuse = (request: FastifyRequest, reply: FastifyReply, reason: AuthFailure, kioskId?: string) => {
    logger.warn(
      {
        kioskId: kioskId === undefined ? undefined : printable(kioskId),
        reason,
        ip: request.ip,
        route: request.routeOptions.url,
      },
      'kiosk authentication failed',
    );
    return sendHubError(reply, { code: 'unauthorized', message: 'unknown or revoked kiosk, or a wrong credential' });
  };

  // Returning the reply after sending it tells Fastify the request is answered.
  const hook = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const kioskHeader = request.headers['x-okno-kiosk'];
    const kioskId = typeof kioskHeader === 'string' ? kioskHeader.trim() : undefined;
    const credential = bearerToken(request.headers.authorization);
    if (!kioskId || kioskId.length > 64 || credential === undefined) {
      return refuse(request, reply, 'missing_headers', kioskId);
    }
    const kiosk = await repository.findKiosk(kioskId);
    if (!kiosk) {
      return refuse(request, reply, 'unknown_kiosk', kioskId);
    }
    if (kiosk.revokedAt !== undefined) {
      return refuse(request, reply, 'revoked', kioskId);
    }
    if (!hashesEqual(hashSecret(credential), kiosk.credentialHash)) {
      return refuse(request, reply, 'bad_credential', kioskId);
    }
    kiosks.set(request, { id: kiosk.id, officeId: kiosk.officeId });
    const at = now();
    if (at.getTime() - (lastTouched.get(kiosk.id) ?? 0) >= touchEveryMs) {
      lastTouched.set(kiosk.id, at.getTime());
      await repository.touchKiosk(kiosk.id, at.toISOString());
    }
    return undefined;
  };

  const kioskOf = (request: FastifyRequest): AuthenticatedKiosk => {
    const kiosk = kiosks.get(request);
    if (!kiosk) throw new Error(`route ${request.routeOptions.url} is not behind kiosk authentication`);
    return kiosk;
  };

  return { hook, kioskOf };
}
