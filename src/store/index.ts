/**
 * Opening a store by location: a file path (SQLite, the default ./dyad.db) or, once issue 6 lands,
 * a postgres:// URL. Every backend implements the same Store interface (./types.ts).
 */
import { openSqliteStore } from './sqlite.js';
import type { OpenOptions, Store } from './types.js';

export * from './types.js';
export { contentHash } from './hash.js';

/** Opens the store at `location` and applies pending migrations (unless read-only). */
export async function openStore(location: string, opts: OpenOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    throw Object.assign(new Error('the PostgreSQL store is not available yet (issue 6); use a SQLite file path'), { name: 'UserError' });
  }
  return openSqliteStore(location, opts);
}
