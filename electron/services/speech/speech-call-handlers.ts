import { ok } from '../../../kiosk-config/src/index';
import type { CallHandlers } from '../api/call-dispatcher';
import type { SpeechService } from './speech-service';

/** The contract's speech calls (`kiosk-config/src/contract/speech.ts`), answered by the speech service. */
export function speechCallHandlers(
  speech: SpeechService,
): Pick<CallHandlers, 'speech.say' | 'speech.stop' | 'speech.repeat' | 'speech.state'> {
  return {
    'speech.say': async (input) => ok(speech.say(input)),
    'speech.stop': async () => {
      speech.stop();
      return ok({});
    },
    'speech.repeat': async () => ok({ repeated: speech.repeat() }),
    'speech.state': async () => ok({ headphones: speech.headphones() }),
  };
}
