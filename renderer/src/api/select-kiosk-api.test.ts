import { describe, expect, it } from 'vitest';
import { hostSocketUrl, isKioskBridge, tokenFromHash } from './select-kiosk-api';
import { socketUrlWithToken } from './ws-kiosk-api';

describe('transport selection helpers', () => {
  it('reads the token from the fragment', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(tokenFromHash('#other=1&token=a%2Bb')).toBe('a+b');
    expect(tokenFromHash('')).toBe('');
  });

  it('builds the socket address on the page host with the token', () => {
    expect(hostSocketUrl('127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/api');
    expect(socketUrlWithToken('ws://127.0.0.1:8080/api', 'a b&c')).toBe('ws://127.0.0.1:8080/api?token=a+b%26c');
  });

  it('recognises the preload bridge only when it has calls and events', () => {
    expect(isKioskBridge({ calls: {}, events: {} })).toBe(true);
    expect(isKioskBridge(undefined)).toBe(false);
    expect(isKioskBridge({ calls: {} })).toBe(false);
    expect(isKioskBridge('kiosk')).toBe(false);
  });
});
