/** SQLite-specific behaviour: migrations, read-only opening, helpers; and the MinHash near-duplicate signatures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore, loadMigrations, entityKey, dayOf, ftsQuery, sentenceOf, SqliteStore } from './sqlite.js';
import { minhash, similarity, bandKeys, BANDS, SLOTS } from './minhash.js';
import { buildRecord, putItem, STREAM } from './fixtures.js';
import { contentHash } from './hash.js';
import { synthArticle, wireCopy } from '../ingest/fixtures.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-sqlite-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('migrations: shipped files are numbered, applied once, recorded; a new one is applied on open', async () => {
  const ms = loadMigrations();
  assert.ok(ms.length >= 1);
  assert.deepEqual(ms.map((m) => m.version), [...ms.map((m) => m.version)].sort((a, b) => a - b));
  const file = path.join(tmp, 'mig.db');
  const s = await openSqliteStore(file);
  const v = s.schemaVersion();
  assert.equal(v, ms[ms.length - 1]!.version);
  await s.putRecords([putItem(STREAM[0]!)]);
  // a later migration (written to a temp folder) is applied on top, data kept
  const dir = path.join(tmp, 'migs');
  fs.mkdirSync(dir);
  for (const m of ms) fs.writeFileSync(path.join(dir, `${String(m.version).padStart(3, '0')}_${m.name}.sql`), m.sql);
  fs.writeFileSync(path.join(dir, `${String(v + 1).padStart(3, '0')}_notes.sql`), 'CREATE TABLE notes (article INTEGER, text TEXT);');
  fs.writeFileSync(path.join(dir, 'README.txt'), 'not a migration');
  assert.equal(s.migrateSync(loadMigrations(dir)), v + 1);
  assert.equal(s.migrateSync(loadMigrations(dir)), v + 1, 'idempotent');
  const names = (s.db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as Array<{ version: number; name: string }>).map((r) => r.name);
  assert.equal(names[names.length - 1], 'notes');
  assert.equal((await s.stats()).articles, 1);
  await s.close();
  // two files with the same version are refused
  fs.writeFileSync(path.join(dir, `${String(v + 1).padStart(3, '0')}_other.sql`), 'SELECT 1;');
  assert.throws(() => loadMigrations(dir), /two migrations with version/);
});

test('read-only opening: never creates a file, refuses a non-dyad database, cannot write', async () => {
  const none = path.join(tmp, 'none.db');
  await assert.rejects(openSqliteStore(none, { readonly: true }), /no database at .*none\.db/);
  assert.ok(!fs.existsSync(none));
  const other = path.join(tmp, 'other.db');
  const d = new Database(other);
  d.exec('CREATE TABLE t (x)');
  d.close();
  await assert.rejects(openSqliteStore(other, { readonly: true }), /is not a dyad database/);
  const file = path.join(tmp, 'ro.db');
  await (await openSqliteStore(file)).close();
  const ro = await openSqliteStore(file, { readonly: true });
  await assert.rejects(ro.putRecords([putItem(STREAM[0]!)]), /readonly/i);
  await ro.close();
});

test('records round-trip exactly, unicode and all', async () => {
  const s = await openSqliteStore(path.join(tmp, 'rt.db'));
  const rec = buildRecord({ ...STREAM[0]!, id: 'unicode', url: null, headline: 'Zelenskyy: «Мы не сдадимся» — 日本 🇺🇦', body: STREAM[0]!.body.replace('Geneva', 'Genève') });
  await s.putRecords([{ record: rec, hash: contentHash({ text: rec.text }) }]);
  assert.deepEqual(await s.getArticle('unicode'), rec);
  await s.close();
});

test('helpers: entity keys, date prefixes, FTS queries, evidence sentences', () => {
  assert.equal(entityKey('The  United Nations', 'igo'), entityKey('united nations', 'IGO'));
  assert.notEqual(entityKey('Georgia', 'GEO'), entityKey('Georgia', 'USA'));
  assert.equal(dayOf('2021-12-18T08:55:00+05:30'), '2021-12-18');
  assert.equal(dayOf('2021-12'), '2021-12');
  assert.equal(dayOf('December 18, 2021'), null);
  assert.equal(dayOf(null), null);
  assert.equal(ftsQuery('U.S. draft-treaty'), '"U" "S" "draft" "treaty"');
  assert.equal(ftsQuery('"draft treaty" OR accord'), '"draft treaty" OR accord');
  const rec = buildRecord(STREAM[3]!);
  const body0 = rec.article.headline!.length + 2;
  const first = rec.text.indexOf('. ', body0) + 1;
  rec.sentences = [
    { start: 0, end: rec.article.headline!.length, paragraph: 0 },
    { start: body0, end: first, paragraph: 1 },
    { start: first + 1, end: rec.text.length, paragraph: 1 },
  ];
  const ev = rec.events[1]!; // "warned Washington of consequences", in the second body sentence
  assert.equal(sentenceOf(rec, ev.evidence.start, ev.evidence.end), rec.text.slice(first + 1).trim());
  assert.equal(sentenceOf(rec, body0, first + 5), rec.text.slice(body0, rec.text.length).trim(), 'a span across two sentences gets both');
  assert.equal(sentenceOf({ ...rec, sentences: [] }, 0, 5), '');
});

test('MinHash: copies score high, different stories low, short texts get no signature', () => {
  const a = synthArticle(1, 7), b = synthArticle(2, 7);
  const sa = minhash(a.text)!, sc = minhash(wireCopy(1, 7).text)!, sb = minhash(b.text)!;
  assert.equal(sa.length, SLOTS * 8);
  assert.equal(similarity(sa, sa), 1);
  assert.ok(similarity(sa, sc) >= 0.8, `copy ${similarity(sa, sc)}`);
  assert.ok(similarity(sa, sb) < 0.7, `different ${similarity(sa, sb)}`);
  assert.equal(minhash('Too short to fingerprint at all.'), null);
  assert.equal(minhash(a.text), sa, 'deterministic');
  const keys = bandKeys(sa);
  assert.equal(keys.length, BANDS);
  assert.ok(keys.every((k) => Number.isInteger(k) && k >= -(2 ** 31) && k < 2 ** 31));
  const shared = keys.filter((k, i) => k === bandKeys(sc)[i]).length;
  assert.ok(shared >= 1, 'a copy shares at least one LSH band');
});

test('actors: the running counts give what a scan gives, also after migrating a version-1 database', async () => {
  const file = path.join(tmp, 'counts.db');
  const s = new SqliteStore(file);
  assert.equal(s.migrateSync(loadMigrations().filter((m) => m.version === 1)), 1);
  assert.ok(s.migrateSync(loadMigrations()) >= 2, 'a version-1 database is brought up to date');
  await s.putRecords(STREAM.map(putItem));
  const scan = await s.actorsByScan({ limit: 100 });
  assert.deepEqual(s.actorsByCounts({ limit: 100 }), scan);
  assert.deepEqual(s.actorsByCounts({ kind: 'person' }), await s.actorsByScan({ kind: 'person' }));
  // rebuild the counts the way migration 2 does (backfill from the rows) and compare again
  const m2 = loadMigrations().find((m) => m.version === 2)!;
  s.db.exec('DROP TABLE entity_counts');
  s.db.exec(m2.sql);
  assert.deepEqual(s.actorsByCounts({ limit: 100 }), scan);
  await s.close();
});

test('the near-duplicate threshold is an option', async () => {
  const strict = await openSqliteStore(path.join(tmp, 'strict.db'), { nearDuplicateThreshold: 1.01 });
  const r = await strict.putRecords([putItem(STREAM[0]!), putItem(STREAM[1]!)]);
  assert.equal(r.nearDuplicates, 0);
  await strict.close();
  assert.ok(SqliteStore);
});
