/**
 * Ingest end to end on generated inputs: idempotent re-ingest, duplicates, near-duplicate wire copies,
 * failures with reasons, and the full pipeline on worker threads.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ingest, reasonKind, summaryLine } from './index.js';
import { openSqliteStore } from '../store/sqlite.js';
import { synthArticle, synthLine, wireCopy } from './fixtures.js';
import { progressLine } from './progress.js';
import { countDocuments } from './sources.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-ingest-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('ingest (read+segment on 2 workers)', () => {
  const N = 40;
  const input = path.join(tmp, 'news.jsonl.gz');
  const db = path.join(tmp, 'news.db');
  let first: Awaited<ReturnType<typeof ingest>>;
  before(async () => {
    const lines = Array.from({ length: N }, (_, i) => synthLine(i));
    lines.splice(10, 0, synthLine(3)); // the same article twice in one input
    lines.splice(20, 0, '{"id": "broken", "text": '); // not JSON
    lines.push(JSON.stringify(wireCopy(7))); // a wire copy of article 7
    fs.writeFileSync(input, zlib.gzipSync(lines.join('\n') + '\n'));
    first = await ingest([input], { db, workers: 2, until: 'segment', batchSize: 8 });
  });

  test('first run stores every distinct article once, reports the bad line with its reason', async () => {
    assert.equal(first.read, N + 3);
    assert.equal(first.ingested, N + 1);
    assert.equal(first.duplicates, 1);
    assert.equal(first.failed, 1);
    assert.equal(first.nearDuplicates, 1);
    assert.deepEqual(first.reasons.map(([k]) => k), ['not JSON']);
    const s = await openSqliteStore(db);
    const st = await s.stats();
    assert.equal(st.articles, N + 1);
    assert.equal(st.nearDuplicates, 1);
    const copy = (await s.listArticles({ duplicates: true }))[0]!;
    assert.equal(copy.id, 'synth-1-7-copy');
    assert.equal(copy.duplicateOf, 'synth-1-7');
    const rec = await s.getArticle('synth-1-5');
    assert.equal(rec!.article.headline, synthArticle(5).title);
    assert.ok(rec!.sentences.length >= 4, 'segmented on the worker');
    assert.equal(rec!.input.format, 'jsonl');
    await s.close();
  });

  test('a second run adds nothing and extracts nothing', async () => {
    const s = await openSqliteStore(db);
    const before = await s.stats();
    await s.close();
    const again = await ingest([input], { db, workers: 2, until: 'segment' });
    assert.equal(again.ingested, 0);
    assert.equal(again.duplicates, N + 2);
    assert.equal(again.failed, 1);
    assert.equal(again.workers, 0, 'no worker was started: every article was known by its hash');
    const s2 = await openSqliteStore(db);
    assert.deepEqual(await s2.stats(), before);
    await s2.close();
  });

  test('the summary line says what happened', () => {
    const line = summaryLine(first, 'news.db');
    assert.match(line, new RegExp(`^ingested ${N + 1} articles \\(1 near-duplicate linked\\), 1 already stored, 1 failed \\(1× not JSON\\)`));
    assert.match(line, /articles\/s, 2 workers\) → news\.db$/);
  });

  test('an abort stops reading and stores what was in flight', async () => {
    const db2 = path.join(tmp, 'abort.db');
    const ac = new AbortController();
    let seen = 0;
    const s = await ingest([input], {
      db: db2, workers: 1, until: 'segment', signal: ac.signal, batchSize: 4,
      onProgress: (p) => { seen = p.read; if (p.read >= 5) ac.abort(); },
    });
    assert.ok(seen >= 5);
    assert.equal(s.interrupted, true);
    assert.ok(s.ingested >= 1 && s.ingested < N, `stored ${s.ingested}`);
    const rest = await ingest([input], { db: db2, workers: 1, until: 'segment' });
    assert.equal(s.ingested + rest.ingested, N + 1, 're-running completes the ingest');
  });
});

test('the full pipeline runs on the workers and its events are queryable', async () => {
  const dir = path.join(tmp, 'full');
  fs.mkdirSync(dir);
  for (let i = 0; i < 4; i++) {
    const a = synthArticle(100 + i, 2);
    fs.writeFileSync(path.join(dir, `a${i}.txt`), `${a.title}\n\n${a.text}\n`);
  }
  const db = path.join(tmp, 'full.db');
  const s = await ingest([dir], { db, workers: 2 });
  assert.equal(s.ingested, 4);
  assert.equal(s.failed, 0);
  const store = await openSqliteStore(db);
  const rec = (await store.getArticle('a0'))!;
  assert.ok(rec.meta.timings.events !== undefined, 'every stage ran');
  const st = await store.stats();
  assert.equal(st.events, (await store.events({ limit: 10000, includeNegated: true, includeDuplicates: true })).length);
  // whatever the stages find, the store holds exactly what the records hold
  let events = 0, quotes = 0, entities = 0;
  for (let i = 0; i < 4; i++) {
    const r = (await store.getArticle(`a${i}`))!;
    events += r.events.length; quotes += r.quotes.length; entities += r.entities.length;
  }
  assert.equal(st.events, events);
  assert.equal(st.quotes, quotes);
  assert.ok(st.entities <= entities);
  await store.close();
});

test('a document over the time limit fails alone: its worker is replaced and the next one still runs', async () => {
  const f = path.join(tmp, 'slow.jsonl');
  fs.writeFileSync(f, [synthLine(1, 3), synthLine(2, 3)].join('\n'));
  const errors: string[] = [];
  const s = await ingest([f], { db: path.join(tmp, 'slow.db'), workers: 1, until: 'segment', timeoutMs: 1, onError: (_i, r) => errors.push(r) });
  assert.equal(s.failed, 2);
  assert.ok(errors.some((e) => /timed out after 1 ms/.test(e)), errors.join('; '));
  assert.deepEqual(s.reasons, [['extraction failed', 2]]);
  const ok = await ingest([f], { db: path.join(tmp, 'slow.db'), workers: 1, until: 'segment' });
  assert.equal(ok.ingested, 2, 'nothing was stored by the failed run; the next run stores both');
});

test('countDocuments counts JSONL lines and files; unknown for URLs', async () => {
  const f = path.join(tmp, 'count.jsonl');
  fs.writeFileSync(f, [synthLine(1), '', synthLine(2), synthLine(3)].join('\n'));
  assert.equal(await countDocuments([f]), 3);
  assert.equal(await countDocuments([f, 'https://example.org/feed']), null);
});

test('progress line: count, rate, ETA; reasons are summarised', () => {
  const line = progressLine({ read: 60, ingested: 40, duplicates: 5, nearDuplicates: 0, failed: 5, total: 100, elapsedMs: 10_000 }, 100);
  assert.match(line, /^\[#{5,}\.+\] 50\/100 articles {2}5 articles\/s {2}ETA 0:10 {2}5 already stored {2}5 failed$/);
  assert.match(progressLine({ read: 3, ingested: 3, duplicates: 0, nearDuplicates: 0, failed: 0, total: null, elapsedMs: 1000 }), /^ingest 3 articles {2}3 articles\/s$/);
  assert.equal(reasonKind('not JSON (Unexpected token } in JSON at position 12)'), 'not JSON');
  assert.equal(reasonKind('too large (30000000 bytes, limit 20971520)'), 'too large');
});
