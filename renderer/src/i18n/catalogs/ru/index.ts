import { access } from './access';

/** Every Russian message, by key: one part per feature, spread in (add a part here). */
export const RU = { ...access } as const;
