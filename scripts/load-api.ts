/**
 * Load test of the HTTP API: `dyad serve` started in its own process over a store (or a server already
 * running on loopback), N concurrent clients for a bounded time, latency percentiles per query kind.
 * The bar (issue 5): p95 < 50 ms for article and event queries under 50 concurrent clients.
 *
 * usage: npx tsx scripts/load-api.ts [--db dyad.db] [--clients 50] [--seconds 15] [--warmup 2]
 *                                    [--url http://127.0.0.1:8080] [--workers N] [--no-cache] [--json] [--check]
 *   --url      load an already-running server (loopback addresses only)
 *   --workers  server processes for `dyad serve --workers` (default: the server's default)
 *   --no-cache start the server with --no-cache (every request asks the store)
 *   --check    exit 1 when the bar is missed
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { openStore } from '../src/store/index.js';

interface Opts { noCache: boolean; db: string; clients: number; seconds: number; warmup: number; url: string | null; workers: string | null; json: boolean; check: boolean }

const MAX_SECONDS = 120;
const BAR_P95_MS = 50;

function parseArgs(argv: string[]): Opts {
  const o: Opts = { noCache: false, db: 'dyad.db', clients: 50, seconds: 15, warmup: 2, url: null, workers: null, json: false, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!, v = (): string => { const x = argv[++i]; if (x === undefined) throw new Error(`${a} needs a value`); return x; };
    if (a === '--db') o.db = v();
    else if (a === '--clients') o.clients = Number(v());
    else if (a === '--seconds') o.seconds = Number(v());
    else if (a === '--warmup') o.warmup = Number(v());
    else if (a === '--url') o.url = v().replace(/\/$/, '');
    else if (a === '--workers') o.workers = v();
    else if (a === '--json') o.json = true;
    else if (a === '--no-cache') o.noCache = true;
    else if (a === '--check') o.check = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (!(o.clients >= 1 && o.clients <= 1000)) throw new Error('--clients must be 1..1000');
  if (!(o.seconds > 0 && o.seconds <= MAX_SECONDS)) throw new Error(`--seconds must be 1..${MAX_SECONDS} (the run is bounded in time)`);
  if (o.url) {
    const host = new URL(o.url).hostname;
    if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) throw new Error(`--url must be a loopback address, got ${host}`);
  }
  return o;
}

/** Starts `dyad serve` on a free loopback port in a child process; resolves with its URL. */
function startServer(o: Opts): Promise<{ url: string; child: ChildProcess }> {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const args = ['--import', 'tsx', path.join(repo, 'src/cli/index.ts'), 'serve', '--db', o.db, '--port', '0', '--host', '127.0.0.1'];
  if (o.workers) args.push('--workers', o.workers);
  if (o.noCache) args.push('--no-cache');
  const child = spawn(process.execPath, args, { cwd: process.cwd(), stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => { child.kill(); reject(new Error(`server did not start in 60 s:\n${err}`)); }, 60_000);
    child.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
      if (m) { clearTimeout(timer); resolve({ url: m[1]!, child }); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${err}`)); });
  });
}

type Kind = 'article' | 'article-list' | 'events' | 'events-dyad' | 'events-article';

/** The request mix, from what the store holds: real article ids and the most mentioned actors. */
async function buildMix(db: string | null, url: string): Promise<Array<{ kind: Kind; path: string }>> {
  let ids: string[], codes: string[];
  if (db) {
    const store = await openStore(db, { readonly: true });
    ids = (await store.listArticles({ limit: 10_000 })).map((r) => r.id);
    codes = (await store.actors({ kind: 'state', limit: 20 })).map((a) => a.code!).filter(Boolean);
    await store.close();
  } else {
    ids = ((await (await fetch(`${url}/api/articles?limit=1000`)).json()) as Array<{ id: string }>).map((r) => r.id);
    codes = ((await (await fetch(`${url}/api/entities?kind=state&limit=20`)).json()) as Array<{ code: string }>).map((a) => a.code).filter(Boolean);
  }
  if (!ids.length) throw new Error('the store has no articles: run dyad ingest first');
  if (codes.length < 2) codes = ['USA', 'RUS'];
  const types = ['CONSULT', 'ACCUSE', 'AGREE', 'REQUEST', 'THREATEN', 'SANCTION'];
  const pick = <T>(a: T[], i: number): T => a[i % a.length]!;
  const mix: Array<{ kind: Kind; path: string }> = [];
  // every stored article once (up to 10,000), so the record cache sees the corpus, not a hot few
  for (let i = 0; i < Math.max(400, ids.length); i++) {
    const id = encodeURIComponent(pick(ids, i));
    const a = pick(codes, i), b = pick(codes, i * 3 + 1);
    const year = 2013 + (i % 7);
    mix.push({ kind: 'article', path: `/api/articles/${id}` });
    mix.push({ kind: 'article-list', path: `/api/articles?limit=20&offset=${(i * 13) % 200}` });
    mix.push({ kind: 'events', path: i % 2 ? `/api/events?actor=${a}&limit=50` : `/api/events?type=${pick(types, i)}&since=${year}&until=${year}&limit=50` });
    mix.push({ kind: 'events-dyad', path: `/api/events?source=${a}&target=${b === a ? 'USA' : b}&limit=50` });
    mix.push({ kind: 'events-article', path: `/api/events?article=${id}` });
  }
  return mix;
}

/** CPU seconds (user + system) used so far by a process and its descendants, from /proc (Linux); null elsewhere. */
function treeCpu(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    let total = 0;
    const stack = [pid];
    while (stack.length) {
      const p = stack.pop()!;
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
      for (const t of fs.readdirSync(`/proc/${p}/task`)) {
        const kids = fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim();
        if (kids) stack.push(...kids.split(/\s+/).map(Number));
      }
    }
    return total;
  } catch {
    return null;
  }
}

/** GET over a keep-alive agent (lighter than fetch, so the load generator takes less of the machine). */
function get(agent: http.Agent, url: string, timeoutMs: number): Promise<{ status: number; bytes: number; cache: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, timeout: timeoutMs }, (res) => {
      let bytes = 0;
      res.on('data', (b: Buffer) => { bytes += b.length; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, cache: res.headers['x-cache'] as string | undefined }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  let server: { url: string; child: ChildProcess } | null = null;
  const stop = (): void => { server?.child.kill('SIGTERM'); };
  process.once('SIGINT', () => { stop(); process.exit(130); });
  try {
    if (!o.url) server = await startServer(o);
    const base = o.url ?? server!.url;
    const mix = await buildMix(o.url ? null : o.db, base);
    const lat = new Map<Kind, number[]>();
    let errors = 0, requests = 0, bytes = 0, hits = 0;
    const firstError: string[] = [];
    const t0 = performance.now();
    const tWarm = t0 + o.warmup * 1000, tEnd = tWarm + o.seconds * 1000;
    const agent = new http.Agent({ keepAlive: true, maxSockets: o.clients });
    let seq = 0;
    let cpu0: number | null = null;
    setTimeout(() => { cpu0 = treeCpu(server?.child.pid); }, o.warmup * 1000).unref();
    const client = async (): Promise<void> => {
      while (performance.now() < tEnd) {
        const req = mix[(seq++ * 7919) % mix.length]!;
        const s = performance.now();
        try {
          const res = await get(agent, base + req.path, 10_000);
          const e = performance.now();
          if (s < tWarm) continue;
          requests++;
          bytes += res.bytes;
          if (res.cache === 'hit') hits++;
          if (res.status !== 200) { errors++; if (firstError.length < 3) firstError.push(`${res.status} ${req.path}`); continue; }
          (lat.get(req.kind) ?? lat.set(req.kind, []).get(req.kind)!).push(e - s);
        } catch (err) {
          if (s >= tWarm) { errors++; requests++; if (firstError.length < 3) firstError.push(`${(err as Error).message} ${req.path}`); }
        }
      }
    };
    await Promise.all(Array.from({ length: o.clients }, client));
    const secs = (performance.now() - tWarm) / 1000;
    agent.destroy();
    const cpu1 = treeCpu(server?.child.pid);
    const cpuMsPerRequest = cpu0 !== null && cpu1 !== null && requests ? Math.round(((cpu1 - cpu0) * 1000 / requests) * 100) / 100 : null;
    const load = os.loadavg()[0]!;
    const rows: Array<{ kind: string; n: number; p50: number; p95: number; p99: number; max: number }> = [];
    const all: number[] = [];
    for (const [kind, l] of [...lat].sort()) {
      l.sort((x, y) => x - y);
      all.push(...l);
      rows.push({ kind, n: l.length, p50: pct(l, 50), p95: pct(l, 95), p99: pct(l, 99), max: l[l.length - 1]! });
    }
    all.sort((x, y) => x - y);
    rows.push({ kind: 'all', n: all.length, p50: pct(all, 50), p95: pct(all, 95), p99: pct(all, 99), max: all[all.length - 1] ?? NaN });
    const pass = errors === 0 && rows.every((r) => r.p95 < BAR_P95_MS);
    const summary = { clients: o.clients, seconds: Math.round(secs * 10) / 10, requests, rps: Math.round(requests / secs), errors, cacheHitShare: requests ? Math.round((hits / requests) * 100) / 100 : 0, cpuMsPerRequest, cores: os.availableParallelism(), loadAverage: Math.round(load * 10) / 10, mb: Math.round(bytes / 1e5) / 10, rows, bar: `p95 < ${BAR_P95_MS} ms`, pass };
    if (o.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else {
      const f = (x: number): string => x.toFixed(1).padStart(7);
      process.stdout.write(`${o.clients} clients, ${summary.seconds} s after ${o.warmup} s warm-up: ${requests} requests (${summary.rps}/s), ${errors} errors, ${summary.mb} MB, ${Math.round(summary.cacheHitShare * 100)}% answered from the server's cache\n`);
      if (cpuMsPerRequest !== null) process.stdout.write(`server CPU per request: ${cpuMsPerRequest} ms (all server processes); machine: ${summary.cores} cores, load average ${summary.loadAverage} during the run\n`);
      process.stdout.write(`${'query'.padEnd(15)}${'n'.padStart(7)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'max ms'.padStart(8)}\n`);
      for (const r of rows) process.stdout.write(`${r.kind.padEnd(15)}${String(r.n).padStart(7)} ${f(r.p50)} ${f(r.p95)} ${f(r.p99)} ${f(r.max)}\n`);
      process.stdout.write(`bar (${summary.bar} for article and event queries): ${pass ? 'met' : 'MISSED'}\n`);
      if (firstError.length) process.stdout.write(`first errors: ${firstError.join('; ')}\n`);
    }
    if (o.check && !pass) process.exitCode = 1;
  } finally {
    stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`load-api: ${(e as Error).message}\n`);
  process.exit(2);
});
