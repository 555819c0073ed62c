import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/eventually';
import { memoryLogger } from '../test-support';
import { CredentialStore } from './credential-store';
import { EnrollmentRequestStore } from './enrollment-request-store';
import { HubLink, type HubLinkOptions } from './hub-link';
import { sendJson, startTestHubServer, type TestHubHandler, type TestHubServer } from './test-hub-server';

const CREDENTIAL = 'credential-from-the-hub-AAAAAAAAAAAAAAAAAAAAAA';
const TOKEN = 'provisioning-token-0123456789';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A hub that enrolls with `codes` and answers lookups for the credential it gave. */
function enrollingHub(codes: string[]): TestHubHandler {
  return (request, res) => {
    if (request.path === '/v1/kiosks/enroll') {
      const body = request.body as { kioskId: string; enrollmentCode: string };
      if (!codes.includes(body.enrollmentCode)) sendJson(res, 401, { code: 'unauthorized', message: 'unknown code' });
      else
        sendJson(res, 200, {
          status: 'enrolled',
          kioskId: body.kioskId,
          credential: CREDENTIAL,
          officeId: 'mfc-demo-01',
        });
      return;
    }
    if (request.headers.authorization !== `Bearer ${CREDENTIAL}`) {
      sendJson(res, 401, { code: 'unauthorized', message: 'unknown credential' });
      return;
    }
    sendJson(res, 200, { outcome: 'not_found' });
  };
}

async function setup(handler: TestHubHandler, overrides: Partial<HubLinkOptions> = {}) {
  const server: TestHubServer = await startTestHubServer(handler);
  cleanups.push(() => server.close());
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-link-'));
  await writeFile(path.join(dir, 'machine-id'), '0123456789abcdef0123456789abcdef\n');
  const logger = memoryLogger();
  const store = new CredentialStore({
    file: path.join(dir, 'hub', 'credential.enc'),
    machineIdPath: path.join(dir, 'machine-id'),
    hostKeyPath: path.join(dir, 'host.key'),
  });
  const start = async (more: Partial<HubLinkOptions> = {}) => {
    const link = await HubLink.start({
      kioskId: 'kiosk-1',
      baseUrl: server.url,
      requestTimeoutMs: 1000,
      circuitFailureThreshold: 3,
      circuitOpenMs: 1000,
      store,
      requestStore: new EnrollmentRequestStore(path.join(dir, 'hub', 'enrollment-request.json')),
      log: logger.log,
      ...overrides,
      ...more,
    });
    cleanups.push(() => link.close());
    return link;
  };
  return { server, dir, logger, store, start };
}

const lookup = (link: HubLink) => link.client.lookupStatus({ applicationNumber: 'КУВД-001/2021-3670443' });

