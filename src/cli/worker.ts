/** `dyad worker`: drains the ingest queue of a PostgreSQL store (start one or more per machine). */
import os from 'node:os';
import type { Command } from 'commander';
import { UserError } from '../read/types.js';
import type { StageName } from '../pipeline.js';
import { redactUrl } from '../store/postgres.js';
import { runWorker } from '../queue/worker.js';

interface WorkerCliOptions {
  db?: string;
  threads?: string;
  drain?: boolean;
  poll: string;
  timeout: string;
  until?: string;
  json?: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

const positive = (v: string, name: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${name} must be a positive number`);
  return n;
};

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('take ingest jobs from the queue of a PostgreSQL store, extract the articles and store them (run as many as you like, on any machines)')
    .option('--db <url>', 'the PostgreSQL store: postgres://user@host:5432/database (or set DYAD_DB)')
    .option('-t, --threads <n>', `extraction threads in this worker (default: all cores, here ${os.availableParallelism?.() ?? os.cpus().length})`)
    .option('--drain', 'exit once the queue holds no job left to do, instead of waiting for more')
    .option('--poll <ms>', 'pause between polls of an empty queue', '1000')
    .option('--timeout <ms>', 'time limit per document extraction', '60000')
    .option('--until <stage>', 'run the pipeline only up to this stage: segment, actors, quotes, events (benchmarks)')
    .option('--json', 'print the summary as JSON on stdout at exit')
    .option('-v, --verbose', 'one line per job')
    .option('-q, --quiet', 'no progress lines')
    .addHelpText('after', `
Jobs are batches of articles queued by "dyad ingest --db postgres://… --queue <inputs>". A job whose
writing fails is retried with back-off and dead-lettered after its retries (see "dyad status"); an
article whose extraction fails is recorded and skipped. Ctrl-C (or SIGTERM) finishes the jobs in flight
and exits; a worker killed outright leaves its jobs to be retried by the others once they time out
(--job-timeout of the ingest, default 600 s). Writes are idempotent: nothing is stored twice.

Examples:
  $ dyad ingest --db postgres://dyad@db.internal/news --queue feeds/*.jsonl.gz
  $ dyad worker --db postgres://dyad@db.internal/news                  on every machine
  $ dyad worker --db postgres://localhost/news --threads 1 --drain     one core, stop when done
  $ dyad status --db postgres://dyad@db.internal/news`)
    .action(async (o: WorkerCliOptions) => {
      process.exitCode = await runWorkerCli(o);
    });
}

export async function runWorkerCli(o: WorkerCliOptions): Promise<number> {
  const db = o.db ?? process.env.DYAD_DB;
  if (!db) throw new UserError('dyad worker needs --db postgres://user@host/database (or DYAD_DB)');
  if (o.until) {
    // the pipeline is loaded by the extraction threads, not here: only for checking the stage name
    const { STAGE_NAMES } = await import('../pipeline.js');
    if (!STAGE_NAMES.includes(o.until as StageName)) throw new UserError(`unknown stage "${o.until}" (known: ${STAGE_NAMES.join(', ')})`);
  }
  const ac = new AbortController();
  let signals = 0;
  const onSignal = () => {
    signals++;
    if (signals === 1) {
      ac.abort();
      if (!o.quiet) process.stderr.write('dyad: worker stopping: finishing the jobs in flight (Ctrl-C again to quit at once; its jobs are retried after they time out)\n');
    } else process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const say = (s: string) => { if (!o.quiet) process.stderr.write(`dyad: ${s}\n`); };
  let last = 0;
  let articles = 0, jobs = 0, failed = 0;
  const t0 = Date.now();
  try {
    const s = await runWorker({
      db,
      threads: o.threads ? positive(o.threads, '--threads') : undefined,
      pollMs: positive(o.poll, '--poll'),
      timeoutMs: positive(o.timeout, '--timeout'),
      drain: !!o.drain,
      until: o.until as StageName | undefined,
      signal: ac.signal,
      onReady: (id) => say(`worker ${id} ready on ${redactUrl(db)} (${((Date.now() - t0) / 1000).toFixed(1)} s to load)`),
      onJob: (j) => {
        jobs++; articles += j.inserted; failed += j.failed;
        if (o.verbose) say(`job ${j.jobId}: ${j.inserted} stored, ${j.skipped} already stored, ${j.failed} failed in ${j.ms} ms`);
        else if (Date.now() - last > 10_000) {
          last = Date.now();
          say(`${jobs} jobs, ${articles} articles stored, ${failed} failed (${(articles / ((Date.now() - t0) / 1000)).toFixed(1)} articles/s)`);
        }
      },
      onJobError: (id, msg) => say(`job ${id} failed (will be retried or dead-lettered): ${msg}`),
    });
    if (o.json) process.stdout.write(JSON.stringify(s) + '\n');
    say(`worker ${s.id} done: ${s.jobs} jobs, ${s.inserted} articles stored, ${s.skipped} already stored, ${s.failed} failed extraction, ${s.jobErrors} job errors in ${(s.elapsedMs / 1000).toFixed(1)} s`);
    return ac.signal.aborted ? 130 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
