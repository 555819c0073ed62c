import { access } from './access';
import { booking } from './booking';
import { common } from './common';
import { home } from './home';
import { payment } from './payment';
import { status } from './status';
import { ticket } from './ticket';

/** Every Russian message, by key: one part per feature, spread in (add a part here). */
export const RU = {
  ...access,
  ...common,
  ...home,
  ...ticket,
  ...status,
  ...booking,
  ...payment,
} as const;
