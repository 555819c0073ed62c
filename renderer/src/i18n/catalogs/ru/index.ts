import { access } from './access';
import { attract } from './attract';
import { help } from './help';
import { rating } from './rating';
import { speech } from './speech';
import { typing } from './typing';

/** Every Russian message, by key: one part per feature, spread in (add a part here). */
export const RU = { ...access, ...typing, ...attract, ...rating, ...help, ...speech } as const;
