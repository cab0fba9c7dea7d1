/**
 * Test databases on the real PostgreSQL server (no mocks): each call creates a fresh database named
 * dyad_test_<pid>_<n> and returns its URL and a drop function. The server is the one of this machine
 * (.ci/run starts it when it is down); DYAD_TEST_PG overrides the admin URL.
 */
import pg from 'pg';

export const PG_ADMIN_URL = process.env.DYAD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let n = 0;

export interface TestDb {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** the URL of database `name` on the admin URL's server */
export function dbUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDb(prefix = 'dyad_test'): Promise<TestDb> {
  const name = `${prefix}_${process.pid}_${n++}`;
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    // template0: never blocked by a session sitting on template1
    await c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  });
  return {
    name,
    url: dbUrl(name),
    drop: () => admin(async (c) => { await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); }),
  };
}
