/**
 * Interrupting `dyad ingest` loses nothing: a child process is killed (SIGKILL, and SIGINT) mid-ingest,
 * the database is checked for integrity, and a re-run completes it with no duplicate and no missing article.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { ingest } from './index.js';
import { synthArticle, synthLine } from './fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'src', 'cli', 'index.ts');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-crash-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const N = 800;
const input = path.join(tmp, 'stream.jsonl');
fs.writeFileSync(input, Array.from({ length: N }, (_, i) => synthLine(i, 9)).join('\n') + '\n');

function countArticles(db: string): number {
  if (!fs.existsSync(db)) return 0;
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      const t = d.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'articles'`).get();
      return t ? (d.prepare('SELECT count(*) AS c FROM articles').get() as { c: number }).c : 0;
    } finally { d.close(); }
  } catch {
    return 0;
  }
}

function startIngest(db: string): { child: ChildProcess; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'ingest', input, '--db', db, '--batch', '10', '--workers', '2', '--until', 'segment', '--no-progress'], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => { err += c.toString(); });
  const exit = new Promise<number | null>((r) => child.on('exit', (code, sig) => r(code ?? (sig ? -1 : null))));
  return { child, stderr: () => err, exit };
}

/** waits until the child has committed at least `min` articles (and is still running) */
async function waitFor(db: string, min: number, exit: Promise<unknown>): Promise<number> {
  let done = false;
  void exit.then(() => { done = true; });
  for (;;) {
    const n = countArticles(db);
    if (n >= min) return n;
    if (done) throw new Error('the ingest ended before it could be interrupted');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function check(db: string): void {
  const d = new Database(db, { readonly: true });
  try {
    assert.equal((d.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
    const ids = (d.prepare('SELECT id FROM articles').all() as Array<{ id: string }>).map((r) => r.id);
    assert.equal(ids.length, N, 'no missing article');
    assert.equal(new Set(ids).size, N, 'no duplicate');
    const want = new Set(Array.from({ length: N }, (_, i) => synthArticle(i, 9).id));
    assert.ok(ids.every((id) => want.has(id)), 'every id is one of the input ids (none suffixed as a clash)');
    // every article is whole: its FTS row exists, its record decodes
    assert.equal((d.prepare('SELECT count(*) AS c FROM articles_fts').get() as { c: number }).c, N);
  } finally { d.close(); }
}

test('kill -9 mid-ingest, then re-run: nothing lost, nothing doubled', { timeout: 240_000 }, async () => {
  const db = path.join(tmp, 'kill.db');
  const run = startIngest(db);
  const seen = await waitFor(db, 30, run.exit);
  run.child.kill('SIGKILL');
  await run.exit;
  const atKill = countArticles(db);
  assert.ok(atKill >= seen && atKill < N, `killed mid-way (${atKill} of ${N} stored)`);
  const rest = await ingest([input], { db, workers: 2, until: 'segment' });
  assert.equal(rest.ingested, N - atKill);
  assert.equal(rest.duplicates, atKill);
  check(db);
});

test('SIGINT mid-ingest stores the articles in flight and says how to resume; re-run completes', { timeout: 240_000 }, async () => {
  const db = path.join(tmp, 'int.db');
  const run = startIngest(db);
  await waitFor(db, 30, run.exit);
  run.child.kill('SIGINT');
  const code = await run.exit;
  assert.equal(code, 130);
  assert.match(run.stderr(), /stopping: finishing and storing the articles in flight/);
  assert.match(run.stderr(), /interrupted: ingested \d+ articles?, 0 already stored, 0 failed .* run the same command again to complete/);
  const stored = countArticles(db);
  const said = Number(/interrupted: ingested (\d+)/.exec(run.stderr())![1]);
  assert.equal(stored, said, 'everything reported as ingested is committed');
  assert.ok(stored < N);
  const rest = await ingest([input], { db, workers: 2, until: 'segment' });
  assert.equal(rest.ingested, N - stored);
  check(db);
});
