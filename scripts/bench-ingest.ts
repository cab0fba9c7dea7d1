/**
 * Ingest + store benchmark (called by `npm run bench`, or alone: npx tsx scripts/bench-ingest.ts).
 *   [--limit N]      only the first N articles of the corpus
 *   [--workers N]    worker threads (default: all cores)
 *   [--segment-pass] also time the ingest machinery alone (pipeline cut after segment) into a second database
 *   [--write]        put the figures into docs/benchmarks.md (between the ingest markers)
 *   [--src]          run the TypeScript sources through tsx instead of building and running dist/ (what
 *                    `npx dyad` runs; compiled workers start faster and take ~40 MB less each)
 * Measures: ingest throughput (articles/s, per core), peak RSS of the whole process (workers included),
 * rows added by a second run (must be 0), and the time of every query of issue 8 on the ingested corpus.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import readline from 'node:readline';
import { spawnSync } from 'node:child_process';
import type { IngestSummary } from '../src/ingest/index.js';
import type { Store, StoreStats } from '../src/store/types.js';

const ROOT = path.resolve(import.meta.dirname ?? '.', '..');
const SHARED = path.resolve(process.env.DYAD_SHARED ?? path.join(ROOT, '..', 'shared'));
const CORPUS = path.join(SHARED, 'corpus', 'news-intl.jsonl.gz');
const OUT = path.join(ROOT, '.bench');

const args = process.argv.slice(2);
const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const LIMIT = opt('--limit') ? Number(opt('--limit')) : Infinity;

// the code under test: dist/ (built now) unless --src
let CODE = 'src';
if (!args.includes('--src')) {
  spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'ignore' });
  if (fs.existsSync(path.join(ROOT, 'dist', 'ingest', 'index.js'))) CODE = 'dist';
}
const mod = (rel: string) => import(path.join(ROOT, CODE, `${rel}.${CODE === 'dist' ? 'js' : 'ts'}`));
const { ingest } = (await mod('ingest/index')) as typeof import('../src/ingest/index.js');
const { openSqliteStore } = (await mod('store/sqlite')) as typeof import('../src/store/sqlite.js');
const { defaultWorkers } = (await mod('ingest/pool')) as typeof import('../src/ingest/pool.js');
const WORKERS = opt('--workers') ? Number(opt('--workers')) : defaultWorkers();

let peak = 0;
const sample = () => { peak = Math.max(peak, process.memoryUsage().rss); };
const timer = setInterval(sample, 25);

async function limitedCorpus(): Promise<string> {
  if (!Number.isFinite(LIMIT)) return CORPUS;
  const file = path.join(OUT, `corpus-${LIMIT}.jsonl`);
  if (fs.existsSync(file)) return file;
  const rl = readline.createInterface({ input: fs.createReadStream(CORPUS).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  const lines: string[] = [];
  for await (const l of rl) { if (!l.trim()) continue; lines.push(l); if (lines.length >= LIMIT) break; }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const rows = (s: StoreStats) => s.articles + s.entities + s.mentions + s.quotes + s.events;
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;

async function run(input: string, db: string, until?: 'segment'): Promise<{ s: IngestSummary; peak: number }> {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  peak = 0;
  sample();
  let last = 0;
  const s = await ingest([input], {
    db, workers: WORKERS, until,
    onProgress: (p) => {
      sample();
      if (p.elapsedMs - last > 10_000) { last = p.elapsedMs; process.stderr.write(`  … ${p.ingested + p.duplicates + p.failed} articles, ${mb(peak)}\n`); }
    },
  });
  sample();
  return { s, peak };
}

interface QueryTiming { name: string; rows: number; firstMs: number; medianMs: number }

async function timeQuery(name: string, fn: () => Promise<number>): Promise<QueryTiming> {
  const times: number[] = [];
  let n = 0;
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    n = await fn();
    times.push(performance.now() - t0);
  }
  const first = times[0]!;
  const sorted = times.slice(1).sort((a, b) => a - b);
  return { name, rows: n, firstMs: first, medianMs: sorted[Math.floor(sorted.length / 2)]! };
}

async function queries(store: Store): Promise<QueryTiming[]> {
  const count = async (it: AsyncIterable<unknown>) => { let n = 0; for await (const _ of it) n++; return n; };
  return [
    await timeQuery('events --source USA --target RUS --since 2017-01-01', async () => (await store.events({ source: 'USA', target: 'RUS', since: '2017-01-01' })).length),
    await timeQuery('events (newest 50)', async () => (await store.events({})).length),
    await timeQuery('events --type ACCUSE --actor "Donald Trump"', async () => (await store.events({ type: 'ACCUSE', actor: 'Donald Trump' })).length),
    await timeQuery('quotes --speaker "Vladimir Putin"', async () => (await store.quotes({ speaker: 'Vladimir Putin' })).length),
    await timeQuery('search "draft treaty"', async () => (await store.search('draft treaty')).length),
    await timeQuery('dyad USA RUS --by month', async () => (await store.dyad('USA', 'RUS', 'month')).length),
    await timeQuery('dyad USA CHN --by week', async () => (await store.dyad('USA', 'CHN', 'week')).length),
    await timeQuery('actors (top 20)', async () => (await store.actors({ limit: 20 })).length),
    await timeQuery('export: first row of the event stream', async () => { for await (const _ of store.exportRows('events', {})) return 1; return 0; }),
    await timeQuery('export: all events streamed (rows, not formatted)', async () => count(store.exportRows('events', {}))),
  ];
}

/** wall time of one CLI query from the built bin (process start included), when dist/ exists */
function cliWall(): string | null {
  const bin = path.join(ROOT, 'bin', 'dyad.js');
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'index.js'))) return null;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, 'events', '--source', 'USA', '--target', 'RUS', '--db', path.join(OUT, 'ingest.db')], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  return r.status === 0 ? `${ms.toFixed(0)} ms` : `failed (${r.stderr.split('\n')[0]})`;
}

