/** `dyad ingest`: inputs in, the event database (./dyad.db) filled. */
import type { Command } from 'commander';
import { DEFAULT_MAX_BYTES } from '../read/inputs.js';
import { UserError } from '../read/types.js';
import { DEFAULT_DB } from '../store/types.js';
import { ingest, summaryLine } from '../ingest/index.js';
import { defaultWorkers } from '../ingest/pool.js';
import { ProgressBar } from '../ingest/progress.js';
import { setFeedFileOptions } from '../ingest/readers.js';
import type { StageName } from '../pipeline.js';

interface IngestCliOptions {
  db: string;
  workers?: string;
  batch: string;
  maxBytes: string;
  followLinks?: boolean;
  refusePrivate?: boolean;
  timeout: string;
  progress: boolean;
  quiet?: boolean;
  json?: boolean;
  until?: string;
  queue?: boolean;
  jobSize?: string;
  jobTimeout?: string;
  workerHeap: string;
}

const positive = (v: string, name: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${name} must be a positive number`);
  return n;
};

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('extract every article of the inputs and store the records in the event database')
    .argument('<inputs...>', 'files (.txt .html .jsonl[.gz] .warc[.gz] .rss .atom .xml), folders, http(s) URLs of pages, feeds or WARCs, or - for stdin')
    .option('--db <file>', 'the database file', DEFAULT_DB)
    .option('-w, --workers <n>', `extraction worker threads (default: all cores, here ${defaultWorkers()})`)
    .option('--batch <n>', 'records per write transaction', '200')
    .option('--max-bytes <n>', 'largest document accepted', String(DEFAULT_MAX_BYTES))
    .option('--follow-links', 'for feeds read from files too: fetch the article page of items that carry only a summary (feeds from URLs always do)')
    .option('--refuse-private', 'refuse URLs that resolve to private, loopback or link-local addresses')
    .option('--worker-heap <MB>', 'V8 heap limit of each worker (a document needing more fails alone); 0: none', '192')
    .option('--timeout <ms>', 'time limit per URL fetch and per document extraction', '60000')
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--until <stage>', 'run the pipeline only up to this stage: segment, actors, quotes, events (tests, benchmarks)')
    .option('-q, --quiet', 'no summary line, no per-input errors')
    .option('--queue', 'PostgreSQL store: only read and queue the articles as jobs, for "dyad worker" processes on any machines')
    .option('--job-size <n>', 'with --queue: articles per job', '25')
    .option('--job-timeout <s>', 'with --queue: seconds a job may run before it counts as lost (dead worker) and is retried', '600')
    .addHelpText('after', `
Re-ingesting the same input adds nothing: each article is keyed by a hash of its content and by its URL.
Wire copies of the same story are linked as near-duplicates and counted once in aggregates.
Ctrl-C stops reading, finishes and stores the articles in flight; running the same command again completes
the ingest. Then query with: dyad events | quotes | actors | dyad | search | export.

Examples:
  $ dyad ingest examples/
  $ dyad ingest ../shared/corpus/news-intl.jsonl.gz --db news.db
  $ dyad ingest crawl.warc.gz https://example.org/world/rss.xml`)
    .action(async (inputs: string[], o: IngestCliOptions) => {
      process.exitCode = await runIngestCli(inputs, o);
    });
}

export async function runIngestCli(inputs: string[], o: IngestCliOptions): Promise<number> {
  const maxBytes = positive(o.maxBytes, '--max-bytes');
  if (o.until) {
    // the pipeline is loaded by the workers, not here: only for checking the stage name
    const { STAGE_NAMES } = await import('../pipeline.js');
    if (!STAGE_NAMES.includes(o.until as StageName)) throw new UserError(`unknown stage "${o.until}" (known: ${STAGE_NAMES.join(', ')})`);
  }
  const timeoutMs = positive(o.timeout, '--timeout');
  const fetch = { maxBytes, timeoutMs, allowPrivate: !o.refusePrivate };
  setFeedFileOptions(!!o.followLinks, fetch);
  if (o.queue) return (await import('../queue/cli.js')).runEnqueueCli(inputs, { ...o, maxBytes, fetch });
  const bar = new ProgressBar(process.stderr);
  const showBar = o.progress && !o.quiet && bar.enabled;
  const ac = new AbortController();
  let sigints = 0;
  const onSigint = () => {
    sigints++;
    if (sigints === 1) {
      ac.abort();
      if (!o.quiet) { bar.clear(); process.stderr.write('dyad: stopping: finishing and storing the articles in flight (Ctrl-C again to quit at once)\n'); }
    } else {
      // what was committed stays committed; the next run completes the rest
      process.exit(130);
    }
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  let errors = 0;
  try {
    const s = await ingest(inputs, {
      db: o.db, maxBytes, fetch, followLinks: true, timeoutMs,
      workers: o.workers ? positive(o.workers, '--workers') : undefined,
      batchSize: positive(o.batch, '--batch'),
      until: o.until as StageName | undefined,
      heapMb: Number(o.workerHeap) === 0 ? 0 : positive(o.workerHeap, '--worker-heap'),
      signal: ac.signal,
      countTotal: showBar,
      onProgress: showBar ? (p) => bar.update(p) : undefined,
      onError: (input, reason) => {
        if (o.quiet) return;
        errors++;
        if (errors <= 20) { bar.clear(); process.stderr.write(`dyad: ${input}: ${reason}\n`); }
        else if (errors === 21) process.stderr.write('dyad: (further errors are only counted in the summary)\n');
      },
    });
    bar.clear();
    if (o.json) process.stdout.write(JSON.stringify({ db: o.db, ...s }) + '\n');
    if (!o.quiet) process.stderr.write(`dyad: ${summaryLine(s, o.db)}\n`);
    if (!o.quiet && !s.interrupted && s.ingested + s.duplicates > 0 && !o.json) {
      process.stderr.write(`dyad: next: dyad events --db ${o.db}   (also: quotes, actors, dyad A B --by month, search "words", export)\n`);
    }
    return s.interrupted ? 130 : s.failed ? 1 : 0;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
