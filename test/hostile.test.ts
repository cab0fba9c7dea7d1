/**
 * Issue 7: the hostile-input corpus (scripts/make-hostile.ts, a fresh seed each run unless DYAD_HOSTILE_SEED is
 * set) goes through `dyad ingest` in a child process with a time bound: no crash, no stack trace, every bad input
 * reported on stderr with its reason, every good input of the same batch stored, no script text or local file
 * content in any stored record. The corpus is split in two batches so each stays under the 20 per-input error
 * lines `dyad ingest` prints. Also: URL fetching limits through `dyad ingest <url>` against a server on 127.0.0.1.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import zlib from 'node:zlib';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { makeHostile, page, type HostileCase } from '../scripts/make-hostile.js';
import { synthArticle } from '../src/ingest/fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'src', 'cli', 'index.ts');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-hostile-'));
const corpus = path.join(tmp, 'corpus');
const SEED = Number(process.env.DYAD_HOSTILE_SEED ?? Math.floor(Math.random() * 1e6));
let cases: HostileCase[] = [];
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Run { code: number | null; signal: string | null; stderr: string; stdout: string; ms: number }

function ingest(args: string[], cwd: string, timeoutMs: number): Promise<Run> {
  const t0 = Date.now();
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CLI, 'ingest', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  let stderr = '', stdout = '';
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stderr, stdout, ms: Date.now() - t0 }); }));
}

const STACK = /\n\s+at .+[:(].+:\d+:\d+\)?/;
/** the stderr line about an input (or one of its records: `feed.rss#3`) */
const lineFor = (stderr: string, input: string) => stderr.split('\n').find((l) => l.startsWith(`dyad: ${input}: `) || l.startsWith(`dyad: ${input}#`));

