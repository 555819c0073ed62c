import { describe, expect, it } from 'vitest';
import type { ContentView } from '../../../kiosk-config/src/index';
import { filesToLoad, initialContentState, NO_CONTENT, receiveView, settleView } from './content-state';

const hash = (c: string) => `/content/${c.repeat(64)}`;
const release = (releaseId: string, title: string): ContentView => ({
  releaseId,
  version: 1,
  announcements: [],
  texts: { ru: { 'home.title': title } },
  attract: [],
});

describe('a new content view is shown only at an idle moment', () => {
  it('shown at once while idle', () => {
    const state = receiveView(initialContentState, release('r1', 'Первый'), true);
    expect(state).toEqual({ shown: release('r1', 'Первый'), pending: undefined });
  });

  it('held during a visit, shown when the kiosk is idle again; the newest held view wins', () => {
    const first = receiveView(initialContentState, release('r1', 'Первый'), true);
    let state = receiveView(first, release('r2', 'Второй'), false);
    expect(state.shown).toEqual(release('r1', 'Первый'));
    state = receiveView(state, release('r3', 'Третий'), false);
    expect(settleView(state, false)).toBe(state);
    expect(settleView(state, true)).toEqual({ shown: release('r3', 'Третий'), pending: undefined });
  });

  it('a view without a release (a rollback to none) is applied the same way', () => {
    const first = receiveView(initialContentState, release('r1', 'Первый'), true);
    const held = receiveView(first, NO_CONTENT, false);
    expect(settleView(held, true).shown).toEqual(NO_CONTENT);
  });

  it('idle with nothing held changes nothing', () => {
    expect(settleView(initialContentState, true)).toBe(initialContentState);
  });
});

describe('the files a release needs loaded', () => {
  it('each attract file once, in the loop order', () => {
    const view: ContentView = {
      ...NO_CONTENT,
      attract: [
        { url: hash('a'), kind: 'image', seconds: 5 },
        { url: hash('b'), kind: 'video', seconds: 20 },
        { url: hash('a'), kind: 'image', seconds: 8 },
      ],
    };
    expect(filesToLoad(view)).toEqual([
      { url: hash('a'), kind: 'image' },
      { url: hash('b'), kind: 'video' },
    ]);
  });
});
