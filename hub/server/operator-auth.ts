import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HubRepository } from '../db/hub-repository';
import { bearerToken, hashSecret } from './credentials';
import { sendHubError } from './hub-errors';
import type { HubLogger } from './hub-logger';

/** The operator token behind an authenticated request. */
export interface AuthenticatedOperator {
  tokenId: string;
  /** The one office this token may see and change. */
  officeId: string;
}

/** Why an operator request was refused; logged, the caller only hears «unauthorized». */
export type OperatorAuthFailure = 'missing_token' | 'unknown_token' | 'revoked' | 'other_office';

/** Operator authentication: a Fastify `onRequest` hook and the operator of a request. */
export interface OperatorAuth {
  hook: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;
  operatorOf: (request: FastifyRequest) => AuthenticatedOperator;
  /** Answers 401 (and logs) unless the operator's token is for `officeId`; true when it is. */
  allowOffice: (request: FastifyRequest, reply: FastifyReply, officeId: string) => boolean;
}

/**
 * Authenticates an office's operators (the staff at the windows): `Authorization: Bearer` with a
 * token the admin CLI created for one office, found by its SHA-256 (the only form stored). The
 * token is 256 random bits, so finding it by hash through an index leaks nothing usable.
 */
export function createOperatorAuth(options: { repository: HubRepository; logger: HubLogger }): OperatorAuth {
  const { repository, logger } = options;
  const operators = new WeakMap<FastifyRequest, AuthenticatedOperator>();

  const refuse = (request: FastifyRequest, reply: FastifyReply, reason: OperatorAuthFailure, tokenId?: string) => {
    logger.warn({ tokenId, reason, ip: request.ip, route: request.routeOptions.url }, 'operator authentication failed');
    return sendHubError(reply, {
      code: 'unauthorized',
      message:
        reason === 'other_office' ? 'this operator token is for another office' : 'unknown or revoked operator token',
    });
  };

  const hook = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const secret = bearerToken(request.headers.authorization);
    if (secret === undefined) return refuse(request, reply, 'missing_token');
    const token = await repository.findOperatorToken(hashSecret(secret));
    if (!token) return refuse(request, reply, 'unknown_token');
    if (token.revokedAt !== undefined) return refuse(request, reply, 'revoked', token.id);
    operators.set(request, { tokenId: token.id, officeId: token.officeId });
    return undefined;
  };

  const operatorOf = (request: FastifyRequest): AuthenticatedOperator => {
    const operator = operators.get(request);
    if (!operator) throw new Error(`route ${request.routeOptions.url} is not behind operator authentication`);
    return operator;
  };

  const allowOffice = (request: FastifyRequest, reply: FastifyReply, officeId: string): boolean => {
    const operator = operatorOf(request);
    if (operator.officeId === officeId) return true;
    refuse(request, reply, 'other_office', operator.tokenId);
    return false;
  };

  return { hook, operatorOf, allowOffice };
}
