/**
 * `dyad worker`: drains the ingest queue. A worker process keeps `threads` extraction threads busy
 * (the ingest pool of src/ingest/pool.ts) with `threads + 1` jobs in flight, each fetched from pg-boss
 * (FOR UPDATE SKIP LOCKED, so any number of workers on any number of machines never take the same job).
 * Per job: articles already stored are skipped, the rest extracted and written in ONE store transaction,
 * then the job is completed with its counts. When some articles fail extraction (an error, a crashed or
 * timed-out thread) the others are still written, the failures recorded in ingest_errors, and the job is
 * failed: pg-boss retries it with back-off (on any worker: a bug or overload on one machine does not lose
 * articles), the retry skipping what is stored, and after the last retry dead-letters it with its error.
 * A job that throws otherwise (database down, bad payload) is failed and retried the same way. The worker's counters and
 * heartbeat live in dyad_workers (what `dyad status` shows). SIGINT/SIGTERM (the signal option) stop
 * fetching and finish the jobs in flight; a kill -9 leaves its jobs active until they expire, then another
 * worker redoes them (idempotent writes: nothing lost, nothing doubled).
 */
import os from 'node:os';
import type PgBoss from 'pg-boss';
import { ExtractPool } from '../ingest/pool.js';
import { openPostgresStore, type PostgresStore } from '../store/postgres.js';
import type { PutItem } from '../store/types.js';
import type { StageName } from '../pipeline.js';
import { QUEUE, requirePostgres, startBoss, workerId, type JobData, type JobDoc } from './index.js';

export interface WorkerOptions {
  db: string;
  /** extraction threads (default: all cores) */
  threads?: number;
  /** ms between polls of an empty queue (default 1,000) */
  pollMs?: number;
  /** stop when the queue holds no job left to do (queued, waiting for retry, or active elsewhere) */
  drain?: boolean;
  /** ms a document may take before its thread is replaced and the document fails (default 60,000) */
  timeoutMs?: number;
  /** ms between expiry sweeps of jobs left active by dead workers (default 10,000) */
  expireEveryMs?: number;
  /** run the pipeline only up to this stage (benchmarks) */
  until?: StageName;
  signal?: AbortSignal;
  /** called after every job */
  onJob?: (j: JobReport) => void;
  /** called when a job fails */
  onJobError?: (jobId: string, message: string) => void;
  /** called once the extraction threads are loaded and the worker fetches jobs */
  onReady?: (id: string) => void;
  id?: string;
}

export interface JobReport {
  jobId: string;
  articles: number;
  inserted: number;
  skipped: number;
  failed: number;
  nearDuplicates: number;
  ms: number;
}

export interface WorkerSummary {
  id: string;
  jobs: number;
  jobErrors: number;
  inserted: number;
  skipped: number;
  failed: number;
  elapsedMs: number;
  /** ms from start to the first job fetched (model loading) */
  startupMs: number;
  /** CPU time of this process (all threads), ms, and the part spent before the first job (loading) */
  cpuMs: number;
  startupCpuMs: number;
}

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => {
  if (signal?.aborted) { resolve(); return; }
  const t = setTimeout(() => { signal?.removeEventListener('abort', done); resolve(); }, ms);
  const done = () => { clearTimeout(t); resolve(); };
  signal?.addEventListener('abort', done, { once: true });
});

function validDocs(data: unknown): JobDoc[] {
  const docs = (data as JobData | null)?.docs;
  if (!Array.isArray(docs)) throw new Error('bad job payload: no docs array');
  for (const d of docs) {
    if (!d || typeof d !== 'object' || typeof d.hash !== 'string' || typeof d.id !== 'string' || (typeof d.text !== 'string' && typeof d.html !== 'string')) {
      throw new Error('bad job payload: a document without id, hash and text or html');
    }
  }
  return docs;
}

const whereOf = (d: JobDoc) => (d.line ? `${d.path}:${d.line}` : (d.url ?? d.path ?? d.id));

