import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HubServices } from '../hub/hub-services';
import { VisitorSession } from '../session/visitor-session';
import { StartupStack } from '../startup-stack';
import { memoryLogger } from '../test-support';
import { tempDataDir } from './content-test-support';
import { sessionIdleGate, startContent } from './start-content';

/** The hub services as the content channel uses them: an address (or none) and an outbox. */
function hubStandIn(baseUrl: string | undefined): Pick<HubServices, 'link' | 'outbox'> {
  return {
    link: { baseUrl, credential: () => 'credential' },
    outbox: { enqueue: async () => ({}) },
  } as unknown as Pick<HubServices, 'link' | 'outbox'>;
}

describe('startContent', () => {
  it.each([
    { name: 'disabled', enabled: false, root: 'root.json', hub: 'http://127.0.0.1:9', reason: /disabled/ },
    {
      name: 'without a trusted root',
      enabled: true,
      root: undefined,
      hub: 'http://127.0.0.1:9',
      reason: /no trusted root/,
    },
    { name: 'without a hub', enabled: true, root: 'root.json', hub: undefined, reason: /no hub address/ },
    {
      name: 'with an unreadable root',
      enabled: true,
      root: 'missing.json',
      hub: 'http://127.0.0.1:9',
      reason: undefined,
    },
  ])('runs the kiosk without content when $name, saying so once', async ({ enabled, root, hub, reason }) => {
    const dataDir = await tempDataDir();
    const { log, lines } = memoryLogger();
    const stack = new StartupStack(log);
    const session = new VisitorSession(60_000, 15_000, { onIdleWarning: () => {}, onReset: () => {} });
    const content = await startContent(stack, {
      config: { enabled, pollSeconds: 300 },
      trustedRootFile: root === undefined ? undefined : path.join(dataDir, root),
      kioskId: 'kiosk-1',
      dataDir,
      hub: hubStandIn(hub),
      session,
      onCurrentChanged: () => {},
      log,
    });
    expect(content.store).toBeUndefined();
    expect(await content.check()).toBe('disabled');
    const off = lines().filter((line) => String(line.msg).startsWith('content channel off'));
    expect(off).toHaveLength(1);
    if (reason !== undefined) expect(String(off[0]?.reason)).toMatch(reason);
    // Nothing was created on disk for a channel that does not run.
    expect(existsSync(path.join(dataDir, 'content'))).toBe(false);
    await stack.stop();
  });

  it('uses the visitor session as the idle gate: busy after a touch, open again at the reset', () => {
    const session = new VisitorSession(60_000, 15_000, { onIdleWarning: () => {}, onReset: () => {} });
    const gate = sessionIdleGate(session);
    expect(gate.isSessionIdle()).toBe(true);
    session.activity();
    expect(gate.isSessionIdle()).toBe(false);
    let opened = 0;
    gate.onIdle(() => {
      opened += 1;
    });
    session.end('visitor');
    session.dispose();
    expect(opened).toBe(1);
    expect(gate.isSessionIdle()).toBe(true);
  });

  it('with the service mode: not idle while out of service, open again once back in service and no visitor is there', () => {
    const session = new VisitorSession(60_000, 15_000, { onIdleWarning: () => {}, onReset: () => {} });
    let inService = false;
    const backListeners = new Set<() => void>();
    const gate = sessionIdleGate(session, {
      inService: () => inService,
      onBackInService: (listener) => {
        backListeners.add(listener);
        return () => backListeners.delete(listener);
      },
    });
    const putBack = () => {
      inService = true;
      for (const listener of [...backListeners]) listener();
    };
    // Out of service with nobody at the screen: a release must not go on trial (no home screen to report it healthy).
    expect(gate.isSessionIdle()).toBe(false);
    let opened = 0;
    gate.onIdle(() => {
      opened += 1;
    });
    expect(opened).toBe(0);
    putBack();
    expect(opened).toBe(1);
    expect(gate.isSessionIdle()).toBe(true);
    expect(backListeners.size).toBe(0);

    // Back in service while a visitor is at the screen: open at the session's end, not before.
    inService = false;
    gate.onIdle(() => {
      opened += 1;
    });
    session.activity();
    putBack();
    expect(opened).toBe(1);
    session.end('visitor');
    session.dispose();
    expect(opened).toBe(2);
  });
});
