import type Database from 'better-sqlite3';
import { type ContentChannel, contentPaths } from './content-publisher';
import { ContentRepository } from './content-repository';
import type { ContentStore } from './content-store';
import { loadOrCreateOnlineKeys, type OnlineKeyAccess } from './online-keys';
import { SqliteContentStore } from './sqlite-content-store';

/**
 * `openContentChannel` with the online keys' secret found as the caller says: the hub passes
 * its config's `contentKeySecretFile`, whether it is a demo (which may create a dev secret) and
 * its logger; the admin CLI its environment. `openContentChannel` alone looks in process.env
 * and an existing dev secret only.
 */
export function openContentChannelWith(db: Database.Database, dbPath: string, access: OnlineKeyAccess): ContentChannel {
  return openContentChannelOn(new SqliteContentStore(db), dbPath, access);
}

/**
 * The channel on any store: its files (the signed repository, the online keys) in the `content`
 * folder beside `filesAnchor` (the SQLite file, or `<dataDir>/hub` for a hub on PostgreSQL), its
 * writers excluding each other by the store's write lock (a file, or PostgreSQL's advisory lock).
 */
export function openContentChannelOn(
  store: ContentStore,
  filesAnchor: string,
  access: OnlineKeyAccess,
): ContentChannel {
  const paths = contentPaths(filesAnchor);
  return {
    repo: new ContentRepository(paths.repositoryDir),
    store,
    online: loadOrCreateOnlineKeys(paths.keysDir, access),
    writeLock: store.writeLock(paths.repositoryDir),
  };
}
