import { randomBytes } from 'node:crypto';
import {
  assembleTechnicianToken,
  TECHNICIAN_TOKEN_MAX_HOURS,
  TechnicianTokenPayload,
  technicianTokenSignedText,
} from '../../kiosk-config/src/hub/technician-token';
import type { HubRepository } from '../db/hub-repository';
import type { TechnicianKey } from './technician-key';
import type { IssuedTechnicianToken, TechnicianStore } from './technician-store';

/** What an admin asks for: a person, one kiosk or one office, how many hours. */
export interface TechnicianTokenRequest {
  person: string;
  scope: { kind: 'kiosk' | 'office'; id: string };
  hours: number;
  /** Who issues it (the console user, the CLI's actor): kept with the token. */
  issuer: string;
}

/** An issued token: the text for the QR code (shown once, never stored) and what the hub keeps. */
export type TechnicianTokenIssue =
  | { ok: true; token: string; record: IssuedTechnicianToken }
  | { ok: false; problem: string };

/**
 * Issues technician QR tokens (`kiosk-config/src/hub/technician-token.ts`): checks the request,
 * signs the token with the hub's technician key and records who got it for where and when. The
 * token's text is given back once and never kept: it is a bearer pass until it expires.
 */
export class TechnicianTokens {
  readonly #key: TechnicianKey;
  readonly #store: TechnicianStore;
  readonly #repository: HubRepository;
  readonly #now: () => number;

  constructor(options: {
    key: TechnicianKey;
    store: TechnicianStore;
    repository: HubRepository;
    now?: () => number;
  }) {
    this.#key = options.key;
    this.#store = options.store;
    this.#repository = options.repository;
    this.#now = options.now ?? Date.now;
  }

  /** The public key the kiosks check tokens with. */
  get publicKey(): string {
    return this.#key.publicKey;
  }

  get store(): TechnicianStore {
    return this.#store;
  }

  async issue(request: TechnicianTokenRequest): Promise<TechnicianTokenIssue> {
    const person = request.person.trim().replace(/\s+/g, ' ');
    if (!Number.isInteger(request.hours) || request.hours < 1 || request.hours > TECHNICIAN_TOKEN_MAX_HOURS) {
      return { ok: false, problem: `the hours must be a whole number from 1 to ${TECHNICIAN_TOKEN_MAX_HOURS}` };
    }
    const { kind, id } = request.scope;
    const known =
      kind === 'kiosk'
        ? (await this.#repository.findKiosk(id)) !== undefined
        : (await this.#repository.findOffice(id)) !== undefined;
    if (!known) return { ok: false, problem: `no ${kind} ${id} on this hub` };
    const iat = Math.floor(this.#now() / 1000);
    const candidate = {
      p: person,
      s: kind === 'kiosk' ? { k: id } : { o: id },
      iat,
      exp: iat + request.hours * 3600,
      n: randomBytes(16).toString('base64url'),
    };
    const payload = TechnicianTokenPayload.safeParse(candidate);
    if (!payload.success)
      return { ok: false, problem: 'the name must be 1 to 80 characters, without control characters' };
    const signedText = technicianTokenSignedText(payload.data);
    const token = assembleTechnicianToken(signedText, this.#key.sign(new TextEncoder().encode(signedText)));
    const record: IssuedTechnicianToken = {
      nonce: payload.data.n,
      person,
      scope: { kind, id },
      issuedAt: new Date(iat * 1000).toISOString(),
      expiresAt: new Date(payload.data.exp * 1000).toISOString(),
      issuer: request.issuer,
    };
    await this.#store.insertToken(record);
    return { ok: true, token, record };
  }
}
