import { describe, expect, it } from 'vitest';
import { hostSocketUrl, isKioskBridge } from './select-kiosk-api';

describe('transport selection helpers', () => {
  it('builds the socket address on the page host, with no secret in it', () => {
    expect(hostSocketUrl('127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/api');
  });

  it('recognises the preload bridge only when it has calls and events', () => {
    expect(isKioskBridge({ calls: {}, events: {} })).toBe(true);
    expect(isKioskBridge(undefined)).toBe(false);
    expect(isKioskBridge({ calls: {} })).toBe(false);
    expect(isKioskBridge('kiosk')).toBe(false);
  });
});
