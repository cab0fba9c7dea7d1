/**
 * What `dyad status` shows: the store's counts, and on PostgreSQL the ingest queue (jobs per state,
 * dead letters with their errors), throughput (articles stored in the last minute and per worker) and
 * failures (articles whose extraction failed, by reason). Read-only: plain SELECTs, no pg-boss start.
 */
import pg from 'pg';
import { openStore } from '../store/index.js';
import { isPostgresUrl } from '../store/postgres.js';
import type { StoreStats } from '../store/types.js';
import { BOSS_SCHEMA, DEAD_LETTER, QUEUE } from './index.js';

export interface QueueCounts {
  /** waiting to be fetched */
  queued: number;
  /** failed once or more, waiting for the back-off to pass */
  retry: number;
  active: number;
  completed: number;
  /** retries exhausted */
  failed: number;
  cancelled: number;
  /** copies in the dead-letter queue */
  deadLetters: number;
}

export interface WorkerStatus {
  id: string;
  host: string;
  pid: number;
  threads: number;
  /** running, stopping, stopped, done; 'lost' when a running worker has not been seen for 30 s */
  state: string;
  startedAt: string;
  lastSeen: string;
  secondsSinceSeen: number;
  jobs: number;
  articles: number;
  skipped: number;
  failed: number;
  jobErrors: number;
  /** articles written per second of its lifetime */
  articlesPerSecond: number;
  lastError: string | null;
}

export interface FailedJob {
  id: string;
  state: string;
  retries: number;
  error: string | null;
  /** the first document of the job, for orientation */
  firstInput: string | null;
  articles: number;
  at: string | null;
}

export interface Status {
  db: string;
  backend: string;
  store: StoreStats;
  queue: QueueCounts | null;
  /** articles stored in the last 60 s / 600 s, per second */
  throughput: { lastMinute: number; last10Minutes: number } | null;
  workers: WorkerStatus[];
  failedJobs: FailedJob[];
  /** articles whose extraction failed, by reason */
  articleFailures: Array<{ reason: string; count: number; example: string | null }>;
}

const LOST_AFTER_S = 30;

export async function status(db: string, o: { workers?: number; failures?: number } = {}): Promise<Status> {
  const store = await openStore(db, { readonly: true });
  try {
    const stats = await store.stats();
    const out: Status = { db, backend: store.backend, store: stats, queue: null, throughput: null, workers: [], failedJobs: [], articleFailures: [] };
    if (!isPostgresUrl(db)) return out;
    const c = new pg.Client({ connectionString: db, application_name: 'dyad-status' });
    await c.connect();
    try {
      const one = async <T extends pg.QueryResultRow>(sql: string, p: unknown[] = []) => (await c.query<T>(sql, p)).rows;
      const n = (v: unknown) => Number(v ?? 0);
      const tp = await one<{ m1: string; m10: string }>(`SELECT
          count(*) FILTER (WHERE ingested_at >= to_char((now() - interval '60 seconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')) AS m1,
          count(*) AS m10
        FROM articles WHERE ingested_at >= to_char((now() - interval '600 seconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')`);
      out.throughput = { lastMinute: Math.round((n(tp[0]?.m1) / 60) * 10) / 10, last10Minutes: Math.round((n(tp[0]?.m10) / 600) * 10) / 10 };
      const hasWorkers = (await one<{ t: string | null }>(`SELECT to_regclass('dyad_workers')::text AS t`))[0]?.t;
      if (hasWorkers) {
        const rows = await one<Record<string, string | number | null>>(`SELECT id, host, pid, threads, state, started_at, last_seen,
            extract(epoch FROM now() - last_seen) AS ago, extract(epoch FROM last_seen - started_at) AS life,
            jobs, articles, skipped, failed, job_errors, last_error
          FROM dyad_workers ORDER BY (state IN ('running', 'starting', 'stopping')) DESC, last_seen DESC LIMIT $1`, [o.workers ?? 50]);
        out.workers = rows.map((r) => {
          const ago = n(r.ago);
          const live = r.state === 'running' || r.state === 'starting' || r.state === 'stopping';
          return {
            id: String(r.id), host: String(r.host), pid: n(r.pid), threads: n(r.threads),
            state: live && ago > LOST_AFTER_S ? 'lost' : String(r.state),
            startedAt: new Date(String(r.started_at)).toISOString(), lastSeen: new Date(String(r.last_seen)).toISOString(),
            secondsSinceSeen: Math.round(ago), jobs: n(r.jobs), articles: n(r.articles), skipped: n(r.skipped), failed: n(r.failed), jobErrors: n(r.job_errors),
            articlesPerSecond: n(r.life) > 0 ? Math.round((n(r.articles) / n(r.life)) * 10) / 10 : 0,
            lastError: r.last_error == null ? null : String(r.last_error),
          };
        });
        const fails = await one<{ reason: string; c: string; ex: string | null }>(`SELECT regexp_replace(reason, '\\s*\\(.*$', '') AS reason, count(*) AS c, min(input) AS ex
          FROM ingest_errors GROUP BY 1 ORDER BY 2 DESC LIMIT 10`);
        out.articleFailures = fails.map((f) => ({ reason: f.reason, count: n(f.c), example: f.ex }));
      }
      const hasBoss = (await one<{ t: string | null }>(`SELECT to_regclass('${BOSS_SCHEMA}.job')::text AS t`))[0]?.t;
      if (hasBoss) {
        const counts: QueueCounts = { queued: 0, retry: 0, active: 0, completed: 0, failed: 0, cancelled: 0, deadLetters: 0 };
        const rows = await one<{ name: string; state: string; c: string }>(`SELECT name, state::text, count(*) AS c FROM ${BOSS_SCHEMA}.job
          WHERE name IN ($1, $2) GROUP BY 1, 2
          UNION ALL SELECT name, state::text, count(*) FROM ${BOSS_SCHEMA}.archive WHERE name = $1 AND state IN ('completed', 'failed') GROUP BY 1, 2`, [QUEUE, DEAD_LETTER]);
        for (const r of rows) {
          if (r.name === DEAD_LETTER) { if (r.state !== 'completed' && r.state !== 'cancelled') counts.deadLetters += n(r.c); continue; }
          const k = r.state === 'created' ? 'queued' : (r.state as keyof QueueCounts);
          if (k in counts) counts[k] += n(r.c);
        }
        out.queue = counts;
        const failed = await one<{ id: string; state: string; retry_count: number; output: { message?: string; value?: { message?: string } } | null; first: string | null; articles: number | null; completed_on: Date | null }>(`
          SELECT id::text, state::text, retry_count, output, data->'docs'->0->>'path' || coalesce(':' || (data->'docs'->0->>'line'), '') AS first,
            jsonb_array_length(CASE WHEN jsonb_typeof(data->'docs') = 'array' THEN data->'docs' ELSE '[]'::jsonb END) AS articles, completed_on
          FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND state IN ('failed', 'retry') ORDER BY completed_on DESC NULLS FIRST LIMIT $2`, [QUEUE, o.failures ?? 10]);
        out.failedJobs = failed.map((f) => ({
          id: f.id, state: f.state, retries: n(f.retry_count), error: f.output?.message ?? f.output?.value?.message ?? null,
          firstInput: f.first, articles: n(f.articles), at: f.completed_on ? new Date(f.completed_on).toISOString() : null,
        }));
      }
    } finally {
      await c.end();
    }
    return out;
  } finally {
    await store.close();
  }
}

