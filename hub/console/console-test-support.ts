import { randomUUID } from 'node:crypto';
import { HEALTH_OUTBOX_KIND, type PrinterCondition } from '../../kiosk-config/src/hub/fleet-health';
import { HubAdmin } from '../admin/admin-commands';
import { healthChange, healthyState, withPrinter } from '../fleet/fleet-test-support';
import { enrollKiosk, postJson, type TestHub, type TestKiosk } from '../test/hub-test-support';
import type { ConsoleRole } from './console-roles';
import type { ConsoleStore } from './console-store';
import { hashPassword } from './password-hash';

/** A cheap scrypt cost for tests (the format and the checks are the same). */
export const TEST_SCRYPT_COST = { log2N: 10, r: 8, p: 1 };

/** Adds a console user straight into the hub's console store. */
export async function addConsoleUser(
  hub: { console: { store: ConsoleStore } },
  login: string,
  role: ConsoleRole,
  password: string,
  officeId?: string,
): Promise<void> {
  await hub.console.store.addUser({
    login,
    role,
    ...(officeId === undefined ? {} : { officeId }),
    passwordHash: await hashPassword(password, TEST_SCRYPT_COST),
    at: new Date().toISOString(),
  });
}

/** A browser-less console client over real HTTP: keeps the cookies, sends the hub's Origin. */
export class ConsoleClient {
  readonly #base: string;
  readonly #cookies = new Map<string, string>();
  csrfToken = '';

  constructor(base: string) {
    this.#base = base;
  }

  #cookieHeader(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  #keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (!pair || at < 0) continue;
      const value = pair.slice(at + 1);
      if (/max-age=0/i.test(line)) this.#cookies.delete(pair.slice(0, at));
      else this.#cookies.set(pair.slice(0, at), value);
    }
  }

  /** GET a console path; remembers the page's CSRF token. */
  async get(path: string): Promise<{ status: number; text: string; location: string | null }> {
    const response = await fetch(`${this.#base}${path}`, {
      headers: { cookie: this.#cookieHeader() },
      redirect: 'manual',
    });
    this.#keep(response);
    const text = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrfToken = token;
    return { status: response.status, text, location: response.headers.get('location') };
  }

  /** POST a form; `origin` null sends none. */
  async post(
    path: string,
    fields: Record<string, string>,
    options: { origin?: string | null } = {},
  ): Promise<{ status: number; text: string; location: string | null }> {
    const origin = options.origin === undefined ? this.#base : options.origin;
    const response = await fetch(`${this.#base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: this.#cookieHeader(),
        ...(origin === null ? {} : { origin }),
      },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    this.#keep(response);
    return { status: response.status, text: await response.text(), location: response.headers.get('location') };
  }

  /** Signs in through the form; returns the POST's answer. */
  async signIn(login: string, password: string) {
    await this.get('/console/sign-in');
    const answer = await this.post('/console/sign-in', { _csrf: this.csrfToken, login, password });
    if (answer.status === 303) await this.get('/console');
    return answer;
  }
}

/** Enrolls a kiosk into an office with a one-time code. */
export async function enrollKioskIn(hub: TestHub, kioskId: string, officeId: string): Promise<TestKiosk> {
  const code = await new HubAdmin(hub.repository).createCode(officeId, 1, kioskId);
  return enrollKiosk(hub.url, kioskId, code.code);
}

/**
 * The kiosk reports its health with its printer in `condition` through its outbox, as its
 * health reporter does on a device change (`health.changed`); the hub's fleet store takes it.
 */
export async function reportPrinter(
  hub: TestHub,
  kiosk: TestKiosk,
  condition: PrinterCondition,
  lastError?: string,
): Promise<void> {
  const at = new Date().toISOString();
  const state = withPrinter(healthyState({}, at), condition, at);
  if (lastError !== undefined) {
    state.devices = state.devices.map((d) => (d.kind === 'printer' ? { ...d, lastError: { code: lastError, at } } : d));
  }
  const change = healthChange(state, at);
  const answer = await postJson(
    `${hub.url}/v1/outbox`,
    { items: [{ id: randomUUID(), kind: HEALTH_OUTBOX_KIND, at, payload: change }] },
    kiosk.headers,
  );
  if (answer.status !== 200) throw new Error(`outbox refused: ${answer.status} ${JSON.stringify(answer.body)}`);
}
