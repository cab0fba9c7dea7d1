/**
 * Ingest: a stream of news in, the store filled. The main thread reads inputs (streaming), drops
 * articles already stored (content hash or URL) before any work, and hands the rest to a pool of
 * extraction workers; one writer puts the records in batches, each batch one transaction.
 * Back-pressure: reading waits while the pool's queue is full, so memory stays flat on any input size.
 * Interrupting (AbortSignal, i.e. SIGINT) stops reading, lets the documents in flight finish and writes
 * them; a hard kill loses only the uncommitted batch, and a re-run completes it (nothing is doubled:
 * every article is keyed by its hash).
 */
import { openStore } from '../store/index.js';
import { contentHash } from '../store/hash.js';
import type { PutItem, Store } from '../store/types.js';
import { isInputError } from '../read/inputs.js';
import { ExtractPool, type PoolOptions } from './pool.js';
import { readSources, countDocuments, type SourceOptions } from './sources.js';
import type { Progress } from './progress.js';
import type { StageName } from '../pipeline.js';
import './readers.js';

export interface IngestOptions extends SourceOptions, PoolOptions {
  /** a store, or the path of a SQLite file (default ./dyad.db) */
  db?: string | Store;
  /** records per write transaction (default 200) */
  batchSize?: number;
  /** longest time a finished record waits before it is written, ms (default 1,000) */
  flushMs?: number;
  /** stop reading: documents in flight are finished and written */
  signal?: AbortSignal;
  /** called at most every 100 ms, and once at the end */
  onProgress?: (p: Progress) => void;
  /** called for every input that fails (unreadable, extraction error) */
  onError?: (input: string, reason: string) => void;
  /** run the pipeline only up to this stage (benchmarks of the ingest machinery) */
  until?: StageName;
  /** count the documents of the inputs first (for an ETA), concurrently with the ingest (default false) */
  countTotal?: boolean;
}

export interface IngestSummary extends Progress {
  /** failure reasons with their counts, most frequent first */
  reasons: Array<[string, number]>;
  interrupted: boolean;
  workers: number;
}

/** Short form of a failure reason for the summary: "not JSON (Unexpected token…)" → "not JSON". */
export function reasonKind(reason: string): string {
  return reason.replace(/\s*\(.*$/, '').replace(/\d+/g, 'N').slice(0, 60);
}

export async function ingest(inputs: string[], o: IngestOptions = {}): Promise<IngestSummary> {
  const t0 = Date.now();
  const store = typeof o.db === 'object' ? o.db : await openStore(o.db ?? 'dyad.db');
  const ownStore = typeof o.db !== 'object';
  const batchSize = Math.max(1, o.batchSize ?? 200);
  const flushMs = o.flushMs ?? 1000;
  const p: Progress = { read: 0, ingested: 0, duplicates: 0, nearDuplicates: 0, failed: 0, total: null, elapsedMs: 0 };
  const reasons = new Map<string, number>();
  const fail = (input: string, reason: string) => {
    p.failed++;
    const k = reasonKind(reason);
    reasons.set(k, (reasons.get(k) ?? 0) + 1);
    o.onError?.(input, reason);
  };
  let lastProgress = 0;
  const progress = (force = false) => {
    if (!o.onProgress) return;
    const now = Date.now();
    if (!force && now - lastProgress < 100) return;
    lastProgress = now;
    p.elapsedMs = now - t0;
    o.onProgress({ ...p });
  };
  if (o.countTotal) void countDocuments(inputs).then((n) => { p.total = n; });

  // the pool starts on the first document that needs extracting: a re-run over stored input loads no models
  let poolInstance = null as ExtractPool | null;
  const pool = () => (poolInstance ??= new ExtractPool(o));
  let pending: PutItem[] = [];
  /** hashes read in this run and not yet written: a repeated document is not extracted twice */
  const inRun = new Set<string>();
  let writing: Promise<void> = Promise.resolve();
  let writeError: Error | null = null;
  let timer: NodeJS.Timeout | null = null;

  const flush = (): Promise<void> => {
    if (timer) { clearTimeout(timer); timer = null; }
    if (!pending.length) return writing;
    const batch = pending;
    pending = [];
    writing = writing.then(async () => {
      if (writeError) return;
      try {
        const r = await store.putRecords(batch);
        p.ingested += r.inserted;
        p.duplicates += r.skipped;
        p.nearDuplicates += r.nearDuplicates;
      } catch (e) {
        writeError = e as Error;
      }
      for (const b of batch) inRun.delete(b.hash);
      progress();
    });
    return writing;
  };

  let interrupted = false;
  try {
    for await (const item of readSources(inputs, o)) {
      if (o.signal?.aborted) { interrupted = true; break; }
      if (writeError) break;
      p.read++;
      if (isInputError(item)) { fail(item.input, item.error); progress(); continue; }
      const hash = contentHash(item);
      if (inRun.has(hash) || (await store.hasArticle({ hash, url: item.url ?? null }))) { p.duplicates++; progress(); continue; }
      inRun.add(hash);
      await pool().idle();
      const where = item.line ? `${item.path}:${item.line}` : (item.url ?? item.path ?? item.id);
      void pool().run(item, o.until).then((res) => {
        if (!res.record) { inRun.delete(hash); fail(where, `extraction failed (${res.error})`); progress(); return; }
        pending.push({ record: res.record, hash, fingerprint: res.fingerprint ?? null });
        if (pending.length >= batchSize) void flush();
        else if (!timer) { timer = setTimeout(() => void flush(), flushMs); timer.unref(); }
      });
      progress();
    }
    if (o.signal?.aborted) interrupted = true;
    await poolInstance?.drain();
    await flush();
    await writing;
  } finally {
    if (timer) clearTimeout(timer);
    await poolInstance?.close();
    if (ownStore) await store.close();
  }
  if (writeError) throw writeError;
  p.elapsedMs = Date.now() - t0;
  progress(true);
  return { ...p, reasons: [...reasons].sort((a, b) => b[1] - a[1]), interrupted, workers: poolInstance?.size ?? 0 };
}

/** The one-line summary printed at the end of `dyad ingest`. */
export function summaryLine(s: IngestSummary, db: string): string {
  const secs = s.elapsedMs / 1000;
  const rate = secs > 0 ? Math.round((s.ingested + s.duplicates + s.failed) / secs) : 0;
  const parts = [`ingested ${s.ingested} article${s.ingested === 1 ? '' : 's'}${s.nearDuplicates ? ` (${s.nearDuplicates} near-duplicate${s.nearDuplicates === 1 ? '' : 's'} linked)` : ''}`];
  parts.push(`${s.duplicates} already stored`);
  parts.push(`${s.failed} failed${s.reasons.length ? ` (${s.reasons.slice(0, 4).map(([k, n]) => `${n}× ${k}`).join(', ')}${s.reasons.length > 4 ? ', …' : ''})` : ''}`);
  return `${s.interrupted ? 'interrupted: ' : ''}${parts.join(', ')} in ${secs.toFixed(1)} s (${rate} articles/s, ${s.workers} worker${s.workers === 1 ? '' : 's'}) → ${db}${s.interrupted ? '; run the same command again to complete' : ''}`;
}
