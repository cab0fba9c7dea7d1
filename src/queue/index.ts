/**
 * Distributed ingest over PostgreSQL (issue 6): `dyad ingest --db postgres://… --queue` reads the inputs
 * and enqueues jobs of raw documents with pg-boss (jobs are rows in PostgreSQL, fetched with
 * FOR UPDATE SKIP LOCKED); any number of `dyad worker --db postgres://…` processes on any number of
 * machines drain the queue (./worker.ts). A job is a batch of articles (default 25): the worker extracts
 * them and writes them in one store transaction, then completes the job. A job that throws is retried
 * with exponential back-off; after `retries` failures it ends in state `failed` with its error and a copy
 * goes to the dead-letter queue `dyad-ingest-dead`, both shown by `dyad status`. A worker killed mid-job
 * leaves the job `active` until it expires (`jobTimeout`), then another worker retries it; writes are
 * idempotent (article hash / URL unique), so the retry stores what is missing and duplicates nothing.
 */
import os from 'node:os';
import PgBoss from 'pg-boss';
import type { RawDocument } from '../read/types.js';
import { isInputError } from '../read/inputs.js';
import { contentHash } from '../store/hash.js';
import { openPostgresStore, isPostgresUrl, redactUrl, type PostgresStore } from '../store/postgres.js';
import { readSources, type SourceOptions } from '../ingest/sources.js';
import { reasonKind } from '../ingest/index.js';
import '../ingest/readers.js';

export const QUEUE = 'dyad-ingest';
export const DEAD_LETTER = 'dyad-ingest-dead';
export const BOSS_SCHEMA = 'pgboss';

/** One document of a job: the raw input plus its content hash (computed once, by the producer). */
export type JobDoc = RawDocument & { hash: string };

export interface JobData {
  docs: JobDoc[];
}

export interface JobPolicy {
  /** retries after the first failure before the job is dead-lettered (default 5) */
  retries?: number;
  /** seconds before the first retry; doubles with each retry, with jitter (default 10) */
  retryDelay?: number;
  /** seconds a job may stay active before it counts as failed and is retried (default 600): a killed worker's job comes back after this */
  jobTimeout?: number;
}

export const DEFAULT_JOB_SIZE = 25;
const DEFAULTS: Required<JobPolicy> = { retries: 5, retryDelay: 10, jobTimeout: 600 };

export function requirePostgres(db: string, what: string): void {
  if (!isPostgresUrl(db)) {
    throw Object.assign(new Error(`${what} needs a PostgreSQL store: --db postgres://user@host/database (got "${db}")`), { name: 'UserError' });
  }
}

/** A started pg-boss on the store's database, with dyad's queues created. */
export async function startBoss(url: string, o: { supervise?: boolean; max?: number } = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url, schema: BOSS_SCHEMA, max: o.max ?? 2, application_name: 'dyad-queue',
    supervise: o.supervise ?? false, schedule: false, migrate: true,
    // failed jobs stay visible (not archived) for a week; completed ones are archived after an hour
    archiveCompletedAfterSeconds: 3600, archiveFailedAfterSeconds: 7 * 86400,
  });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.createQueue(DEAD_LETTER, { name: DEAD_LETTER, retryLimit: 0 });
  await boss.createQueue(QUEUE, {
    name: QUEUE, retryLimit: DEFAULTS.retries, retryDelay: DEFAULTS.retryDelay, retryBackoff: true,
    expireInSeconds: DEFAULTS.jobTimeout, deadLetter: DEAD_LETTER,
  });
  return boss;
}

/** The pg-boss options of one job under a policy. */
export function jobOptions(p: JobPolicy = {}): Omit<PgBoss.JobInsert, 'name' | 'data'> {
  const q = { ...DEFAULTS, ...p };
  return { retryLimit: q.retries, retryDelay: q.retryDelay, retryBackoff: true, expireInSeconds: Math.max(1, Math.round(q.jobTimeout)), deadLetter: DEAD_LETTER };
}

