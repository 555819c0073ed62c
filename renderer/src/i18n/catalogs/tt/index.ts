import type { Messages } from '../../catalog';
import { access } from './access';
import { attract } from './attract';
import { help } from './help';
import { rating } from './rating';
import { speech } from './speech';
import { typing } from './typing';

/** The language's messages: one part per feature, spread in (add a part here). */
export const MESSAGES: Messages = { ...access, ...typing, ...attract, ...rating, ...help, ...speech };
