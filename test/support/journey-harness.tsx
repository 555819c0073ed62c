/**
 * Runs in Chromium (bundled by `journey-in-chromium.ts`): the visitor's journey (or the whole
 * page, `app`), React and all, mounted on a fake KioskApi the test drives. Every call is recorded and waits for the test's
 * answer, unless a canned answer was given for its name; events are sent by the test.
 */
import { createRoot, type Root } from 'react-dom/client';
import type { CallName, CallOutput, EventName, EventPayload, KioskApi, Result } from '../../kiosk-config/src/index';
import { KioskApiProvider } from '../../renderer/src/api/kiosk-api-context';
import { Journey } from '../../renderer/src/journeys/journey';
import { App } from '../../renderer/src/shell/app';
import type { HarnessMount, JourneyHarness, RecordedCall } from './journey-harness-types';

const recorded: RecordedCall[] = [];
const waiting: { name: CallName; resolve: (result: Result<unknown>) => void }[] = [];
const listeners = new Map<EventName, Set<(payload: never) => void>>();
const onScreen: boolean[] = [];
let homes = 0;
let canned: HarnessMount['canned'] = {};
let mounted: Root | null = null;

const api: KioskApi = {
  call<K extends CallName>(name: K, input: unknown): Promise<Result<CallOutput<K>>> {
    recorded.push({ name, input });
    const answer = canned[name];
    if (answer !== undefined) return Promise.resolve(answer as Result<CallOutput<K>>);
    return new Promise((resolve) => {
      waiting.push({ name, resolve: (result) => resolve(result as Result<CallOutput<K>>) });
    });
  },
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = listeners.get(name) ?? new Set();
    set.add(listener as (payload: never) => void);
    listeners.set(name, set);
    return () => set.delete(listener as (payload: never) => void);
  },
};

const harness: JourneyHarness = {
  mount(options) {
    // A fresh journey on a fresh record: the last one is unmounted (its listeners go with it).
    mounted?.unmount();
    recorded.length = 0;
    waiting.length = 0;
    onScreen.length = 0;
    homes = 0;
    canned = options.canned;
    const root = document.getElementById('root');
    if (root === null) throw new Error('the harness page has no #root');
    mounted = createRoot(root);
    mounted.render(
      <KioskApiProvider api={api}>
        {options.app === true ? (
          <App />
        ) : (
          <Journey
            printer={options.printer}
            onHome={() => {
              homes += 1;
            }}
            officeId="mfc-demo-01"
            timeZone="Europe/Moscow"
            onPaymentOnScreen={(shown) => onScreen.push(shown)}
          />
        )}
      </KioskApiProvider>,
    );
  },
  calls: () => [...recorded],
  waiting: (name) => waiting.filter((call) => call.name === name).length,
  answer(name, result) {
    const index = waiting.findIndex((call) => call.name === name);
    if (index < 0) return false;
    const [call] = waiting.splice(index, 1);
    call?.resolve(result);
    return true;
  },
  emit(name, payload) {
    for (const listener of listeners.get(name) ?? []) listener(payload as never);
  },
  paymentOnScreen: () => [...onScreen],
  homes: () => homes,
};

(window as unknown as { journeyHarness: JourneyHarness }).journeyHarness = harness;