describe('HubLink', () => {
  it('enrolls itself with the provisioning token at first start, and not again at the next', async () => {
    const { server, dir, logger, start } = await setup(enrollingHub([TOKEN]), { provisioningToken: TOKEN });
    const link = await start();
    expect(link.enrolled).toBe(true);
    expect(await lookup(link)).toEqual({ ok: true, value: { outcome: 'not_found' } });
    link.close();
    const again = await start();
    expect(again.enrolled).toBe(true);
    expect(server.requests.filter((r) => r.path === '/v1/kiosks/enroll')).toHaveLength(1);
    // The secret is nowhere in clear: not in the logs, not in the data folder's file.
    expect(logger.text()).not.toContain(CREDENTIAL);
    expect(logger.text()).not.toContain(TOKEN);
    expect(await readFile(path.join(dir, 'hub', 'credential.enc'), 'utf8')).not.toContain(CREDENTIAL);
  });

  it('keeps trying to enroll in the background while the hub is away', async () => {
    let up = false;
    const hub = enrollingHub([TOKEN]);
    const { server, start } = await setup(
      (request, res) => (up ? hub(request, res) : sendJson(res, 503, { code: 'unavailable', message: 'x' })),
      { provisioningToken: TOKEN, maxEnrollDelayMs: 1000 },
    );
    const link = await start();
    expect(link.enrolled).toBe(false);
    up = true;
    for (let i = 0; i < 50 && !link.enrolled; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(link.enrolled).toBe(true);
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
  });

  it('without a token waits for a technician; a one-time code is tried exactly once', async () => {
    const { server, start } = await setup(enrollingHub(['7KQM4XPD9R2T']));
    const link = await start();
    expect(link.enrolled).toBe(false);
    expect(await lookup(link)).toMatchObject({ ok: false, error: { code: 'not_enrolled' } });
    expect(await link.enrollWithCode('WRONG-CODE-1')).toMatchObject({ ok: false, error: { code: 'refused' } });
    // Too short for the contract: refused here, the hub is not asked.
    expect(await link.enrollWithCode('123')).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(await link.enrollWithCode('7KQM4XPD9R2T')).toEqual({ ok: true, value: { officeId: 'mfc-demo-01' } });
    expect(server.requests.filter((r) => r.path === '/v1/kiosks/enroll')).toHaveLength(2);
    expect((await lookup(link)).ok).toBe(true);
  });

  it('a technician code whose answer is lost is reported, not re-sent', async () => {
    const { server, start } = await setup((_request, res) => {
      res.socket?.destroy();
    });
    const link = await start();
    expect(await link.enrollWithCode('7KQM4XPD9R2T')).toMatchObject({ ok: false, error: { code: 'hub_unreachable' } });
    expect(server.requests).toHaveLength(1);
  });

  it('re-enrolls with the token by itself when the hub no longer knows the credential', async () => {
    let known = true;
    const hub = enrollingHub([TOKEN]);
    const { server, start } = await setup(
      (request, res) => {
        if (request.path !== '/v1/kiosks/enroll' && !known) {
          known = true;
          sendJson(res, 401, { code: 'unauthorized', message: 'unknown credential' });
        } else hub(request, res);
      },
      { provisioningToken: TOKEN },
    );
    const link = await start();
    known = false;
    // No caller tells the link: the client's refused answer does.
    expect(await lookup(link)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await eventually(
      async () => server.requests.filter((r) => r.path === '/v1/kiosks/enroll').length === 2,
      'the link enrolling again',
    );
    expect((await lookup(link)).ok).toBe(true);
  });

  it('stops offering a provisioning token the hub refused (a revoked kiosk stays out)', async () => {
    const { server, start } = await setup(enrollingHub([]), { provisioningToken: TOKEN, maxEnrollDelayMs: 1000 });
    const link = await start();
    expect(link.enrolled).toBe(false);
    expect(await link.selfEnroll()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(server.requests.filter((r) => r.path === '/v1/kiosks/enroll')).toHaveLength(1);
  });

  it('with a fleet token files a request, asks again while it is pending, and collects the credential once approved', async () => {
    let approved = false;
    const secrets: string[] = [];
    const { server, dir, logger, start } = await setup(
      (request, res) => {
        if (request.path !== '/v1/kiosks/enroll') return enrollingHub([TOKEN])(request, res);
        const body = request.body as { kioskId: string; enrollmentCode: string; requestSecret?: string };
        secrets.push(body.requestSecret ?? 'none');
        if (!approved) {
          sendJson(res, 200, {
            status: 'pending',
            kioskId: body.kioskId,
            officeId: 'mfc-demo-01',
            requestId: 'req-0a1b2c3d4e',
          });
        } else enrollingHub([TOKEN])(request, res);
      },
      { provisioningToken: TOKEN, pendingPollMs: 200 },
    );
    const requestFile = path.join(dir, 'hub', 'enrollment-request.json');
    const first = await start();
    expect(first.enrolled).toBe(false);
    // The request's secret is on disk, 0600, before and while the hub holds the request.
    expect((await stat(requestFile)).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(requestFile, 'utf8')) as { secret: string; requestId: string };
    expect(stored).toMatchObject({ secret: secrets[0], requestId: 'req-0a1b2c3d4e' });
    expect(logger.text()).toContain('req-0a1b2c3d4e');
    // A restart asks about the same request rather than filing another.
    first.close();
    const link = await start();
    expect(link.enrolled).toBe(false);
    for (let i = 0; i < 20 && secrets.length < 4; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(new Set(secrets)).toEqual(new Set([stored.secret]));

    approved = true;
    for (let i = 0; i < 30 && !link.enrolled; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(link.enrolled).toBe(true);
    expect((await lookup(link)).ok).toBe(true);
    // Collected: the request is forgotten; the credential file is 0600 and holds no secret in clear.
    await expect(stat(requestFile)).rejects.toThrow(/ENOENT/);
    const credentialFile = path.join(dir, 'hub', 'credential.enc');
    expect((await stat(credentialFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(credentialFile, 'utf8')).not.toContain(CREDENTIAL);
    expect(logger.text()).not.toContain(stored.secret);
    const asked = server.requests.filter((r) => r.path === '/v1/kiosks/enroll').length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(server.requests.filter((r) => r.path === '/v1/kiosks/enroll')).toHaveLength(asked);
  });

  it('forgets a request the hub refused (rejected, or the kiosk id is enrolled) and stops asking', async () => {
    const { server, dir, start } = await setup(
      (_request, res) => sendJson(res, 401, { code: 'unauthorized', message: 'refused' }),
      { provisioningToken: TOKEN, pendingPollMs: 100, maxEnrollDelayMs: 1000 },
    );
    const link = await start();
    expect(link.enrolled).toBe(false);
    await expect(stat(path.join(dir, 'hub', 'enrollment-request.json'))).rejects.toThrow(/ENOENT/);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(server.requests).toHaveLength(1);
  });
});