export async function runWorker(o: WorkerOptions): Promise<WorkerSummary> {
  requirePostgres(o.db, 'dyad worker');
  const t0 = Date.now();
  const id = o.id ?? workerId();
  const threads = Math.max(1, Math.floor(o.threads ?? (os.availableParallelism?.() ?? os.cpus().length)));
  const pollMs = o.pollMs ?? 1000;
  const expireEveryMs = o.expireEveryMs ?? 10_000;
  const store: PostgresStore = await openPostgresStore(o.db, { poolSize: threads + 2, applicationName: `dyad-worker ${id}` });
  let boss: PgBoss | null = null;
  let pool: ExtractPool | null = null;
  const sum: WorkerSummary = { id, jobs: 0, jobErrors: 0, inserted: 0, skipped: 0, failed: 0, elapsedMs: 0, startupMs: 0, cpuMs: 0, startupCpuMs: 0 };
  const cpu0 = process.cpuUsage();
  const cpuMs = () => { const u = process.cpuUsage(cpu0); return Math.round((u.user + u.system) / 1000); };
  const heartbeat = (state: string, extra = '', params: unknown[] = []) =>
    store.pool.query(`UPDATE dyad_workers SET last_seen = now(), state = $2${extra} WHERE id = $1`, [id, state, ...params]).catch(() => undefined);
  let hb: NodeJS.Timeout | null = null;
  try {
    await store.pool.query(`INSERT INTO dyad_workers (id, host, pid, threads, state) VALUES ($1, $2, $3, $4, 'starting')
      ON CONFLICT (id) DO UPDATE SET state = 'starting', last_seen = now()`, [id, os.hostname(), process.pid, threads]);
    boss = await startBoss(o.db, { supervise: true });
    pool = new ExtractPool({ workers: threads, timeoutMs: o.timeoutMs ?? 60_000 });
    await pool.ready();
    await heartbeat('running');
    hb = setInterval(() => void heartbeat('running'), 5000);
    hb.unref();
    o.onReady?.(id);
    sum.startupMs = Date.now() - t0;
    sum.startupCpuMs = cpuMs();

    let lastExpire = 0;
    const expire = async (force = false) => {
      if (!force && Date.now() - lastExpire < expireEveryMs) return;
      lastExpire = Date.now();
      await boss!.expire().catch(() => undefined);
    };

    const runJob = async (job: PgBoss.Job<JobData>): Promise<void> => {
      const started = Date.now();
      try {
        const docs = validDocs(job.data);
        const stored = await store.storedOf(docs);
        const todo = docs.filter((d) => !stored.has(d.hash));
        const results = await Promise.all(todo.map((d) => pool!.run(d, o.until).then((r) => ({ d, r }))));
        const items: PutItem[] = [];
        const errors: Array<{ d: JobDoc; reason: string }> = [];
        for (const { d, r } of results) {
          if (r.record) items.push({ record: r.record, hash: d.hash, fingerprint: r.fingerprint ?? null });
          else errors.push({ d, reason: `extraction failed (${r.error ?? 'unknown error'})` });
        }
        const put = await store.putRecords(items);
        if (items.length) {
          await store.pool.query('DELETE FROM ingest_errors WHERE hash = ANY($1::text[])', [items.map((i) => i.hash)]);
        }
        if (errors.length) {
          await store.pool.query(`INSERT INTO ingest_errors (hash, input, reason, worker) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
            ON CONFLICT (hash) DO UPDATE SET reason = EXCLUDED.reason, worker = EXCLUDED.worker, at = now()`,
          [errors.map((e) => e.d.hash), errors.map((e) => whereOf(e.d)), errors.map((e) => e.reason.slice(0, 500)), errors.map(() => id)]);
          sum.failed += errors.length;
          await heartbeat('running', ', articles = articles + $3, failed = failed + $4', [put.inserted, errors.length]);
          sum.inserted += put.inserted;
          // the rest is stored; failing the job retries only the failed articles (the stored ones are skipped),
          // on whichever worker takes it, and after the last retry dead-letters them with the reason
          const first = errors[0]!;
          throw new Error(`${errors.length} of ${docs.length} articles failed: ${whereOf(first.d)}: ${first.reason}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`);
        }
        const report: JobReport = {
          jobId: job.id, articles: docs.length, inserted: put.inserted, skipped: put.skipped + stored.size, failed: 0,
          nearDuplicates: put.nearDuplicates, ms: Date.now() - started,
        };
        await boss!.complete(QUEUE, job.id, { worker: id, ...report });
        sum.jobs++; sum.inserted += report.inserted; sum.skipped += report.skipped;
        await heartbeat('running', ', jobs = jobs + 1, articles = articles + $3, skipped = skipped + $4, busy_ms = busy_ms + $5',
          [report.inserted, report.skipped, report.ms]);
        o.onJob?.(report);
      } catch (e) {
        const message = (e as Error)?.message ?? String(e);
        sum.jobErrors++;
        await boss!.fail(QUEUE, job.id, { message, worker: id }).catch(() => undefined);
        await heartbeat('running', ', job_errors = job_errors + 1, last_error = $3', [message.slice(0, 500)]);
        o.onJobError?.(job.id, message);
      }
    };

    /** jobs not finished anywhere: queued, waiting for a retry, or active on some worker */
    const openJobs = async () => Number((await store.pool.query<{ c: string }>(
      `SELECT count(*) AS c FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`, [QUEUE])).rows[0]?.c ?? 0);

    let fatal: string | null = null;
    const loop = async (): Promise<void> => {
      while (!o.signal?.aborted && !fatal) {
        let jobs: Array<PgBoss.Job<JobData>> = [];
        try {
          jobs = await boss!.fetch<JobData>(QUEUE, { batchSize: 1 });
        } catch (e) {
          o.onJobError?.('-', `fetch failed: ${(e as Error).message}`);
          await sleep(pollMs, o.signal);
          continue;
        }
        if (!jobs.length) {
          await expire();
          if (o.drain && (await openJobs()) === 0) return;
          await sleep(pollMs, o.signal);
          continue;
        }
        for (const job of jobs) await runJob(job);
        if (pool!.broken) { fatal ??= `extraction threads cannot start: ${pool!.broken}`; return; }
      }
    };
    await expire(true);
    await Promise.all(Array.from({ length: threads + 1 }, () => loop()));
    if (fatal) throw new Error(fatal);
  } finally {
    if (hb) clearInterval(hb);
    await heartbeat(o.signal?.aborted ? 'stopped' : 'done');
    await pool?.close();
    await boss?.stop({ graceful: false, close: true, wait: true }).catch(() => undefined);
    await store.close();
  }
  sum.elapsedMs = Date.now() - t0;
  sum.cpuMs = cpuMs();
  return sum;
}
