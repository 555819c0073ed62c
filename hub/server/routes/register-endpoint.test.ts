import { describe, expect, it } from 'vitest';
import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';
import type { KioskAuth } from '../kiosk-auth';
import type { HubFastify } from './hub-routes';
import { registerEndpoint } from './register-endpoint';

// Never reached: registration refuses before it touches the app.
const app = {} as HubFastify;
const kiosk: KioskAuth = {
  hook: async () => undefined,
  kioskOf: () => ({ id: 'k', officeId: 'o' }),
};

describe('registerEndpoint', () => {
  it('refuses to serve an endpoint unguarded: its auth and its rate limit must be wired', () => {
    expect(() => registerEndpoint(app, hubEndpoints.kioskSetup, {}, async () => undefined)).toThrow(
      'GET /v1/kiosk/setup needs kiosk authentication',
    );
    expect(() => registerEndpoint(app, hubEndpoints.callNext, { kiosk }, async () => undefined)).toThrow(
      'POST /v1/operator/call-next needs operator authentication',
    );
    expect(() => registerEndpoint(app, hubEndpoints.issueTicket, { kiosk }, async () => undefined)).toThrow(
      'POST /v1/tickets needs kiosk limits',
    );
  });
});
