/**
 * The Store behaviour suite: the same cases run against every backend (SQLite always; PostgreSQL when
 * issue 6 adds it to BACKENDS). A backend passes when it gives the same answers on the same stream.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from './types.js';
import { openSqliteStore } from './sqlite.js';
import { STREAM, putItem, buildRecord } from './fixtures.js';
import { contentHash } from './hash.js';
import { openPostgresStore } from './postgres.js';
import { createTestDb, type TestDb } from './pg-testkit.js';

interface Backend {
  name: string;
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-store-'));
let k = 0;
const BACKENDS: Backend[] = [
  { name: 'sqlite', open: () => openSqliteStore(path.join(tmp, `s${k++}.db`)), cleanup: async () => fs.rmSync(tmp, { recursive: true, force: true }) },
];
// PostgreSQL (issue 6): a fresh database per open on the machine's server, all dropped after
const pgDbs: TestDb[] = [];
BACKENDS.push({
  name: 'postgres',
  open: async () => { const d = await createTestDb(); pgDbs.push(d); return openPostgresStore(d.url); },
  cleanup: async () => { for (const d of pgDbs.splice(0)) await d.drop(); },
});

for (const be of BACKENDS) {
  describe(`store (${be.name})`, () => {
    let store: Store;
    before(async () => {
      store = await be.open();
      const r = await store.putRecords(STREAM.map(putItem));
      assert.equal(r.inserted, STREAM.length);
    });
    after(async () => { await store.close(); await be.cleanup(); });

    test('migrate is idempotent and reports the schema version', async () => {
      const v = await store.migrate();
      assert.ok(v >= 1);
      assert.equal(await store.migrate(), v);
      assert.equal((await store.stats()).schemaVersion, v);
    });

    test('re-putting the same articles adds nothing; same URL or same hash is the same article', async () => {
      const before = await store.stats();
      const again = await store.putRecords(STREAM.map(putItem));
      assert.deepEqual([again.inserted, again.skipped], [0, STREAM.length]);
      // same URL, new content (an updated page): skipped
      const updated = putItem({ ...STREAM[3]!, body: STREAM[3]!.body + ' Updated with reaction from Brussels.', entities: [], events: [] });
      assert.equal((await store.putRecords([updated])).inserted, 0);
      // same content under another id and no URL: skipped by hash
      const rec = buildRecord(STREAM[4]!);
      const sameText = { record: { ...rec, id: 'other-id' }, hash: contentHash({ text: rec.text }) };
      assert.equal((await store.putRecords([sameText])).inserted, 0);
      assert.deepEqual(await store.stats(), before);
    });

    test('duplicates inside one batch are written once', async () => {
      const s2 = await be.open();
      const item = putItem(STREAM[4]!);
      const r = await s2.putRecords([item, item, putItem(STREAM[3]!)]);
      assert.deepEqual([r.inserted, r.skipped], [2, 1]);
      assert.equal(await s2.hasArticle({ hash: item.hash }), true);
      assert.equal(await s2.hasArticle({ url: 'https://news.example/2022/03/sanctions' }), true);
      assert.equal(await s2.hasArticle({ hash: 'f'.repeat(64), url: 'https://nowhere.example/' }), false);
      await s2.close();
    });

    test('getArticle returns the full record as put', async () => {
      const rec = await store.getArticle('accuse-feb');
      assert.deepEqual(rec, buildRecord(STREAM[2]!));
      assert.equal(await store.getArticle('no-such-article'), null);
    });

    test('an id already taken by another article gets a suffix instead of clobbering it', async () => {
      const s2 = await be.open();
      await s2.putRecords([putItem(STREAM[4]!)]);
      const clash = putItem({ ...STREAM[3]!, id: STREAM[4]!.id });
      const r = await s2.putRecords([clash]);
      assert.equal(r.inserted, 1);
      assert.notEqual(r.ids[0], STREAM[4]!.id);
      assert.ok(r.ids[0]!.startsWith(STREAM[4]!.id));
      assert.equal((await s2.getArticle(r.ids[0]!))!.article.headline, STREAM[3]!.headline);
      assert.equal((await s2.getArticle(STREAM[4]!.id))!.article.headline, STREAM[4]!.headline);
      await s2.close();
    });

    test('the wire copy is linked as a near-duplicate and counted once', async () => {
      const arts = await store.listArticles({ limit: 100 });
      const copy = arts.find((a) => a.id === 'talks-jan-copy')!;
      assert.equal(copy.duplicateOf, 'talks-jan');
      assert.equal(arts.filter((a) => a.duplicateOf !== null).length, 1);
      assert.equal((await store.stats()).nearDuplicates, 1);
      const firsts = await store.listArticles({ duplicates: false, limit: 100 });
      assert.ok(!firsts.some((a) => a.id === 'talks-jan-copy'));
      // events: the copy's event is left out unless asked for
      const jan = await store.events({ since: '2022-01', until: '2022-01' });
      assert.deepEqual(jan.map((e) => e.articleId).sort(), ['talks-jan', 'talks-jan']);
      const janAll = await store.events({ since: '2022-01', until: '2022-01', includeDuplicates: true });
      assert.equal(janAll.length, 3);
    });

    test('events: filters by source, target, code or name, type, dates and text', async () => {
      const usRu = await store.events({ source: 'USA', target: 'RUS' });
      // Antony Blinken has code USA: his accusation of Russia is a USA → RUS event
      assert.deepEqual(usRu.map((e) => e.type).sort(), ['ACCUSE', 'CONSULT', 'SANCTION']);
      assert.deepEqual(usRu.map((e) => e.date), ['2022-03-02', '2022-02-10', '2022-01-05'], 'newest first');
      assert.equal(usRu[0]!.evidence, 'The United States imposed sweeping sanctions on Russia on Wednesday');
      assert.equal(usRu[0]!.outlet, 'Example Wire');
      assert.deepEqual((await store.events({ source: 'Antony Blinken' })).map((e) => e.type), ['ACCUSE']);
      assert.deepEqual((await store.events({ source: 'antony blinken' })).map((e) => e.type), ['ACCUSE'], 'names are case-insensitive');
      assert.deepEqual((await store.events({ source: 'USAGOV' })).map((e) => e.type), ['ACCUSE'], 'code + sector');
      assert.equal((await store.events({ source: 'RUS', target: 'USA', since: '2022-03-01' })).length, 2);
      assert.equal((await store.events({ source: 'RUS', target: 'USA', until: '2022-02-28' })).length, 1);
      assert.deepEqual((await store.events({ type: 'SANCTION' })).map((e) => e.articleId), ['sanction-mar']);
      assert.deepEqual((await store.events({ type: ['THREATEN', 'ACCUSE'], order: 'date-asc' })).map((e) => e.date), ['2022-02-10', '2022-03-02', '2022-03-02']);
      assert.deepEqual((await store.events({ text: 'sweeping sanctions' })).map((e) => e.type), ['SANCTION']);
      assert.deepEqual((await store.events({ cameo: '16' })).map((e) => e.type), ['SANCTION']);
      assert.deepEqual((await store.events({ actor: 'UKR', includeNegated: true })).map((e) => e.type), ['ASSAULT']);
      assert.equal((await store.events({ actor: 'UKR' })).length, 0, 'a negated event is not an event by default');
      assert.equal((await store.events({ limit: 2 })).length, 2);
      const all = await store.events({ limit: 100 });
      assert.deepEqual((await store.events({ limit: 2, offset: 2 })).map((e) => e.key), all.slice(2, 4).map((e) => e.key));
      assert.equal(new Set(all.map((e) => e.key)).size, all.length);
    });

    test('quotes: by speaker (name substring, code), text and kind', async () => {
      const putin = await store.quotes({ speaker: 'Vladimir Putin' });
      assert.deepEqual(putin.map((q) => q.content), ['We are not going to attack Ukraine', 'a serious proposal that deserves a serious answer']);
      assert.equal(putin[0]!.speaker!.name, 'Vladimir Putin');
      assert.equal(putin[0]!.published, '2022-02-10');
      assert.equal((await store.quotes({ speaker: 'putin' })).length, 2);
      assert.equal((await store.quotes({ speaker: 'RUS' })).length, 2);
      assert.equal((await store.quotes({ speaker: 'Blinken' })).length, 0);
      assert.deepEqual((await store.quotes({ text: 'attack' })).map((q) => q.articleId), ['accuse-feb']);
      assert.equal((await store.quotes({ speaker: 'Putin', includeDuplicates: true })).length, 3);
      assert.equal((await store.quotes({ kind: 'indirect' })).length, 0);
    });

    test('actors: merged across articles, ranked by mentions, copies counted once', async () => {
      const top = await store.actors({ limit: 10 });
      const names = top.map((a) => a.name);
      assert.equal(new Set(names).size, names.length, 'one row per entity');
      const rus = top.find((a) => a.name === 'Russia')!;
      // Russia/Moscow, headline included: talks-jan 2, accuse-feb 4, sanction-mar 3 (the copy not counted)
      assert.equal(rus.articles, 3);
      assert.equal(rus.mentions, 9);
      assert.equal(rus.code, 'RUS');
      // as source or target of Russia (the entity): 2 + 1 + 3, the negated attack left out
      assert.equal(rus.events, 6);
      assert.equal(names[0], 'Russia');
      for (let i = 1; i < top.length; i++) assert.ok(top[i - 1]!.mentions >= top[i]!.mentions);
      const putin = top.find((a) => a.name === 'Vladimir Putin')!;
      assert.equal(putin.quotes, 2);
      assert.equal(putin.kind, 'person');
      assert.deepEqual((await store.actors({ kind: 'person' })).map((a) => a.name).sort(), ['Antony Blinken', 'Vladimir Putin']);
      assert.deepEqual((await store.actors({ since: '2022-03-10' })).map((a) => a.name), ['Ukraine']);
      const withCopies = await store.actors({ includeDuplicates: true });
      assert.equal(withCopies.find((a) => a.name === 'Russia')!.articles, 4);
    });

    test('dyad: counts per type and mean intensity per period, both directions', async () => {
      const m = await store.dyad('USA', 'RUS', 'month');
      assert.deepEqual(m.map((b) => b.period), ['2022-01', '2022-02', '2022-03']);
      assert.deepEqual(m[0], { period: '2022-01', total: 2, forward: 1, backward: 1, byType: { CONSULT: 2 }, meanIntensity: 4 });
      assert.deepEqual(m[1]!.byType, { ACCUSE: 1 });
      assert.deepEqual(m[2], { period: '2022-03', total: 3, forward: 1, backward: 2, byType: { SANCTION: 1, THREATEN: 1, ACCUSE: 1 }, meanIntensity: -4 });
      const fwd = await store.dyad('USA', 'RUS', 'month', { direction: 'forward' });
      assert.deepEqual(fwd.map((b) => [b.period, b.total]), [['2022-01', 1], ['2022-02', 1], ['2022-03', 1]]);
      const days = await store.dyad('United States', 'Russia', 'day');
      assert.deepEqual(days.map((b) => b.period), ['2022-01-05', '2022-03-02']);
      const weeks = await store.dyad('USA', 'RUS', 'week');
      // 2022-01-05 is a Wednesday: its week starts Monday 2022-01-03; 2022-02-10 (Thu) → 02-07; 2022-03-02 (Wed) → 02-28
      assert.deepEqual(weeks.map((b) => b.period), ['2022-01-03', '2022-02-07', '2022-02-28']);
      assert.deepEqual((await store.dyad('USA', 'RUS', 'year')).map((b) => [b.period, b.total]), [['2022', 6]]);
      assert.deepEqual(await store.dyad('USA', 'RUS', 'month', { since: '2022-02', until: '2022-02' }), [m[1]]);
      const sym = await store.dyad('RUS', 'USA', 'month');
      assert.deepEqual(sym.map((b) => [b.total, b.forward]), m.map((b) => [b.total, b.backward]));
    });

    test('search: full text over bodies and quotes, ranked, punctuation-safe', async () => {
      const hits = await store.search('draft treaty');
      assert.ok(hits.length >= 1);
      assert.equal(hits[0]!.kind, 'article');
      assert.equal(hits[0]!.articleId, 'talks-jan', 'the copy is left out');
      assert.match(hits[0]!.snippet, /\[draft\] \[treaty\]/);
      const q = await store.search('serious answer', { in: 'quotes' });
      assert.deepEqual(q.map((h) => [h.kind, h.articleId, h.quoteId]), [['quote', 'talks-jan', 'q1']]);
      assert.equal((await store.search('treaties')).length >= 1, true, 'stemmed');
      assert.deepEqual(await store.search('U.S. "'.slice(0, 4)), []);
      assert.deepEqual(await store.search('zebra'), []);
      assert.ok((await store.search('grain', { in: 'articles' })).every((h) => h.articleId === 'grain-mar'));
      const both = await store.search('draft treaty', { includeDuplicates: true });
      assert.deepEqual(both.map((h) => h.articleId).sort(), ['talks-jan', 'talks-jan-copy']);
    });

    test('listArticles: filters and paging', async () => {
      const all = await store.listArticles({ limit: 100 });
      assert.equal(all.length, STREAM.length);
      assert.deepEqual(all.map((a) => a.published?.slice(0, 10)), ['2022-03-20', '2022-03-02', '2022-02-10', '2022-01-05', '2022-01-05']);
      assert.deepEqual((await store.listArticles({ source: 'Harbour Times' })).map((a) => a.id), ['grain-mar']);
      assert.deepEqual((await store.listArticles({ text: 'Odesa' })).map((a) => a.id), ['grain-mar']);
      assert.deepEqual((await store.listArticles({ since: '2022-02', until: '2022-03-05' })).map((a) => a.id), ['sanction-mar', 'accuse-feb']);
      const p = await store.listArticles({ limit: 2, offset: 1 });
      assert.deepEqual(p.map((a) => a.id), all.slice(1, 3).map((a) => a.id));
      const a = all.find((x) => x.id === 'sanction-mar')!;
      assert.deepEqual([a.entities, a.quotes, a.events, a.url], [2, 0, 3, 'https://news.example/2022/03/sanctions']);
    });

    test('exportRows streams every row in store order', async () => {
      const ev = [];
      for await (const r of store.exportRows('events', { includeDuplicates: true, includeNegated: true })) ev.push(r);
      assert.equal(ev.length, (await store.stats()).events);
      const q = [];
      for await (const r of store.exportRows('quotes', { speaker: 'Putin' })) q.push(r);
      assert.equal(q.length, 2);
      const arts = [];
      for await (const r of store.exportRows('articles')) arts.push(r.id);
      assert.deepEqual(arts, STREAM.map((s) => s.id));
    });

    test('stats count what was stored', async () => {
      const s = await store.stats();
      assert.equal(s.articles, STREAM.length);
      assert.equal(s.events, STREAM.reduce((n, x) => n + (x.events?.length ?? 0), 0));
      assert.equal(s.quotes, 3);
      assert.equal(s.entities, 5, 'the same name + code is one entity across articles');
      assert.equal(s.firstDate, '2022-01-05');
      assert.equal(s.lastDate, '2022-03-02');
    });
  });
}
