import type { PartMessages } from '../../catalog';
import type { access as ru } from '../ru/access';

export const access: PartMessages<typeof ru> = {
  'access.bar': 'Accessibility and help',
  'access.speech': 'Read aloud',
  'access.speechOff': 'Stop reading',
  'access.larger': 'Larger',
  'access.smaller': 'Normal size',
  'access.contrast': 'Contrast',
  'access.low': 'Lower',
  'access.language': 'Language',
  'access.help': 'Call staff',
};
