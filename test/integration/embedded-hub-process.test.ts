import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAppRoot } from '../../electron/services/app-root';
import { startEmbeddedHubProcess } from '../../electron/services/hub/embedded-hub';

describe('the embedded hub as a child process (as the Electron shell runs it)', () => {
  it('announces its URL and token, serves, and stops when closed', async () => {
    expect(existsSync(path.join(findAppRoot().dir, 'dist', 'hub', 'embedded-hub-child.js'))).toBe(true);
    const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-hub-child-'));
    const hub = await startEmbeddedHubProcess({ dataDir, nodeBinary: process.execPath });
    try {
      expect(hub.override.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      expect(hub.override.provisioningToken.length).toBeGreaterThanOrEqual(16);
      const health = await fetch(`${hub.override.url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await hub.close();
    }
    await expect(fetch(`${hub.override.url}/healthz`)).rejects.toThrow();
  });

  it('reports a Node binary that cannot run instead of hanging', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-hub-child-'));
    await expect(startEmbeddedHubProcess({ dataDir, nodeBinary: '/nonexistent/node' })).rejects.toThrow(/cannot run/);
  });
});
