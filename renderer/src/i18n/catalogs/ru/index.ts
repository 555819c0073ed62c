import { access } from './access';
import { rating } from './rating';

/** Every Russian message, by key: one part per feature, spread in (add a part here). */
export const RU = { ...access, ...rating } as const;
