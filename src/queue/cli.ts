/** The `--queue` branch of `dyad ingest`: read the inputs and enqueue them for `dyad worker` processes. */
import { UserError } from '../read/types.js';
import type { FetchOptions } from '../ingest/fetch.js';
import { enqueue, enqueueLine, DEFAULT_JOB_SIZE } from './index.js';

export interface EnqueueCliOptions {
  db: string;
  maxBytes: number;
  fetch: FetchOptions;
  jobSize?: string;
  jobTimeout?: string;
  json?: boolean;
  quiet?: boolean;
}

const positive = (v: string | undefined, name: string, dflt: number) => {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${name} must be a positive number`);
  return n;
};

export async function runEnqueueCli(inputs: string[], o: EnqueueCliOptions): Promise<number> {
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  let errors = 0;
  try {
    const s = await enqueue(inputs, {
      db: o.db, maxBytes: o.maxBytes, fetch: o.fetch, followLinks: true, signal: ac.signal,
      jobSize: positive(o.jobSize, '--job-size', DEFAULT_JOB_SIZE),
      jobTimeout: positive(o.jobTimeout, '--job-timeout', 600),
      onError: (input, reason) => {
        if (o.quiet) return;
        if (++errors <= 20) process.stderr.write(`dyad: ${input}: ${reason}\n`);
      },
    });
    if (o.json) process.stdout.write(JSON.stringify(s) + '\n');
    if (!o.quiet) {
      process.stderr.write(`dyad: ${enqueueLine(s, o.db)}\n`);
      if (s.jobs) process.stderr.write('dyad: next: dyad worker --db <same url>   on one or more machines; dyad status --db <same url> to follow\n');
    }
    return s.interrupted ? 130 : 0;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
