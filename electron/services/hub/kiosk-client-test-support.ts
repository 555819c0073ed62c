import { memoryLogger } from '../test-support';
import { CircuitBreaker } from './circuit-breaker';
import { HubClient, type HubClientOptions } from './hub-client';

/**
 * The kiosk's hub client for tests against a real hub: an enrolled kiosk's identity, the breaker
 * out of the way (a test trips it on purpose through `overrides`), quick retries, and its log
 * captured for the test to read.
 */
export function kioskTestClient(
  baseUrl: string,
  kiosk: { kioskId: string; credential: string },
  overrides: Partial<HubClientOptions> = {},
): { client: HubClient; logger: ReturnType<typeof memoryLogger> } {
  const logger = memoryLogger();
  const client = new HubClient({
    baseUrl,
    kioskId: kiosk.kioskId,
    credential: () => kiosk.credential,
    requestTimeoutMs: 2000,
    breaker: new CircuitBreaker({ failureThreshold: 100, openMs: 10_000 }),
    log: logger.log,
    retryInitialMs: 10,
    ...overrides,
  });
  return { client, logger };
}
