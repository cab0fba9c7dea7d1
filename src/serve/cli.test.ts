/** `dyad serve` as a user runs it: a child process over a store file, two server processes, stopped by SIGTERM. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTestStore, type TestStore } from './testkit.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repo, 'src/cli/index.ts');

let ts: TestStore;
before(async () => {
  ts = await buildTestStore();
  await ts.store.close(); // the server opens the file itself
});
after(async () => { await ts.cleanup().catch(() => undefined); });

function serve(args: string[]): { child: ReturnType<typeof spawn>; url: Promise<string>; exit: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (b: Buffer) => {
      stderr += b.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(`dyad serve exited: ${stderr}`)));
  });
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
  url.catch(() => undefined);
  return { child, url, exit };
}

test('dyad serve --workers 2 answers pages and API read-only, and stops on SIGTERM', { timeout: 120_000 }, async () => {
  const s = serve(['--db', ts.dbFile, '--port', '0', '--workers', '2']);
  const url = await s.url;
  const stats = (await (await fetch(`${url}/api/stats`)).json()) as { articles: number };
  assert.equal(stats.articles, Object.keys(ts.ids).length);
  const home = await fetch(`${url}/`);
  assert.equal(home.status, 200);
  assert.match(await home.text(), /Washington and Moscow open security talks/);
  const write = await fetch(`${url}/api/articles`, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: 'Bearer whatever-token' }, body: 'Some text' });
  assert.equal(write.status, 403, 'no ingest token: read-only');
  s.child.kill('SIGTERM');
  const { code } = await s.exit;
  assert.equal(code, 0, 'clean exit');
});

test('dyad serve on a missing database says so and exits 2', { timeout: 60_000 }, async () => {
  const s = serve(['--db', path.join(ts.dir, 'nope.db'), '--port', '0', '--workers', '1']);
  const { code, stderr } = await s.exit;
  assert.equal(code, 2);
  assert.match(stderr, /no database at .*nope\.db/);
});
