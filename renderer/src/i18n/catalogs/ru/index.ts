import { access } from './access';
import { help } from './help';

/** Every Russian message, by key: one part per feature, spread in (add a part here). */
export const RU = {
  ...access,
  ...help,
} as const;