export interface EnqueueOptions extends SourceOptions, JobPolicy {
  db: string;
  /** articles per job (default 25) */
  jobSize?: number;
  signal?: AbortSignal;
  onError?: (input: string, reason: string) => void;
  onProgress?: (p: EnqueueSummary) => void;
}

export interface EnqueueSummary {
  read: number;
  /** articles put in jobs */
  enqueued: number;
  jobs: number;
  /** articles already stored (hash or URL), or repeated in the input */
  duplicates: number;
  /** inputs that could not be read */
  failed: number;
  reasons: Array<[string, number]>;
  interrupted: boolean;
  elapsedMs: number;
}

/** Reads the inputs and enqueues their documents in jobs of `jobSize`; already-stored articles are left out. */
export async function enqueue(inputs: string[], o: EnqueueOptions): Promise<EnqueueSummary> {
  requirePostgres(o.db, 'dyad ingest --queue');
  const t0 = Date.now();
  const store = await openPostgresStore(o.db, { poolSize: 2 });
  let boss: PgBoss | null = null;
  const s: EnqueueSummary = { read: 0, enqueued: 0, jobs: 0, duplicates: 0, failed: 0, reasons: [], interrupted: false, elapsedMs: 0 };
  const reasons = new Map<string, number>();
  const jobSize = Math.max(1, Math.floor(o.jobSize ?? DEFAULT_JOB_SIZE));
  const opts = jobOptions(o);
  const seen = new Set<string>();
  let pending: JobDoc[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const docs = pending;
    pending = [];
    const stored = await store.storedOf(docs);
    const fresh = docs.filter((d) => !stored.has(d.hash));
    s.duplicates += docs.length - fresh.length;
    if (!fresh.length) return;
    await boss!.insert([{ name: QUEUE, data: { docs: fresh } satisfies JobData, ...opts }]);
    s.jobs++;
    s.enqueued += fresh.length;
    o.onProgress?.({ ...s, elapsedMs: Date.now() - t0 });
  };
  try {
    boss = await startBoss(o.db);
    for await (const item of readSources(inputs, o)) {
      if (o.signal?.aborted) { s.interrupted = true; break; }
      s.read++;
      if (isInputError(item)) {
        s.failed++;
        const k = reasonKind(item.error);
        reasons.set(k, (reasons.get(k) ?? 0) + 1);
        o.onError?.(item.input, item.error);
        continue;
      }
      const hash = contentHash(item);
      if (seen.has(hash)) { s.duplicates++; continue; }
      seen.add(hash);
      pending.push({ ...item, hash });
      if (pending.length >= jobSize) await flush();
    }
    if (!s.interrupted) await flush();
  } finally {
    await boss?.stop({ graceful: false, close: true, wait: true }).catch(() => undefined);
    await store.close();
  }
  s.reasons = [...reasons].sort((a, b) => b[1] - a[1]);
  s.elapsedMs = Date.now() - t0;
  return s;
}

/** The one-line summary of `dyad ingest --queue`. */
export function enqueueLine(s: EnqueueSummary, db: string): string {
  const parts = [`queued ${s.enqueued} article${s.enqueued === 1 ? '' : 's'} in ${s.jobs} job${s.jobs === 1 ? '' : 's'}`, `${s.duplicates} already stored or repeated`];
  parts.push(`${s.failed} unreadable${s.reasons.length ? ` (${s.reasons.slice(0, 4).map(([k, n]) => `${n}× ${k}`).join(', ')})` : ''}`);
  return `${s.interrupted ? 'interrupted: ' : ''}${parts.join(', ')} in ${(s.elapsedMs / 1000).toFixed(1)} s → ${redactUrl(db)}`;
}

/** This process's worker id: host:pid:start time (base 36). */
export function workerId(): string {
  return `${os.hostname()}:${process.pid}:${Date.now().toString(36)}`;
}

export type { PostgresStore };
