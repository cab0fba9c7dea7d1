/**
 * Killing a worker mid-batch loses no article and duplicates none: a `dyad worker` child process is
 * killed with SIGKILL while it holds an active job, a second worker is started, and once the queue is
 * drained every article is stored exactly once with all its rows (events, quotes, mentions), the killed
 * job having been expired and retried. Real PostgreSQL, a fresh database, dropped after.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { createTestDb, type TestDb } from '../store/pg-testkit.js';
import { openPostgresStore } from '../store/postgres.js';
import { synthLine } from '../ingest/fixtures.js';
import { enqueue, QUEUE } from './index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'src', 'cli', 'index.ts');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-kill-'));
const N = 48;
const JOB = 6;
const input = path.join(tmp, 'stream.jsonl');
fs.writeFileSync(input, Array.from({ length: N }, (_, i) => synthLine(i, 73)).join('\n') + '\n');

let db: TestDb;
let c: pg.Client;
const children: ChildProcess[] = [];
before(async () => {
  db = await createTestDb();
});
after(async () => {
  for (const ch of children) if (ch.exitCode === null && ch.signalCode === null) ch.kill('SIGKILL');
  await c?.end().catch(() => undefined);
  await db?.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function startWorker(...extra: string[]): { child: ChildProcess; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'worker', '--db', db.url, '--threads', '1', '--poll', '100', '-v', ...extra], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (b: Buffer) => { err += b.toString(); });
  const exit = new Promise<number | null>((r) => child.on('exit', (code, sig) => r(code ?? (sig ? -1 : null))));
  return { child, exit, stderr: () => err };
}

const num = async (sql: string, p: unknown[] = []) => Number((await c.query(sql, p)).rows[0]?.c ?? 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('kill -9 a worker mid-batch, start another: every article stored exactly once', { timeout: 300_000 }, async () => {
  // jobs of a dead worker come back after 4 s
  const q = await enqueue([input], { db: db.url, jobSize: JOB, jobTimeout: 4 });
  assert.equal(q.enqueued, N);
  c = new pg.Client({ connectionString: db.url });
  await c.connect();

  const a = startWorker();
  let done = false;
  void a.exit.then(() => { done = true; });
  // wait until at least one job is committed and the next one is in flight, then kill
  for (;;) {
    const stored = await num('SELECT count(*) AS c FROM articles');
    const active = await num(`SELECT count(*) AS c FROM pgboss.job WHERE name = $1 AND state = 'active'`, [QUEUE]);
    if (stored >= JOB && stored < N && active > 0) break;
    if (done) assert.fail(`the first worker ended before it could be killed:\n${a.stderr()}`);
    await sleep(20);
  }
  a.child.kill('SIGKILL');
  assert.equal(await a.exit, -1);
  const storedAtKill = await num('SELECT count(*) AS c FROM articles');
  assert.ok(storedAtKill < N, 'killed before the end');
  const orphaned = await num(`SELECT count(*) AS c FROM pgboss.job WHERE name = $1 AND state = 'active'`, [QUEUE]);
  assert.ok(orphaned >= 1, 'the killed worker left an active job behind');

  const b = startWorker('--drain');
  assert.equal(await b.exit, 0, b.stderr());

  // nothing lost, nothing doubled
  const states = JSON.stringify((await c.query(`SELECT state, count(*) AS c FROM pgboss.job WHERE name = $1 GROUP BY 1`, [QUEUE])).rows);
  assert.equal(await num('SELECT count(*) AS c FROM articles'), N, `jobs ${states}; second worker:\n${b.stderr()}`);
  assert.equal(await num('SELECT count(DISTINCT hash) AS c FROM articles'), N);
  assert.equal(await num(`SELECT count(*) AS c FROM articles WHERE id LIKE '%~%'`), 0, 'no article stored again under a suffixed id');
  assert.equal(await num(`SELECT count(*) AS c FROM articles a WHERE n_events <> (SELECT count(*) FROM events e WHERE e.article = a.n)`), 0);
  assert.equal(await num(`SELECT count(*) AS c FROM articles a WHERE n_quotes <> (SELECT count(*) FROM quotes q WHERE q.article = a.n)`), 0);
  const store = await openPostgresStore(db.url, { readonly: true });
  try {
    let mentions = 0;
    for (let i = 0; i < N; i++) {
      const rec = await store.getArticle(`synth-73-${i}`);
      assert.ok(rec, `article ${i} stored`);
      mentions += rec.entities.reduce((n, e) => n + e.mentions.length, 0);
    }
    assert.equal((await store.stats()).mentions, mentions, 'mention rows written once per article');
    assert.ok((await store.stats()).events > 0);
  } finally { await store.close(); }
  // the orphaned job was expired and retried, then completed; no job failed for good
  assert.equal(await num(`SELECT count(*) AS c FROM pgboss.job WHERE name = $1 AND state <> 'completed'`, [QUEUE]), 0);
  assert.ok(await num(`SELECT count(*) AS c FROM pgboss.job WHERE name = $1 AND retry_count > 0`, [QUEUE]) >= 1, 'the killed job was retried');
  assert.match(b.stderr(), /already stored|stored/);
});
