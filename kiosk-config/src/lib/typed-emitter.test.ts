import { describe, expect, it } from 'vitest';
import { TypedEmitter } from './typed-emitter';

describe('TypedEmitter', () => {
  it('calls each listener with the arguments, in the order they subscribed', () => {
    const emitter = new TypedEmitter<[name: string, count: number]>();
    const calls: string[] = [];
    emitter.on((name, count) => calls.push(`first ${name} ${count}`));
    emitter.on((name, count) => calls.push(`second ${name} ${count}`));
    emitter.emit('paper', 2);
    expect(calls).toEqual(['first paper 2', 'second paper 2']);
  });

  it('on returns the unsubscribe; a listener given twice is subscribed once', () => {
    const emitter = new TypedEmitter<[]>();
    let calls = 0;
    const listener = () => {
      calls += 1;
    };
    const off = emitter.on(listener);
    emitter.on(listener);
    expect(emitter.size).toBe(1);
    emitter.emit();
    off();
    emitter.emit();
    expect(calls).toBe(1);
    expect(emitter.size).toBe(0);
  });

  it('without onListenerError, a listener that throws stops the emit and the error reaches the emitter', () => {
    const emitter = new TypedEmitter<[value: number]>();
    const seen: number[] = [];
    emitter.on(() => {
      throw new Error('listener bug');
    });
    emitter.on((value) => seen.push(value));
    expect(() => emitter.emit(1)).toThrow('listener bug');
    expect(seen).toEqual([]);
  });

  it('with onListenerError, each error is handed over and the other listeners are still called', () => {
    const errors: unknown[] = [];
    const emitter = new TypedEmitter<[value: number]>({
      onListenerError: (error, value) => errors.push([error, value]),
    });
    const seen: number[] = [];
    emitter.on(() => {
      throw new Error('listener bug');
    });
    emitter.on((value) => seen.push(value));
    expect(() => emitter.emit(1)).not.toThrow();
    expect(seen).toEqual([1]);
    expect(errors).toEqual([[new Error('listener bug'), 1]]);
  });

  it('during an emit, a listener added waits for the next event and a listener removed is not called', () => {
    const emitter = new TypedEmitter<[value: number]>();
    const seen: string[] = [];
    let offSecond = () => {};
    emitter.on((value) => {
      seen.push(`first ${value}`);
      offSecond();
      emitter.on((later) => seen.push(`added ${later}`));
    });
    offSecond = emitter.on((value) => seen.push(`second ${value}`));
    emitter.emit(1);
    expect(seen).toEqual(['first 1']);
    emitter.emit(2);
    expect(seen).toEqual(['first 1', 'first 2', 'added 2']);
  });

  it('clear unsubscribes every listener', () => {
    const emitter = new TypedEmitter<[]>();
    let calls = 0;
    emitter.on(() => {
      calls += 1;
    });
    emitter.clear();
    emitter.emit();
    expect(calls).toBe(0);
  });
});
