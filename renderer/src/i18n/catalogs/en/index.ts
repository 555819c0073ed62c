import type { Messages } from '../../catalog';
import { access } from './access';
import { speech } from './speech';

/** The language's messages: one part per feature, spread in (add a part here). */
export const MESSAGES: Messages = {
  ...access,
  ...speech,
};
