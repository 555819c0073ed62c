import type { Migration } from '../../migration';

/**
 * Rate limits shared by every hub instance (`PostgresRateLimiter`): per limit and key, the times
 * of the hits still inside the longest window (ms since the epoch, oldest first), and the key that
 * hashes personal keys (application numbers, client addresses) alike on every instance.
 *
 * Version 7: versions 2–6 belong to the other stores' migrations.
 */
export const postgresMigration0007RateLimits: Migration = {
  version: 7,
  name: 'rate-limits',
  sql: `
CREATE TABLE rate_limit_hits (
  name     text NOT NULL,
  key      text NOT NULL,
  hits     bigint[] NOT NULL,
  -- Whether the newest hit was let through (set by the same statement that decided it).
  allowed  boolean NOT NULL,
  PRIMARY KEY (name, key)
);

-- Secrets the hub instances share; made here once, never leave the database.
CREATE TABLE hub_secrets (
  name   text PRIMARY KEY,
  value  bytea NOT NULL CHECK (length(value) >= 32)
);

-- 32 random bytes from two random UUIDs (gen_random_uuid is in core PostgreSQL since 13).
INSERT INTO hub_secrets (name, value)
VALUES ('rate-limit-key', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
`,
};
