/**
 * Opening a store by location: a file path (SQLite, the default ./dyad.db) or a postgres:// URL
 * (PostgreSQL, ./postgres.ts, loaded only when asked for). Every backend implements the same Store interface (./types.ts).
 */
import { openSqliteStore } from './sqlite.js';
import type { OpenOptions, Store } from './types.js';

export * from './types.js';
export { contentHash } from './hash.js';

/** Opens the store at `location` and applies pending migrations (unless read-only). */
export async function openStore(location: string, opts: OpenOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    const { openPostgresStore } = await import('./postgres.js');
    return openPostgresStore(location, opts);
  }
  return openSqliteStore(location, opts);
}