/** The human-readable report. */
export function formatStatus(s: Status, dbLabel: string): string {
  const L: string[] = [];
  const st = s.store;
  L.push(`store    ${dbLabel} (${s.backend}, schema v${st.schemaVersion})`);
  L.push(`         ${st.articles} articles (${st.nearDuplicates} near-duplicates), ${st.events} events, ${st.quotes} quotes, ${st.entities} entities` +
    (st.firstDate ? `, events ${st.firstDate} … ${st.lastDate}` : ''));
  if (!s.queue) {
    L.push(s.backend === 'postgres' ? 'queue    none yet (dyad ingest --queue creates it)' : 'queue    none (the work queue needs a PostgreSQL store: --db postgres://…)');
  } else {
    const q = s.queue;
    L.push(`queue    ${q.queued} queued, ${q.active} active, ${q.retry} waiting to retry, ${q.completed} completed, ${q.failed} failed (dead letters: ${q.deadLetters})`);
  }
  if (s.throughput) L.push(`rate     ${s.throughput.lastMinute} articles/s over the last minute, ${s.throughput.last10Minutes} over 10 minutes`);
  if (s.workers.length) {
    L.push('workers');
    const rows = s.workers.map((w) => [w.id, w.state, String(w.threads), String(w.jobs), String(w.articles), `${w.articlesPerSecond}/s`, String(w.failed), String(w.jobErrors), `${w.secondsSinceSeen}s ago`]);
    const head = ['id', 'state', 'threads', 'jobs', 'articles', 'rate', 'failed', 'job errors', 'seen'];
    const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => '  ' + r.map((v, i) => (i >= 2 && i <= 7 ? v.padStart(width[i]!) : v.padEnd(width[i]!))).join('  ').trimEnd();
    L.push(line(head));
    for (const r of rows) L.push(line(r));
  }
  if (s.failedJobs.length) {
    L.push('failed jobs (retries exhausted: dead-lettered; retry: waiting for the next attempt)');
    for (const f of s.failedJobs) {
      L.push(`  ${f.id}  ${f.state}  after ${f.retries} retr${f.retries === 1 ? 'y' : 'ies'}  ${f.articles} articles${f.firstInput ? ` from ${f.firstInput}` : ''}: ${f.error ?? '(no message)'}`);
    }
  }
  if (s.articleFailures.length) {
    L.push('articles that failed extraction');
    for (const f of s.articleFailures) L.push(`  ${String(f.count).padStart(6)}× ${f.reason}${f.example ? `  (e.g. ${f.example})` : ''}`);
  }
  return L.join('\n') + '\n';
}
