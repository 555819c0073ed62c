import type { Migration } from '../../migration';
import { postgresMigration0001Initial } from './0001-initial';
import { postgresMigration0006HelpRatingContent } from './0006-help-rating-content';

/**
 * The PostgreSQL store's schema changes, in order (its own list: the SQLite store's numbers say
 * nothing here). Append a new file and list it here; never edit one that has shipped.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  postgresMigration0001Initial,
  postgresMigration0006HelpRatingContent,
];
