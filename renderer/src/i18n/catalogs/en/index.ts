import type { Messages } from '../../catalog';
import { access } from './access';
import { attract } from './attract';
import { booking } from './booking';
import { common } from './common';
import { help } from './help';
import { home } from './home';
import { payment } from './payment';
import { rating } from './rating';
import { speech } from './speech';
import { status } from './status';
import { ticket } from './ticket';
import { typing } from './typing';

/** The language's messages: one part per feature, spread in (add a part here). */
export const MESSAGES: Messages = {
  ...access,
  ...typing,
  ...attract,
  ...rating,
  ...help,
  ...speech,
  ...common,
  ...home,
  ...ticket,
  ...status,
  ...booking,
  ...payment,
};
