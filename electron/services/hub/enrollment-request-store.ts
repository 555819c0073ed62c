import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseJson } from '../parse-json';
import { writeFileDurably } from '../storage/durable-file';

/**
 * The kiosk's enrollment request with a fleet token: the secret that names it at the hub (only
 * the hub's hash of it exists elsewhere) and, once the hub answered, the request's public id an
 * admin approves.
 */
export const StoredEnrollmentRequest = z
  .object({
    v: z.literal(1),
    kioskId: z.string().min(1).max(64),
    secret: z.string().regex(/^[A-Za-z0-9_-]{32,128}$/),
    createdAt: z.string(),
    requestId: z.string().max(64).optional(),
  })
  .strict();
export type StoredEnrollmentRequest = z.infer<typeof StoredEnrollmentRequest>;

/**
 * Keeps the pending enrollment request in `<dataDir>/hub/enrollment-request.json`: mode 0600,
 * written atomically (temp, fsync, rename, fsync the folder) before the hub ever sees the
 * secret, so a kiosk that restarts asks about the same request and never files a second one.
 */
export class EnrollmentRequestStore {
  constructor(private readonly file: string) {}

  /** The stored request of `kioskId`, or a new one, stored before it is returned. */
  async loadOrCreate(kioskId: string): Promise<StoredEnrollmentRequest> {
    const stored = await this.load();
    if (stored?.kioskId === kioskId) return stored;
    const request: StoredEnrollmentRequest = {
      v: 1,
      kioskId,
      secret: randomBytes(32).toString('base64url'),
      createdAt: new Date().toISOString(),
    };
    await this.#write(request);
    return request;
  }

  /** The stored request; undefined when there is none or it is unreadable (a new one is made). */
  async load(): Promise<StoredEnrollmentRequest | undefined> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = StoredEnrollmentRequest.safeParse(parseJson(text));
    return parsed.success ? parsed.data : undefined;
  }

  /** Records the public id the hub gave the request (for the log and the technician). */
  async rememberRequestId(request: StoredEnrollmentRequest, requestId: string): Promise<StoredEnrollmentRequest> {
    if (request.requestId === requestId) return request;
    const next = { ...request, requestId };
    await this.#write(next);
    return next;
  }

  /** Forgets the request: collected, or refused by the hub. */
  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }

  async #write(request: StoredEnrollmentRequest): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    await writeFileDurably(this.file, `${JSON.stringify(request)}\n`, { mode: 0o600 });
  }
}
