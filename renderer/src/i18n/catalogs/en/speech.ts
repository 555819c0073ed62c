import type { PartMessages } from '../../catalog';
import type { speech as ru } from '../ru/speech';

export const speech: PartMessages<typeof ru> = {
  'speech.on': 'Voice guidance is on. The first touch names a button, the second touch presses it.',
  'speech.stop': 'Stop',
  'speech.repeat': 'Repeat',
  'speech.consent': 'Read my details aloud',
  'speech.privateWithheld':
    'This screen shows your personal details. To hear them, plug in headphones or press «Read my details aloud».',
  'speech.unavailable': 'unavailable',
};
