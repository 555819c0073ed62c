import { access } from './access';
import { speech } from './speech';

/** Every Russian message, by key: one part per feature, spread in (add a part here). */
export const RU = {
  ...access,
  ...speech,
} as const;
