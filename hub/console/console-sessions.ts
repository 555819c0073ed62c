import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConsoleUser } from './console-roles';
import type { ConsoleSessionRecord, ConsoleStore } from './console-store';

/** Session lifetimes: ended by 30 idle minutes, or 12 hours after sign-in whatever the activity. */
export interface SessionLifetimes {
  idleMs: number;
  absoluteMs: number;
}

export const DEFAULT_SESSION_LIFETIMES: SessionLifetimes = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

/** The last-seen time is written at most this often (not on every page's refresh). */
const TOUCH_EVERY_MS = 60_000;

/** A live session: its user and the token its POSTs must carry. */
export interface LiveSession {
  idHash: string;
  user: ConsoleUser;
  csrfToken: string;
}

/** SHA-256 of a session id: all the table keeps, so a read of the database hands out no session. */
export function sessionIdHash(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex');
}

/** Whether two tokens are equal, in constant time. */
export function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** Server-side console sessions. */
export class ConsoleSessions {
  readonly #store: ConsoleStore;
  readonly #now: () => number;
  readonly #lifetimes: SessionLifetimes;

  constructor(store: ConsoleStore, now: () => number, lifetimes: SessionLifetimes = DEFAULT_SESSION_LIFETIMES) {
    this.#store = store;
    this.#now = now;
    this.#lifetimes = lifetimes;
  }

  /** Starts a session for the user; returns the id for the cookie (never stored). */
  async start(login: string): Promise<{ id: string; csrfToken: string }> {
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = this.#now();
    const record: ConsoleSessionRecord = {
      idHash: sessionIdHash(id),
      login,
      csrfToken,
      createdAt: new Date(now).toISOString(),
      lastSeenAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.#lifetimes.absoluteMs).toISOString(),
    };
    await this.#store.createSession(record);
    return { id, csrfToken };
  }

  /** The live session of a cookie's id, or undefined (unknown, idle too long, too old, user disabled). */
  async resume(id: string | undefined): Promise<LiveSession | undefined> {
    if (id === undefined || !SESSION_ID.test(id)) return undefined;
    const idHash = sessionIdHash(id);
    const found = await this.#store.findSession(idHash);
    if (!found) return undefined;
    const { session, user } = found;
    const now = this.#now();
    const idle = now - Date.parse(session.lastSeenAt) >= this.#lifetimes.idleMs;
    if (idle || now >= Date.parse(session.expiresAt) || user.disabledAt !== undefined) {
      await this.#store.deleteSession(idHash);
      return undefined;
    }
    if (now - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) {
      await this.#store.touchSession(idHash, new Date(now).toISOString());
    }
    return {
      idHash,
      csrfToken: session.csrfToken,
      user: { login: user.login, role: user.role, ...(user.officeId === undefined ? {} : { officeId: user.officeId }) },
    };
  }

  async end(idHash: string): Promise<void> {
    await this.#store.deleteSession(idHash);
  }

  /** Deletes ended sessions; call every few minutes. */
  async prune(): Promise<number> {
    const now = this.#now();
    return this.#store.pruneSessions(new Date(now - this.#lifetimes.idleMs).toISOString(), new Date(now).toISOString());
  }
}
