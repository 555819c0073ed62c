import { describe, expect, it } from 'vitest';
import { kioskCalls, kioskEvents } from './kiosk-api';
import { callNames, eventNames } from './kiosk-api-names';

describe('the name lists of the preload', () => {
  it("are exactly the contract's calls and events, in its order", () => {
    expect([...callNames]).toEqual(Object.keys(kioskCalls));
    expect([...eventNames]).toEqual(Object.keys(kioskEvents));
  });

  it('name nothing twice', () => {
    expect(new Set(callNames).size).toBe(callNames.length);
    expect(new Set(eventNames).size).toBe(eventNames.length);
  });
});
