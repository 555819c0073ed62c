import type { Messages } from '../../catalog';
import { access } from './access';
import { booking } from './booking';
import { common } from './common';
import { home } from './home';
import { payment } from './payment';
import { status } from './status';
import { ticket } from './ticket';

/** The language's messages: one part per feature, spread in (add a part here). */
export const MESSAGES: Messages = {
  ...access,
  ...common,
  ...home,
  ...ticket,
  ...status,
  ...booking,
  ...payment,
};
