/**
 * npx tsx scripts/bench-workers.ts [--limit N] [--workers 1,2] [--job-size 25] [--until stage] [--writes]
 * Distributed ingest on PostgreSQL (issue 6): the corpus (../shared/corpus/news-intl.jsonl.gz, read at run
 * time) is queued once per run into a fresh database, then K `dyad worker --threads 1 --drain` processes
 * drain it. Throughput is measured over the window where all K workers are loaded (the last "ready"
 * line) up to the last article stored, from the articles' ingested_at stamps; the whole run's wall time
 * (model loading included) is printed too. --writes adds the store's write ceiling: records extracted
 * once, then put again into fresh databases by 1 and 4 concurrent writers (jobs of --job-size), which is
 * what bounds the number of workers one PostgreSQL server can feed (docs/scaling.md).
 * Admin URL: DYAD_BENCH_PG (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import readline from 'node:readline';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { enqueue } from '../src/queue/index.js';
import { openPostgresStore } from '../src/store/postgres.js';
import { contentHash } from '../src/store/hash.js';
import type { PutItem } from '../src/store/types.js';
import type { DyadRecord } from '../src/record.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'src', 'cli', 'index.ts');
const SHARED = path.resolve(process.env.DYAD_SHARED ?? path.join(ROOT, '..', 'shared'));
const CORPUS = path.join(SHARED, 'corpus', 'news-intl.jsonl.gz');
const ADMIN = process.env.DYAD_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const args = process.argv.slice(2);
const arg = (name: string, d: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1]! : d; };
const LIMIT = Number(arg('--limit', '0')) || Infinity;
const WORKERS = arg('--workers', '1,2').split(',').map(Number).filter((n) => n > 0);
const JOB = Number(arg('--job-size', '25'));
const UNTIL = arg('--until', '');
const WRITES = args.includes('--writes');

const dbUrl = (name: string) => { const u = new URL(ADMIN); u.pathname = `/${name}`; return u.toString(); };
async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}
async function freshDb(name: string): Promise<string> {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  return dbUrl(name);
}

/** the corpus, or its first LIMIT lines in a temporary file */
async function input(tmp: string): Promise<string> {
  if (LIMIT === Infinity) return CORPUS;
  const out = path.join(tmp, 'corpus.jsonl');
  const rl = readline.createInterface({ input: fs.createReadStream(CORPUS).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  const lines: string[] = [];
  for await (const l of rl) { if (l.trim()) lines.push(l); if (lines.length >= LIMIT) break; }
  fs.writeFileSync(out, lines.join('\n') + '\n');
  return out;
}

interface Run {
  workers: number; articles: number; windowArticles: number; windowS: number; rate: number; wallS: number; startupS: number; failed: number; loadavg: number;
  /** CPU ms per stored article: the workers (loading excluded) and the PostgreSQL backends */
  workerCpu: number; pgCpu: number;
}

async function run(k: number, file: string): Promise<Run> {
  const url = await freshDb(`dyad_bench_${process.pid}_${k}`);
  // an article that fails extraction is retried once after 1 s, then dead-lettered (not waited for minutes)
  const q = await enqueue([file], { db: url, jobSize: JOB, jobTimeout: 900, retries: 1, retryDelay: 1 });
  process.stderr.write(`bench: ${k} worker(s): queued ${q.enqueued} articles in ${q.jobs} jobs (${(q.elapsedMs / 1000).toFixed(1)} s)\n`);
  const t0 = Date.now();
  const ready: number[] = [];
  const summaries: Array<{ inserted: number; failed: number; cpuMs: number; startupCpuMs: number }> = [];
  // CPU of the PostgreSQL backends serving this database, sampled from /proc (they come and go with the pools)
  const backendCpu = new Map<number, number>();
  const mon = new pg.Client({ connectionString: url });
  await mon.connect();
  const sampler = setInterval(() => {
    void mon.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`).then((r) => {
      for (const { pid } of r.rows) {
        try {
          const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
          backendCpu.set(pid, (Number(f[11]) + Number(f[12])) * (1000 / 100));
        } catch { /* gone */ }
      }
    }).catch(() => undefined);
  }, 250);
  await Promise.all(Array.from({ length: k }, () => new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'worker', '--db', url, '--threads', '1', '--drain', '--poll', '200', '--json',
      ...(UNTIL ? ['--until', UNTIL] : [])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      if (/ ready on /.test(b.toString())) ready.push(Date.now());
    });
    child.on('exit', (code) => {
      if (code !== 0) { reject(new Error(`worker exited ${code}: ${err}`)); return; }
      summaries.push(JSON.parse(out.trim().split('\n').pop()!) as { inserted: number; failed: number; cpuMs: number; startupCpuMs: number });
      resolve();
    });
  })));
  const wallS = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  await mon.end();
  const allReady = new Date(Math.max(...ready));
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = (await c.query<{ n: string; w: string; lo: string | null; hi: string | null }>(`SELECT count(*) AS n,
      count(*) FILTER (WHERE ingested_at >= $1) AS w, min(ingested_at) FILTER (WHERE ingested_at >= $1) AS lo, max(ingested_at) AS hi FROM articles`,
  [allReady.toISOString()])).rows[0]!;
  await c.end();
  const windowS = r.hi ? (Date.parse(r.hi) - allReady.getTime()) / 1000 : 0;
  await admin(`DROP DATABASE IF EXISTS dyad_bench_${process.pid}_${k} WITH (FORCE)`);
  const out: Run = {
    workers: k, articles: Number(r.n), windowArticles: Number(r.w), windowS, rate: windowS > 0 ? Number(r.w) / windowS : 0, wallS,
    startupS: (allReady.getTime() - t0) / 1000, failed: summaries.reduce((n, s) => n + s.failed, 0), loadavg: os.loadavg()[0]!,
    workerCpu: summaries.reduce((n, s) => n + s.cpuMs - s.startupCpuMs, 0) / Math.max(1, Number(r.n)),
    pgCpu: [...backendCpu.values()].reduce((a, b) => a + b, 0) / Math.max(1, Number(r.n)),
  };
  process.stderr.write(`bench: ${k} worker(s): ${out.articles} stored; ${out.windowArticles} in the ${windowS.toFixed(1)} s after all were loaded = ${out.rate.toFixed(1)} articles/s (wall ${wallS.toFixed(1)} s, loading ${out.startupS.toFixed(1)} s, load avg ${out.loadavg.toFixed(1)}); CPU per article: workers ${out.workerCpu.toFixed(1)} ms, PostgreSQL ${out.pgCpu.toFixed(1)} ms\n`);
  return out;
}

/** the store's write ceiling: put pre-extracted records with 1 and 4 concurrent writers */
async function writes(file: string): Promise<Array<{ writers: number; articles: number; s: number; rate: number }>> {
  const { extractDocument } = await import('../src/pipeline.js');
  const { minhash } = await import('../src/store/minhash.js');
  const items: PutItem[] = [];
  const rl = readline.createInterface({ input: file.endsWith('.gz') ? fs.createReadStream(file).pipe(zlib.createGunzip()) : fs.createReadStream(file), crlfDelay: Infinity });
  for await (const l of rl) {
    if (!l.trim()) continue;
    const o = JSON.parse(l) as Record<string, string>;
    try {
      const rec: DyadRecord = extractDocument({ id: o.id!, text: o.text!, title: o.title ?? null, date: o.date ?? null, url: o.url ?? null, source: o.source ?? null, format: 'jsonl' });
      items.push({ record: rec, hash: contentHash({ text: o.text! }), fingerprint: minhash(rec.article.body || rec.text) });
    } catch { /* counted by the worker runs */ }
  }
  const out = [];
  for (const writers of [1, 4]) {
    const url = await freshDb(`dyad_bench_w_${process.pid}_${writers}`);
    const store = await openPostgresStore(url, { poolSize: writers });
    const jobs: PutItem[][] = [];
    for (let i = 0; i < items.length; i += JOB) jobs.push(items.slice(i, i + JOB));
    const t0 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: writers }, async () => { while (next < jobs.length) await store.putRecords(jobs[next++]!); }));
    const s = (performance.now() - t0) / 1000;
    await store.close();
    await admin(`DROP DATABASE IF EXISTS dyad_bench_w_${process.pid}_${writers} WITH (FORCE)`);
    out.push({ writers, articles: items.length, s, rate: items.length / s });
    process.stderr.write(`bench: store writes, ${writers} writer(s): ${items.length} records in ${s.toFixed(1)} s = ${(items.length / s).toFixed(0)} articles/s\n`);
  }
  return out;
}

async function main(): Promise<void> {
  if (!fs.existsSync(CORPUS)) { console.error(`bench-workers: corpus not found at ${CORPUS}`); process.exit(2); }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-bench-workers-'));
  try {
    const file = await input(tmp);
    const runs: Run[] = [];
    for (const k of WORKERS) runs.push(await run(k, file));
    const base = runs.find((r) => r.workers === 1);
    console.log(`\n## Workers on PostgreSQL (scripts/bench-workers.ts${LIMIT !== Infinity ? ` --limit ${LIMIT}` : ''}${UNTIL ? ` --until ${UNTIL}` : ''}, jobs of ${JOB})\n`);
    console.log(`${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), PostgreSQL on the same machine, one extraction thread per worker.\n`);
    console.log('| workers | articles stored | articles/s (all loaded) | speed-up | wall time incl. loading | CPU ms/article: workers + PostgreSQL | load avg at end |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of runs) {
      console.log(`| ${r.workers} | ${r.articles} | ${r.rate.toFixed(1)} | ${base ? (r.rate / base.rate).toFixed(2) + '×' : '–'} | ${r.wallS.toFixed(1)} s | ${r.workerCpu.toFixed(1)} + ${r.pgCpu.toFixed(1)} | ${r.loadavg.toFixed(1)} |`);
    }
    if (base) {
      // on two idle cores: one worker runs its extraction thread on one core (its writes and PostgreSQL on the other);
      // two workers share both cores for everything
      const two = runs.find((r) => r.workers === 2);
      if (two) {
        const total = two.workerCpu + two.pgCpu;
        console.log(`\nCPU per article with 2 workers: ${total.toFixed(1)} ms (workers ${two.workerCpu.toFixed(1)}, PostgreSQL ${two.pgCpu.toFixed(1)}); with 1: ${(base.workerCpu + base.pgCpu).toFixed(1)} ms.`);
      }
    }
    if (WRITES) {
      const w = await writes(file);
      console.log('\n| store writers (pre-extracted records, jobs of ' + JOB + ') | articles | seconds | articles/s |');
      console.log('|---:|---:|---:|---:|');
      for (const x of w) console.log(`| ${x.writers} | ${x.articles} | ${x.s.toFixed(1)} | ${x.rate.toFixed(0)} |`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