interface Row { input: string | null; record: Buffer }
function rows(db: string): Row[] {
  const d = new Database(db, { readonly: true });
  try {
    assert.equal((d.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
    return d.prepare('SELECT input, record FROM articles').all() as Row[];
  } finally { d.close(); }
}
const storedOf = (all: Row[], file: string) => all.filter((r) => r.input === file || r.input?.startsWith(`${file}:`));

before(async () => {
  cases = await makeHostile(corpus, { seed: SEED });
});

test(`hostile corpus through dyad ingest: 0 crashes, bad inputs reported with reasons, good inputs stored (seed ${SEED})`, { timeout: 300_000 }, async () => {
  // two batches, each with at most 20 lines of errors (the CLI prints the first 20)
  const errLines = (c: HostileCase) => (c.expect === 'stored' ? 0 : 1) + (c.partErrors?.length ?? 0);
  const batches: HostileCase[][] = [[], []];
  const load = [0, 0];
  for (const c of [...cases].sort((a, b) => errLines(b) - errLines(a))) {
    const k = load[0]! <= load[1]! ? 0 : 1;
    batches[k]!.push(c);
    load[k]! += errLines(c);
  }
  assert.ok(Math.max(...load) <= 20, `error lines per batch ${load}`);
  const db = path.join(tmp, 'hostile.db');
  const seen = new Map<string, string>();
  for (const batch of batches) {
    const run = await ingest([...batch.map((c) => c.file), '--db', db, '--no-progress', '--json', '--workers', '2'], corpus, 240_000);
    assert.equal(run.signal, null, `no crash, no hang (seed ${SEED}); stderr:\n${run.stderr}`);
    assert.ok(run.code === 0 || run.code === 1, `exit code ${run.code} (1 = some inputs failed, 2 = crash); stderr:\n${run.stderr}`);
    assert.ok(!STACK.test(run.stderr), `no stack trace on stderr:\n${run.stderr}`);
    const summary = JSON.parse(run.stdout.trim().split('\n').pop()!) as { failed: number; ingested: number };
    const errorLines = run.stderr.split('\n').filter((l) => /^dyad: .+?: /.test(l) && !/^dyad: (interrupted|ingested|next)/.test(l));
    assert.equal(errorLines.length, summary.failed, 'every failure has its own line');
    for (const c of batch) seen.set(c.file, run.stderr);
  }
  const all = rows(db);
  const problems: string[] = [];
  for (const c of cases) {
    const stderr = seen.get(c.file)!;
    const line = lineFor(stderr, c.file);
    const stored = storedOf(all, c.file);
    if (c.expect === 'error') {
      if (!line) problems.push(`${c.file} (${c.what}): not reported`);
      else if (!new RegExp(c.reason!).test(line)) problems.push(`${c.file}: reason "${line}" does not match /${c.reason}/`);
      if (stored.length) problems.push(`${c.file}: bad input stored`);
    } else if (c.expect === 'stored') {
      if (line) problems.push(`${c.file} (${c.what}): good input failed: ${line}`);
      if (stored.length !== (c.docs ?? 1)) problems.push(`${c.file} (${c.what}): ${stored.length} stored, ${c.docs ?? 1} expected`);
    } else if (!stored.length && !line) problems.push(`${c.file} (${c.what}): neither stored nor reported`);
    for (const p of c.partErrors ?? []) {
      const l = lineFor(stderr, `${c.file}${p.input}`);
      if (!l || !l.includes(p.reason)) problems.push(`${c.file}${p.input}: expected "${p.reason}", got ${l ?? 'nothing'}`);
    }
    for (const r of stored) {
      const rec = zlib.inflateRawSync(r.record).toString('utf8');
      for (const f of c.forbidden ?? []) if (rec.includes(f)) problems.push(`${c.file}: stored record contains "${f.slice(0, 30)}"`);
    }
  }
  assert.deepEqual(problems, [], `seed ${SEED}`);
  // a windows-1252 page declared in <meta> is decoded with its charset
  const latin = storedOf(all, 'windows-1252.html')[0]!;
  assert.match(zlib.inflateRawSync(latin.record).toString('utf8'), /Café talks in Genève/);
  // a re-run of everything adds nothing and loses nothing
  const again = await ingest([...cases.map((c) => c.file), '--db', db, '--no-progress', '--json', '--workers', '2'], corpus, 240_000);
  const s2 = JSON.parse(again.stdout.trim().split('\n').pop()!) as { ingested: number };
  assert.equal(s2.ingested, 0);
  assert.equal(rows(db).length, all.length);
});

// ---- URLs ---------------------------------------------------------------------------------------------------
let server: http.Server;
let base = '';
before(async () => {
  const a = synthArticle(1, 77);
  server = http.createServer((req, res) => {
    const u = req.url ?? '/';
    if (u === '/ok') { res.writeHead(200, { 'content-type': 'text/html' }); res.end(page(a.title, a.text)); return; }
    if (u === '/loop') { res.writeHead(302, { location: '/loop' }); res.end(); return; }
    if (u === '/to-file') { res.writeHead(302, { location: 'file:///etc/passwd' }); res.end(); return; }
    if (u === '/bomb') { res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }); res.end(zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20))); return; }
    if (u === '/liar') { res.writeHead(200, { 'content-type': 'text/html', 'content-length': '10' }); res.end(); return; }
    if (u === '/trickle') { res.writeHead(200, { 'content-type': 'text/html' }); const t = setInterval(() => res.write('<p>x</p>'), 100); req.on('close', () => clearInterval(t)); return; }
    if (u === '/reset') { req.socket.destroy(); return; }
    if (u === '/binary') { res.writeHead(200, { 'content-type': 'application/octet-stream' }); res.end(Buffer.alloc(100, 1)); return; }
    res.writeHead(404); res.end('no');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

test('dyad ingest <url>: each failure has a clear reason, the good URL of the batch is stored, no crash', { timeout: 120_000 }, async () => {
  const db = path.join(tmp, 'urls.db');
  const urls = ['/ok', '/loop', '/to-file', '/bomb', '/liar', '/trickle', '/reset', '/binary', '/missing'].map((p) => base + p);
  const run = await ingest([...urls, 'ftp://example.org/x', '--db', db, '--no-progress', '--json', '--workers', '1', '--timeout', '3000', '--max-bytes', '1000000'], tmp, 90_000);
  assert.equal(run.signal, null, run.stderr);
  assert.equal(run.code, 1, run.stderr);
  assert.ok(!STACK.test(run.stderr), run.stderr);
  const expect: Array<[string, RegExp]> = [
    ['/loop', /too many redirects/], ['/to-file', /only http and https/], ['/bomb', /too large/], ['/liar', /fetch failed|empty/],
    ['/trickle', /timed out/], ['/reset', /fetch failed \(.*(socket hang up|ECONNRESET)/], ['/binary', /not a page or feed/], ['/missing', /HTTP 404/],
  ];
  for (const [p, re] of expect) assert.match(lineFor(run.stderr, base + p) ?? `nothing for ${p}`, re);
  assert.match(run.stderr, /ftp:\/\/example\.org\/x: (no such file|unknown|only http)/);
  assert.equal(rows(db).length, 1, 'the good page is stored');
});

test('dyad ingest --refuse-private: loopback refused by IP, by name and as IPv4-mapped IPv6', { timeout: 60_000 }, async () => {
  const db = path.join(tmp, 'private.db');
  const run = await ingest([`${base}/ok`, `http://localhost:${new URL(base).port}/ok`, `http://[::ffff:127.0.0.1]:${new URL(base).port}/ok`, '--db', db, '--refuse-private', '--no-progress', '--json'], tmp, 50_000);
  assert.equal(run.code, 1, run.stderr);
  assert.match(lineFor(run.stderr, `${base}/ok`) ?? '', /refused: 127\.0\.0\.1 is a private address/);
  assert.match(run.stderr, /refused: localhost resolves to a private address/);
  assert.match(run.stderr, /refused: ::ffff:7f00:1 is a private address/);
  assert.ok(!fs.existsSync(db) || rows(db).length === 0, 'nothing fetched, nothing stored');
});
