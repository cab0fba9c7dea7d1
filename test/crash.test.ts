/**
 * Crash safety (issue 7), extending src/ingest/crash.test.ts (one kill after 30 stored articles): `dyad ingest`
 * is killed with SIGKILL several times in a row on the same database, each time at a random moment — before
 * the first commit, during schema creation, mid-batch — over a mix of JSONL, text and HTML inputs through the
 * whole pipeline. After every kill the database passes SQLite's integrity check; a final run completes it and every
 * article is stored exactly once (no loss, no duplicate, its FTS row present, its record readable).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { synthArticle, synthLine } from '../src/ingest/fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'src', 'cli', 'index.ts');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-crash7-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const SEED = Number(process.env.DYAD_CRASH_SEED ?? Math.floor(Math.random() * 1e6));
const N_JSONL = 1200, N_FILES = 20;
const input = path.join(tmp, 'in');
fs.mkdirSync(input);
fs.writeFileSync(path.join(input, 'stream.jsonl'), Array.from({ length: N_JSONL }, (_, i) => synthLine(i, SEED % 1000 + 20)).join('\n') + '\n');
for (let i = 0; i < N_FILES; i++) {
  const a = synthArticle(N_JSONL + i, SEED % 1000 + 20);
  if (i % 2) fs.writeFileSync(path.join(input, `page-${i}.html`), `<!doctype html><html><head><title>${a.title}</title></head><body><article><h1>${a.title}</h1>${a.text.split('\n\n').map((p) => `<p>${p}</p>`).join('')}</article></body></html>`);
  else fs.writeFileSync(path.join(input, `story-${i}.txt`), `${a.title}\n\n${a.text}\n`);
}
const TOTAL = N_JSONL + N_FILES;

/** a run of `dyad ingest`, killed with SIGKILL when `kill` says so (polled every 20 ms), or left to finish */
function run(db: string, kill: ((elapsedMs: number) => boolean) | null): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CLI, 'ingest', input, '--db', db, '--batch', '7', '--workers', '2', '--no-progress'], {
    cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
  const t0 = Date.now();
  const timer = kill && setInterval(() => { if (kill(Date.now() - t0)) child.kill('SIGKILL'); }, 20);
  return new Promise((resolve) => child.on('exit', (code, signal) => { if (timer) clearInterval(timer); resolve({ code, signal, stderr }); }));
}

function stored(db: string): number {
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try { return (d.prepare('SELECT count(*) AS c FROM articles').get() as { c: number }).c; } finally { d.close(); }
  } catch { return 0; }
}

function inspect(db: string): { integrity: string; articles: number; ids: string[]; hashes: number; fts: number } {
  if (!fs.existsSync(db)) return { integrity: 'ok', articles: 0, ids: [], hashes: 0, fts: 0 };
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const integrity = (d.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check;
    if (!d.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'articles'`).get()) return { integrity, articles: 0, ids: [], hashes: 0, fts: 0 };
    const rows = d.prepare('SELECT id, hash, record FROM articles').all() as Array<{ id: string; hash: string; record: Buffer }>;
    for (const r of rows) JSON.parse(zlib.inflateRawSync(r.record).toString('utf8'));
    const fts = (d.prepare('SELECT count(*) AS c FROM articles_fts').get() as { c: number }).c;
    return { integrity, articles: rows.length, ids: rows.map((r) => r.id), hashes: new Set(rows.map((r) => r.hash)).size, fts };
  } finally { d.close(); }
}

test(`kill -9 at random moments, several times on the same database, then re-run: intact, every article once (seed ${SEED})`, { timeout: 400_000 }, async (t) => {
  const db = path.join(tmp, 'crash.db');
  let r = SEED;
  const rand = () => ((r = (r * 1103515245 + 12345) % 2147483648) / 2147483648);
  const kills: string[] = [];
  // two kills at random early moments (start-up, schema creation, first batches), then four when a random number
  // of further articles is stored, plus a random delay (mid-batch, mid-commit)
  const plans: Array<{ label: string; kill: (ms: number) => boolean }> = [
    ...[0, 1].map(() => { const at = Math.round(200 + rand() * 2500); return { label: `at ${at} ms`, kill: (ms: number) => ms >= at }; }),
    ...[0, 1, 2, 3].map(() => {
      const frac = rand(), extra = Math.round(rand() * 300);
      let target = -1, reached = -1;
      return {
        label: `${Math.round(frac * 100)}% of the rest + ${extra} ms`,
        kill: (ms: number) => {
          if (target < 0) target = before + Math.max(1, Math.floor((TOTAL - before) * frac));
          if (reached < 0 && stored(db) >= target) reached = ms;
          return reached >= 0 && ms >= reached + extra;
        },
      };
    }),
  ];
  let before = 0;
  for (const plan of plans) {
    const res = await run(db, plan.kill);
    const st = inspect(db);
    assert.equal(st.integrity, 'ok', `integrity after a kill ${plan.label}`);
    assert.equal(st.hashes, st.articles, 'no article twice');
    assert.equal(st.fts, st.articles, 'every stored article is whole (FTS row)');
    assert.ok(st.articles >= before, 'nothing committed is lost');
    kills.push(`${plan.label}: ${res.signal ?? `exit ${res.code}`}, ${st.articles} stored`);
    before = st.articles;
    if (st.articles === TOTAL) break;
  }
  t.diagnostic(`kills: ${kills.join('; ')}`);
  const last = await run(db, null);
  assert.equal(last.code, 0, last.stderr);
  const st = inspect(db);
  assert.equal(st.integrity, 'ok');
  assert.equal(st.articles, TOTAL, `every article stored (kills: ${kills.join('; ')})`);
  assert.equal(st.hashes, TOTAL);
  assert.equal(new Set(st.ids).size, TOTAL);
  assert.ok(st.ids.every((id) => !id.includes('~')), 'no id suffixed as a clash (no article stored twice under two ids)');
  assert.equal(st.fts, TOTAL);
  assert.ok(kills.some((k) => k.includes('SIGKILL')), `at least one run was killed: ${kills.join('; ')}`);
  assert.match(last.stderr, new RegExp(`ingested ${TOTAL - before} articles?, ${before} already stored, 0 failed`));
});