async function main(): Promise<void> {
  if (!fs.existsSync(CORPUS)) { console.error(`bench-ingest: corpus not found at ${CORPUS}`); process.exit(2); }
  fs.mkdirSync(OUT, { recursive: true });
  const input = await limitedCorpus();
  const db = path.join(OUT, 'ingest.db');
  const lines: string[] = [];
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  lines.push(`ingest: ${path.relative(ROOT, input)}, ${WORKERS} worker threads on ${cores} cores, node ${process.version}, code from ${CODE}/, SQLite (better-sqlite3) ${path.relative(ROOT, db)}`);

  const first = await run(input, db);
  const s = first.s;
  const secs = s.elapsedMs / 1000;
  const done = s.ingested + s.duplicates + s.failed;
  lines.push(`first run:   ${s.ingested} ingested (${s.nearDuplicates} near-duplicates linked), ${s.duplicates} already stored, ${s.failed} failed${s.reasons.length ? ` (${s.reasons.map(([k, n]) => `${n}× ${k}`).join(', ')})` : ''} in ${secs.toFixed(1)} s`);
  lines.push(`throughput:  ${(done / secs).toFixed(1)} articles/s = ${(done / secs / s.workers).toFixed(1)} articles/s/core (${s.workers} workers; full pipeline)`);
  lines.push(`peak RSS:    ${mb(first.peak)} (main thread + ${s.workers} workers)`);

  const store0 = await openSqliteStore(db, { readonly: true });
  const before = await store0.stats();
  await store0.close();
  peak = 0;
  const t1 = performance.now();
  const again = await ingest([input], { db, workers: WORKERS });
  const secondMs = performance.now() - t1;
  const store1 = await openSqliteStore(db, { readonly: true });
  const after = await store1.stats();
  lines.push(`second run:  ${rows(after) - rows(before)} rows added (${again.ingested} ingested, ${again.duplicates} already stored) in ${(secondMs / 1000).toFixed(1)} s`);
  lines.push(`database:    ${after.articles} articles, ${after.entities} entities, ${after.mentions} mentions, ${after.quotes} quotes, ${after.events} events; ${mb(fs.statSync(db).size)} on disk`);

  lines.push('queries (ms: first call, median of the next 6; library calls on the ingested corpus):');
  for (const q of await queries(store1)) {
    const bulk = q.name.startsWith('export: all');
    lines.push(`  ${q.name.padEnd(52)} ${String(q.rows).padStart(5)} rows  ${q.firstMs.toFixed(1).padStart(7)}  ${q.medianMs.toFixed(1).padStart(7)}${!bulk && (q.medianMs > 200 || q.firstMs > 200) ? '  OVER 200 ms' : ''}`);
  }
  await store1.close();
  const wall = cliWall();
  if (wall) lines.push(`CLI wall time of "dyad events --source USA --target RUS" (node bin/dyad.js, process start included): ${wall}`);

  if (args.includes('--segment-pass')) {
    const seg = await run(input, path.join(OUT, 'ingest-segment.db'), 'segment');
    const d = seg.s.ingested + seg.s.duplicates + seg.s.failed;
    lines.push(`machinery alone (pipeline cut after segment): ${(d / (seg.s.elapsedMs / 1000)).toFixed(1)} articles/s = ${(d / (seg.s.elapsedMs / 1000) / seg.s.workers).toFixed(1)} articles/s/core, peak RSS ${mb(seg.peak)}`);
  }
  clearInterval(timer);
  console.log(lines.join('\n'));

  if (args.includes('--write')) {
    const doc = path.join(ROOT, 'docs', 'benchmarks.md');
    const block = `<!-- ingest:start (scripts/bench-ingest.ts --write) -->\n\`\`\`\n${lines.join('\n')}\n\`\`\`\nMeasured ${new Date().toISOString().slice(0, 10)}; load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cores} cores.\n<!-- ingest:end -->`;
    let text = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Benchmarks\n';
    if (/<!-- ingest:start[\s\S]*?<!-- ingest:end -->/.test(text)) text = text.replace(/<!-- ingest:start[\s\S]*?<!-- ingest:end -->/, block);
    else text = `${text.trimEnd()}\n\n## Ingest and store (npm run bench → scripts/bench-ingest.ts)\n\n${block}\n`;
    fs.writeFileSync(doc, text);
  }
}

await main();
