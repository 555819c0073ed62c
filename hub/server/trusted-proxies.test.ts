import { afterEach, describe, expect, it } from 'vitest';
import { postJson, startTestHub, type TestHub } from '../test/hub-test-support';
import { resolveHubConfig } from './hub-config';

let hub: TestHub | undefined;
afterEach(async () => {
  await hub?.dispose();
  hub = undefined;
});

/** Enrollment attempts with a wrong code, each claiming another client address. */
async function enrollFrom(url: string, forwardedFor: string[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const address of forwardedFor) {
    const answer = await postJson(
      `${url}/v1/kiosks/enroll`,
      { kioskId: 'kiosk-forger', enrollmentCode: 'not-a-valid-code-0000' },
      { 'x-forwarded-for': address },
    );
    statuses.push(answer.status);
  }
  return statuses;
}

const forged = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'];

describe('forwarded client addresses (trustProxy)', () => {
  it('ignores X-Forwarded-For from a client that is not a listed proxy: the per-address limit holds', async () => {
    hub = await startTestHub({
      config: { trustProxy: ['10.20.30.40'], enrollLimitPerAddress: { limit: 2, windowSeconds: 600 } },
    });
    expect(await enrollFrom(hub.url, forged)).toEqual([401, 401, 429, 429]);
    const refusals = hub.log.lines().filter((line) => line.msg === 'kiosk enrollment refused');
    expect(refusals.map((line) => line.ip)).toEqual(['127.0.0.1', '127.0.0.1']);
  });

  it('takes the client address from a listed proxy (here the loopback nginx)', async () => {
    hub = await startTestHub({
      config: { trustProxy: ['127.0.0.1/32'], enrollLimitPerAddress: { limit: 2, windowSeconds: 600 } },
    });
    expect(await enrollFrom(hub.url, ['203.0.113.9', '203.0.113.9', '203.0.113.9', '203.0.113.10'])).toEqual([
      401, 401, 429, 401,
    ]);
    const refusals = hub.log.lines().filter((line) => line.msg === 'kiosk enrollment refused');
    expect(refusals.map((line) => line.ip)).toEqual(['203.0.113.9', '203.0.113.9', '203.0.113.10']);
  });

  it('trusts no forwarded header by default', async () => {
    hub = await startTestHub({ config: { enrollLimitPerAddress: { limit: 2, windowSeconds: 600 } } });
    expect(await enrollFrom(hub.url, forged)).toEqual([401, 401, 429, 429]);
  });

  it('refuses "trust every proxy" and anything that is not an address or a CIDR', () => {
    expect(() => resolveHubConfig({ trustProxy: true } as never)).toThrow(/trustProxy/);
    expect(() => resolveHubConfig({ trustProxy: ['nginx.local'] })).toThrow(/trustProxy/);
    expect(() => resolveHubConfig({ trustProxy: ['0.0.0.0/0'] })).toThrow(/trustProxy/);
    expect(resolveHubConfig({ trustProxy: ['10.0.0.5', '192.168.1.0/24', '::1', 'fd00::/8'] }).trustProxy).toHaveLength(
      4,
    );
  });
});
