import type { Migration } from '../../migration';
import { postgresMigration0001Initial } from './0001-initial';
import { postgresMigration0002Queue } from './0002-queue';
import { postgresMigration0003Payments } from './0003-payments';
import { postgresMigration0004Fleet } from './0004-fleet';
import { postgresMigration0005ConsoleCommandsTechnician } from './0005-console-commands-technician';
import { postgresMigration0006HelpRatingContent } from './0006-help-rating-content';
import { postgresMigration0007RateLimits } from './0007-rate-limits';

/**
 * The PostgreSQL store's schema changes, in order (its own list: the SQLite store's numbers say
 * nothing here). Append a new file and list it here; never edit one that has shipped.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  postgresMigration0001Initial,
  postgresMigration0002Queue,
  postgresMigration0003Payments,
  postgresMigration0004Fleet,
  postgresMigration0005ConsoleCommandsTechnician,
  postgresMigration0006HelpRatingContent,
  postgresMigration0007RateLimits,
];
