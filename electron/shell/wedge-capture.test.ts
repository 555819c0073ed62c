import { afterEach, describe, expect, it, vi } from 'vitest';
import { StubWebContents } from './electron-stub';
import { attachWedgeCapture, type WedgeInputEvent, type WedgeScan } from './wedge-capture';

/** The key code and Shift a US-layout scanner presses for each character the tests type. */
const KEYS: Record<string, [string, boolean]> = {
  ']': ['BracketRight', false],
  Q: ['KeyQ', true],
  q: ['KeyQ', false],
  '-': ['Minus', false],
  '/': ['Slash', false],
  '\n': ['Enter', false],
  ...Object.fromEntries([...'0123456789'].map((d) => [d, [`Digit${d}`, false]])),
  ...Object.fromEntries([...'ABCDEFGHIJKLMNOPRSTUVWXYZ'].map((c) => [c, [`Key${c}`, true]])),
};

function setUp(dev = false) {
  let now = 0;
  const contents = new StubWebContents();
  const scans: WedgeScan[] = [];
  const logged: Array<{ obj: object; msg: string }> = [];
  const log = (obj: object, msg: string) => logged.push({ obj, msg });
  const dispose = attachWedgeCapture({
    contents,
    dev,
    onScan: (scan) => scans.push(scan),
    logger: { info: log, warn: log, error: log },
    clock: () => now,
  });
  let prevented = 0;
  /** Presses and releases a key, as Electron reports it; `key` is what the OS layout produced. */
  const press = (code: string, shift: boolean, extra: Partial<WedgeInputEvent> & { key?: string } = {}) => {
    for (const type of ['keyDown', 'keyUp']) {
      const event = { preventDefault: () => prevented++ };
      const input = {
        type,
        code,
        key: extra.key ?? '?',
        shift,
        control: false,
        alt: false,
        meta: false,
        isAutoRepeat: false,
        ...extra,
      };
      contents.emit('before-input-event', event, input);
    }
  };
  /** Types a text as a scanner would, one key every `gapMs`. */
  const typeText = (text: string, gapMs: number) => {
    for (const c of text) {
      const [code, shift] = KEYS[c] ?? ['F13', false];
      press(code, shift);
      now += gapMs;
      vi.advanceTimersByTime(gapMs);
    }
  };
  const wait = (ms: number) => {
    now += ms;
    vi.advanceTimersByTime(ms);
  };
  return { contents, scans, logged, dispose, press, typeText, wait, prevented: () => prevented };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('attachWedgeCapture', () => {
  it('turns a fast burst ended by Enter into a scan, with its AIM identifier apart', () => {
    vi.useFakeTimers();
    const { scans, typeText } = setUp();
    typeText(']Q1REG-2024/0001\n', 5);
    expect(scans).toEqual([{ text: 'REG-2024/0001', symbology: ']Q1' }]);
  });

  it('keeps every physical key event away from the page on a kiosk', () => {
    vi.useFakeTimers();
    const { typeText, prevented, press } = setUp();
    typeText('4607001234562\n', 5);
    press('KeyR', false, { control: true });
    // Key-downs and key-ups alike: 14 keys and Ctrl+R, each pressed and released.
    expect(prevented()).toBe(30);
  });

  it('reads the physical key, not the Russian layout’s letter', () => {
    vi.useFakeTimers();
    const { scans, press, wait } = setUp();
    for (const [code, key] of [
      ['KeyQ', 'й'],
      ['KeyW', 'ц'],
      ['KeyE', 'у'],
      ['KeyR', 'к'],
    ] as const) {
      press(code, false, { key });
      wait(3);
    }
    wait(100);
    expect(scans).toEqual([{ text: 'qwer' }]);
  });

  it('ends a burst without a suffix after its gap', () => {
    vi.useFakeTimers();
    const { scans, typeText, wait } = setUp();
    typeText('ABCDEF', 5);
    expect(scans).toEqual([]);
    wait(40);
    expect(scans).toEqual([{ text: 'ABCDEF' }]);
  });

  it("ignores a person's typing, and logs no key and no code", () => {
    vi.useFakeTimers();
    const { scans, typeText, logged, wait } = setUp();
    typeText('1234\n', 200);
    typeText('SECRET-1', 5);
    wait(100);
    expect(scans).toEqual([{ text: 'SECRET-1' }]);
    const lines = JSON.stringify(logged);
    expect(lines).not.toContain('SECRET');
    expect(logged.map((l) => l.msg)).toEqual(['keyboard-wedge scan']);
  });

  it('ignores auto-repeat and composition', () => {
    vi.useFakeTimers();
    const { scans, press, wait } = setUp();
    for (let i = 0; i < 6; i++) {
      press('KeyA', false, { isAutoRepeat: i > 0 });
      press('KeyB', false, { isComposing: true });
      wait(3);
    }
    wait(100);
    expect(scans).toEqual([]);
  });

  it('lets keys through to the page in developer mode, and still captures scans', () => {
    vi.useFakeTimers();
    const { scans, typeText, prevented } = setUp(true);
    typeText('ABCD\n', 5);
    expect(prevented()).toBe(0);
    expect(scans).toEqual([{ text: 'ABCD' }]);
  });

  it('detaches: no listener, no timer left', () => {
    vi.useFakeTimers();
    const { contents, typeText, dispose, scans } = setUp();
    typeText('ABC', 5);
    dispose();
    expect(contents.listenerCount('before-input-event')).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    typeText('DEFG\n', 5);
    expect(scans).toEqual([]);
  });
});
