/**
 * The HTTP API and pages through app.request(), over a real SQLite store built from the seed article and
 * dyad's fixtures (testkit.ts).
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Hono } from 'hono';
import { buildApp } from './app.js';
import { buildTestStore, seedAvailable, FIXTURES, SEED, type TestStore } from './testkit.js';
import { renderRange, annotationSpans, annotateRecord, esc } from './annotate.js';
import { periodOf } from './params.js';
import { openapi } from './openapi.js';
import type { DyadRecord } from '../record.js';
import type { ArticleRow, DyadBucket, EventRow, QuoteRow } from '../store/types.js';

let ts: TestStore;
let app: Hono;
let writable: Hono;
const TOKEN = 'test-token-0123456789';

before(async () => {
  ts = await buildTestStore();
  app = buildApp(ts.store);
  writable = buildApp(ts.store, { ingestToken: TOKEN, maxExtractBytes: 64 * 1024 });
});
after(async () => { await ts.cleanup(); });

async function getJson<T>(p: string, a = app): Promise<{ status: number; body: T; type: string }> {
  const res = await a.request(p);
  return { status: res.status, body: (await res.json()) as T, type: res.headers.get('content-type') ?? '' };
}

describe('API', () => {
  test('articles: list with filters, one full record, 404 as JSON', async () => {
    const all = await getJson<ArticleRow[]>('/api/articles?limit=100');
    assert.equal(all.status, 200);
    assert.match(all.type, /application\/json/);
    assert.equal(all.body.length, Object.keys(ts.ids).length);
    const feb = await getJson<ArticleRow[]>('/api/articles?since=2022-02&until=2022-02');
    assert.deepEqual(feb.body.map((r) => r.id), [ts.ids['serve-accuse-2022-02']]);
    const rec = await getJson<DyadRecord>(`/api/articles/${encodeURIComponent(ts.ids['serve-talks-2022-01']!)}`);
    assert.equal(rec.status, 200);
    assert.equal(rec.body.article.headline, 'Washington and Moscow open security talks');
    assert.equal(rec.body.events[0]!.type, 'CONSULT');
    const missing = await getJson<{ error: { status: number; code: string; message: string } }>('/api/articles/no-such-article');
    assert.equal(missing.status, 404);
    assert.deepEqual(Object.keys(missing.body.error).sort(), ['code', 'message', 'status']);
    assert.equal(missing.body.error.code, 'not_found');
  });

  test('events: filters by actor, type and date; bad parameters are 400 naming the parameter', async () => {
    const sanctions = await getJson<EventRow[]>('/api/events?source=USA&target=RUS&type=SANCTION');
    assert.equal(sanctions.status, 200);
    assert.ok(sanctions.body.length >= 1, 'sanctions.body.length >= 1');
    for (const e of sanctions.body) {
      assert.equal(e.type, 'SANCTION');
      assert.equal(e.source?.code, 'USA');
      assert.equal(e.target?.code, 'RUS');
    }
    const q1 = await getJson<EventRow[]>('/api/events?actor=RUS&since=2022-01&until=2022-03&order=date-asc');
    const dates = q1.body.map((e) => e.date!);
    assert.ok(dates.length >= 5, `events of the hand-written relation (${dates.length})`);
    assert.deepEqual([...dates].sort(), dates, 'date-asc order');
    assert.ok(dates.every((d) => d >= '2022-01' && d <= '2022-03-31'), 'dates.every((d) => d >= \'2022-01\' && d <= \'2022-03-31\')');
    for (const [p, name] of [['limit=0', 'limit'], ['limit=x', 'limit'], ['since=last-week', 'since'], ['type=PUNCH', 'type'], ['order=sideways', 'order'], ['negated=maybe', 'negated']]) {
      const r = await getJson<{ error: { message: string } }>(`/api/events?${p}`);
      assert.equal(r.status, 400, p);
      assert.match(r.body.error.message, new RegExp(`"${name}"`), p);
    }
  });

  test('quotes and entities', async () => {
    const lavrov = await getJson<QuoteRow[]>('/api/quotes?speaker=Sergei%20Lavrov');
    assert.deepEqual(lavrov.body.map((q) => q.content), ['frank and useful']);
    const states = await getJson<Array<{ name: string; code: string; kind: string }>>('/api/entities?kind=state&limit=100');
    assert.ok(states.body.some((e) => e.code === 'USA') && states.body.some((e) => e.code === 'RUS'), 'states.body.some((e) => e.code === \'USA\') && states.body.some((e) => e.code === \'RUS\')');
    assert.ok(states.body.every((e) => e.kind === 'state'), 'states.body.every((e) => e.kind === \'state\')');
    assert.equal((await app.request('/api/entities?kind=planet')).status, 400);
  });

  test('dyads: monthly buckets of the relation with counts and mean intensity', async () => {
    const r = await getJson<{ buckets: DyadBucket[]; by: string }>('/api/dyads/USA/RUS?by=month&since=2022&until=2022');
    assert.equal(r.status, 200);
    const m = Object.fromEntries(r.body.buckets.map((b) => [b.period, b]));
    assert.equal(m['2022-01']?.total, 1);
    assert.equal(m['2022-01']?.meanIntensity, 4);
    assert.equal(m['2022-03']?.forward, 1);
    assert.equal(m['2022-03']?.backward, 1);
    assert.equal(m['2022-03']?.meanIntensity, -4);
    assert.equal((await app.request('/api/dyads/USA/RUS?by=fortnight')).status, 400);
  });

  test('search and network', async () => {
    const hits = await getJson<Array<{ articleId: string; snippet: string }>>('/api/search?q=sanctions');
    assert.ok(hits.body.some((h) => h.articleId === ts.ids['serve-sanction-2022-03']), 'hits.body.some((h) => h.articleId === ts.ids[\'serve-sanction-2022-03\'])');
    assert.equal((await app.request('/api/search')).status, 400);
    const net = await getJson<{ nodes: Array<{ id: string }>; edges: Array<{ source: string; target: string; count: number; mean: number | null }> }>('/api/network?since=2022&until=2022');
    const edge = net.body.edges.find((e) => e.source === 'USA' && e.target === 'RUS');
    assert.ok(edge && edge.count >= 3, 'USA→RUS edge with the three hand-written events');
    assert.ok(net.body.nodes.some((n) => n.id === 'RUS'), 'net.body.nodes.some((n) => n.id === \'RUS\')');
  });

  test('POST /api/extract: text or HTML in, record out; size-limited; JSON errors', async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'injection.txt'), 'utf8');
    const res = await app.request('/api/extract', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text });
    assert.equal(res.status, 200);
    const rec = (await res.json()) as DyadRecord;
    assert.ok(rec.text.includes('<script>window.__pwned = 1</script>'), 'rec.text.includes(\'<script>window.__pwned = 1</script>\')');
    assert.ok(rec.quotes.some((q) => q.speaker?.name.includes('Keller')), 'quotes extracted');
    const html = fs.readFileSync(path.join(FIXTURES, 'injection.html'), 'utf8');
    const res2 = await app.request('/api/extract', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ html, url: 'https://gazette.example/minutes' }) });
    assert.equal(res2.status, 200);
    const rec2 = (await res2.json()) as DyadRecord;
    assert.equal(rec2.input.format, 'html');
    assert.equal(rec2.article.url, 'https://gazette.example/minutes');
    assert.ok(!rec2.text.includes('window.__pwned = 5'), 'script elements of the page are not article text');

    const cases: Array<[RequestInit, number]> = [
      [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' }, 400],
      [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'no text' }) }, 400],
      [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 42 }) }, 400],
      [{ method: 'POST', headers: { 'content-type': 'image/png' }, body: 'x' }, 415],
      [{ method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(70 * 1024) }, 413],
    ];
    for (const [init, status] of cases) {
      const r = await writable.request('/api/extract', init);
      assert.equal(r.status, status, `${(init.headers as Record<string, string>)['content-type']} → ${status}`);
      const body = (await r.json()) as { error: { status: number } };
      assert.equal(body.error.status, status);
    }
    assert.equal((await app.request('/api/extract')).status, 404, 'GET is not a route');
  });

  test('read-only without a token; with one, POST /api/articles stores (once) and needs the right token', async () => {
    const body = JSON.stringify({
      text: 'Moscow talks resume\n\nRussian and American diplomats resumed talks in Moscow on Friday, a spokesman said.',
      date: '2022-04-01', source: 'Dyad Test Wire',
    });
    const init = (token?: string): RequestInit => ({
      method: 'POST', body,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    const before = (await ts.store.stats()).articles;
    assert.equal((await app.request('/api/articles', init(TOKEN))).status, 403, 'no token configured: read-only');
    const unauth = await writable.request('/api/articles', init());
    assert.equal(unauth.status, 401);
    assert.equal(unauth.headers.get('www-authenticate'), 'Bearer');
    assert.equal((await writable.request('/api/articles', init('wrong-token-000000'))).status, 401);
    assert.equal((await ts.store.stats()).articles, before, 'nothing stored by refused requests');
    const ok = await writable.request('/api/articles', init(TOKEN));
    assert.equal(ok.status, 201);
    const r = (await ok.json()) as { id: string; inserted: number };
    assert.equal(r.inserted, 1);
    assert.equal((await getJson<DyadRecord>(`/api/articles/${encodeURIComponent(r.id)}`)).body.article.source, 'Dyad Test Wire');
    const again = await writable.request('/api/articles', init(TOKEN));
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { skipped: number }).skipped, 1, 'the same article is not stored twice');
    assert.equal((await ts.store.stats()).articles, before + 1);
  });

  test('openapi.json documents every API route, and every documented GET path answers', async () => {
    const spec = (await getJson<{ openapi: string; paths: Record<string, Record<string, unknown>> }>('/openapi.json')).body;
    assert.equal(spec.openapi, '3.1.0');
    const documented = new Set(Object.entries(spec.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`)));
    const routes = new Set(app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
    assert.deepEqual([...routes].sort(), [...documented].sort());
    for (const [p, ops] of Object.entries(spec.paths)) {
      if (!('get' in ops)) continue;
      const url = p.replace('{id}', encodeURIComponent(ts.ids['serve-talks-2022-01']!)).replace('{a}', 'USA').replace('{b}', 'RUS') + (p === '/api/search' ? '?q=talks' : '');
      assert.equal((await app.request(url)).status, 200, url);
    }
    assert.deepEqual(Object.keys(openapi({ ingest: false, maxExtractBytes: 1 }).paths as object).sort(), Object.keys(spec.paths).sort());
  });
});

describe('cache', () => {
  test('GET responses are cached until the store gains articles; --no-cache asks the store every time', async () => {
    const cached = buildApp(ts.store, { revalidateMs: 0 });
    const first = await cached.request('/api/articles?limit=1000');
    assert.equal(first.headers.get('x-cache'), 'miss');
    const n = ((await first.json()) as unknown[]).length;
    const second = await cached.request('/api/articles?limit=1000');
    assert.equal(second.headers.get('x-cache'), 'hit');
    assert.equal(((await second.json()) as unknown[]).length, n);
    // another writer adds an article: the next check of the store empties the cache
    const text = 'Cache test\n\nOfficials in Vienna said on Tuesday that the talks would go on.';
    const r = await ts.store.putRecords([{ record: { ...(await ts.store.getArticle(ts.ids.injection!))!, id: 'cache-test', text }, hash: 'cache-test-hash' }]);
    assert.equal(r.inserted, 1);
    await cached.request('/api/stats'); // starts the background check
    await new Promise((res) => setTimeout(res, 50));
    const third = await cached.request('/api/articles?limit=1000');
    assert.equal(third.headers.get('x-cache'), 'miss');
    assert.equal(((await third.json()) as unknown[]).length, n + 1, 'the new article is listed');
    const uncached = buildApp(ts.store, { responseCacheChars: 0 });
    await uncached.request('/api/stats');
    assert.equal((await uncached.request('/api/stats')).headers.get('x-cache'), null);
  });
});

describe('pages', () => {
  test('every page answers with HTML and a strict script policy', async () => {
    const id = encodeURIComponent(ts.ids['serve-talks-2022-01']!);
    for (const p of ['/', `/articles/${id}`, '/events?actor=USA', '/quotes', '/actors', '/actors/USA', '/actors/Sergei%20Lavrov', '/dyads/USA/RUS', '/network', '/search?q=talks']) {
      const res = await app.request(p);
      assert.equal(res.status, 200, p);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    }
    const nope = await app.request('/articles/none');
    assert.equal(nope.status, 404);
    assert.match(await nope.text(), /no article/);
    assert.equal((await app.request('/dyads?a=USA&b=RUS&by=week')).headers.get('location'), '/dyads/USA/RUS?by=week');
    assert.equal((await app.request('/static/uPlot.iife.min.js')).status, 200);
    assert.equal((await app.request('/static/../package.json')).status, 404);
  });

  test('the seed article: each Sullivan quote is one highlighted run with his name beside it', { skip: !seedAvailable() && `seed not found at ${SEED}` }, async () => {
    const rec = (await ts.store.getArticle(ts.ids.seed!))!;
    const page = await (await app.request(`/articles/${encodeURIComponent(ts.ids.seed!)}`)).text();
    const sullivan = rec.quotes.filter((q) => /Sullivan/.test(q.speaker?.name ?? ''));
    assert.ok(sullivan.length >= 2, 'sullivan.length >= 2');
    for (const q of sullivan) {
      assert.match(page, new RegExp(`<a class="who" href="/actors/[^"]*Sullivan[^"]*" data-quote="${q.id}">[^<]*Sullivan</a><mark class="quote[^"]*" data-quote="${q.id}" data-speaker="[^"]*Sullivan"`));
    }
  });

  test('article text is escaped: no markup from the text survives', async () => {
    const page = await (await app.request(`/articles/${encodeURIComponent(ts.ids.injection!)}`)).text();
    assert.ok(page.includes('&lt;script&gt;window.__pwned = 1&lt;/script&gt;'), 'page.includes(\'&lt;script&gt;window.__pwned = 1&lt;/script&gt;\')');
    assert.ok(!page.includes('<script>window'), '!page.includes(\'<script>window\')');
    assert.ok(!/<img/i.test(page), '!/<img/i.test(page)');
    const plain = page.replace(/<a class="who"[^>]*>[^<]*<\/a>/g, '').replace(/<[^>]*>/g, '');
    assert.ok(plain.includes('&lt;img src=&quot;x&quot; onerror=&quot;window.__pwned = 2&quot;&gt;'), 'the img tag is shown as text');
  });
});

describe('annotate', () => {
  const rec = (text: string, part: Partial<DyadRecord>): DyadRecord => ({
    id: 'x', input: { path: null, url: null, format: 'text' }, text,
    article: { headline: null, subheadline: null, authors: [], published: null, updated: null, imageCredits: [], body: text, language: 'en', url: null, source: null, dateline: null, removed: [] },
    paragraphs: [], sentences: [], entities: [], quotes: [], events: [], meta: { dyad: 't', timings: {} }, ...part,
  });

  test('nesting across layers: a quote crossing a sentence boundary is closed and reopened, text intact', () => {
    const text = 'He said "Yes. <b>No</b>." Then left.';
    const r = rec(text, {
      sentences: [{ start: 0, end: 13, paragraph: 0 }, { start: 14, end: 25, paragraph: 0 }, { start: 26, end: 36, paragraph: 0 }],
      quotes: [{ id: 'q1', content: 'Yes. <b>No</b>.', kind: 'direct', contentSpan: { start: 9, end: 24 }, cue: 'said', cueSpan: { start: 3, end: 7 }, speaker: { name: 'He <i>', entity: null, code: null, mention: null }, rule: 't' }],
    });
    const out = renderRange(text, 0, text.length, annotationSpans(r));
    assert.equal(out.replace(/<[^>]+>/g, '').replace(/He &lt;i&gt;/, ''), esc(text), 'the text comes out whole, escaped');
    assert.equal(out.match(/<mark /g)?.length, 3, 'three pieces: in each sentence and in the space between');
    assert.equal(out.match(/<a class="who"/g)?.length, 1, 'one speaker label');
    assert.ok(out.includes('&lt;b&gt;No&lt;/b&gt;') && out.includes('He &lt;i&gt;</a>'), 'out.includes(\'&lt;b&gt;No&lt;/b&gt;\') && out.includes(\'He &lt;i&gt;</a>\')');
    // well nested: every close matches the last open
    const stack: string[] = [];
    for (const m of out.matchAll(/<(\/?)(\w+)[^>]*>/g)) {
      if (m[1]) assert.equal(stack.pop(), m[2]);
      else stack.push(m[2]!);
    }
    assert.deepEqual(stack, []);
  });

  test('overlapping mentions keep the longer; out-of-range spans are ignored', () => {
    const text = 'White House adviser spoke.';
    const r = rec(text, {
      paragraphs: [{ start: 0, end: text.length, kind: 'body' }],
      entities: [
        { id: 'a', name: 'White House', kind: 'organization', code: 'USA', sector: null, roles: [], aliases: [], rule: 't', mentions: [{ start: 0, end: 11, text: 'White House', entity: 'a', type: 'name', rule: 't' }] },
        { id: 'b', name: 'House', kind: 'organization', code: null, sector: null, roles: [], aliases: [], rule: 't', mentions: [{ start: 6, end: 11, text: 'House', entity: 'b', type: 'name', rule: 't' }, { start: 90, end: 95, text: 'x', entity: 'b', type: 'name', rule: 't' }] },
      ],
    });
    const [p] = annotateRecord(r);
    assert.equal(p!.html.match(/class="mention/g)?.length, 1);
    assert.ok(p!.html.includes('>White House</a>'), 'p!.html.includes(\'>White House</a>\')');
  });

  test('periods as the store labels them', () => {
    assert.equal(periodOf('2022-03-03', 'week'), '2022-02-28');
    assert.equal(periodOf('2022-02-28', 'week'), '2022-02-28');
    assert.equal(periodOf('2022-03-06', 'week'), '2022-02-28');
    assert.equal(periodOf('2022-03-03', 'month'), '2022-03');
    assert.equal(periodOf('2022-03-03', 'year'), '2022');
  });
});
