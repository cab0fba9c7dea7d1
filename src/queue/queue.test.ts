/**
 * The ingest queue on the real PostgreSQL server (a fresh database per test, dropped after): inputs are
 * enqueued as jobs, a worker drains them into the store, a re-run queues nothing, a job that keeps failing
 * is retried then dead-lettered with its error, and `dyad status` reports all of it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTestDb, type TestDb } from '../store/pg-testkit.js';
import { openPostgresStore } from '../store/postgres.js';
import { synthLine } from '../ingest/fixtures.js';
import { enqueue, startBoss, jobOptions, QUEUE } from './index.js';
import { runWorker } from './worker.js';
import { status, formatStatus } from './status.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-queue-'));
const N = 12;
const input = path.join(tmp, 'stream.jsonl');
// two articles repeated in the input, and one line that is not JSON
fs.writeFileSync(input, [...Array.from({ length: N }, (_, i) => synthLine(i, 61)), synthLine(3, 61), synthLine(7, 61), '{not json'].join('\n') + '\n');

let db: TestDb;
before(async () => { db = await createTestDb(); });
after(async () => { await db?.drop(); fs.rmSync(tmp, { recursive: true, force: true }); });

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try { return Number((await c.query(sql, params)).rows[0]?.c ?? 0); } finally { await c.end(); }
}

test('enqueue → worker drains the queue into the store; a second enqueue queues nothing', { timeout: 240_000 }, async () => {
  const s = await enqueue([input], { db: db.url, jobSize: 5 });
  assert.equal(s.enqueued, N);
  assert.equal(s.jobs, Math.ceil(N / 5));
  assert.equal(s.duplicates, 2, 'repeated lines are queued once');
  assert.equal(s.failed, 1);

  const before = await status(db.url);
  assert.equal(before.queue!.queued, s.jobs);
  assert.equal(before.store.articles, 0);

  const jobs: number[] = [];
  const w = await runWorker({ db: db.url, threads: 1, drain: true, pollMs: 100, onJob: (j) => jobs.push(j.inserted) });
  assert.equal(w.inserted, N);
  assert.equal(w.jobErrors, 0);
  assert.deepEqual(jobs.sort(), [2, 5, 5]);

  const store = await openPostgresStore(db.url, { readonly: true });
  try {
    const st = await store.stats();
    assert.equal(st.articles, N);
    assert.ok(st.events > 0, 'the full pipeline ran: events were stored');
    const rec = await store.getArticle('synth-61-4');
    assert.ok(rec && rec.text.includes('(report 4)'));
  } finally { await store.close(); }

  const after1 = await status(db.url);
  assert.deepEqual([after1.queue!.queued, after1.queue!.active, after1.queue!.completed, after1.queue!.failed], [0, 0, s.jobs, 0]);
  const me = after1.workers.find((x) => x.id === w.id)!;
  assert.equal(me.articles, N);
  assert.equal(me.jobs, s.jobs);
  assert.equal(me.state, 'done');
  assert.match(formatStatus(after1, 'test'), new RegExp(`${N} articles`));

  const again = await enqueue([input], { db: db.url, jobSize: 5 });
  assert.deepEqual([again.enqueued, again.jobs, again.duplicates], [0, 0, N + 2]);
});

test('a job that keeps failing is retried with back-off, then dead-lettered with its error, shown by status', { timeout: 240_000 }, async () => {
  const boss = await startBoss(db.url);
  try {
    await boss.insert([{ name: QUEUE, data: { docs: 'not a list' }, ...jobOptions({ retries: 1, retryDelay: 1, jobTimeout: 60 }) }]);
  } finally { await boss.stop({ graceful: false, close: true, wait: true }); }
  const errors: string[] = [];
  const t0 = Date.now();
  const w = await runWorker({ db: db.url, threads: 1, drain: true, pollMs: 100, onJobError: (_id, m) => errors.push(m) });
  assert.equal(w.jobErrors, 2, 'first try + one retry');
  assert.ok(Date.now() - t0 >= 1000, 'the retry waited for its back-off');
  assert.ok(errors.every((m) => /bad job payload/.test(m)));
  const s = await status(db.url);
  assert.equal(s.queue!.failed, 1);
  assert.equal(s.queue!.deadLetters, 1);
  assert.equal(s.failedJobs[0]!.state, 'failed');
  assert.equal(s.failedJobs[0]!.retries, 1);
  assert.match(s.failedJobs[0]!.error ?? '', /bad job payload/);
  assert.match(formatStatus(s, 'test'), /dead letters: 1/);
  assert.equal(await count(`SELECT count(*) AS c FROM dyad_workers WHERE job_errors > 0`), 1);
});
