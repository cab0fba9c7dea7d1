/**
 * HTML reader: small pages written for these tests (fictional news), plus the extraction gold set when
 * ../shared is present (body F1 over the pages, compared with plain Readability in the same run).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { readHtml, boilerplateRules, filterBlocks, type Block } from './html.js';
import { cleanAuthors, normalizeIsoDate, parseJsonLd, languageCode, creditsIn, readMetadata } from './metadata.js';

const P1 = 'Negotiators from Veridia and the Northern Alliance met for nine hours in Geneva on Tuesday, the first direct talks between the two governments since the ceasefire collapsed in March.';
const P2 = '"We came here to listen, and we listened," Foreign Minister Amara Lindqvist told reporters after the session, adding that a second round could follow before the end of the month.';
const P3 = 'Officials on both sides said the agenda covered prisoner exchanges, the reopening of two border crossings and a joint commission to monitor the truce along the river.';
const P4 = 'The talks were brokered by the Swiss foreign ministry, which has hosted three earlier rounds of contacts at a lower level since the spring.';

function page(opts: { ld?: string; head?: string; lang?: string } = {}): string {
  const ld = opts.ld ?? JSON.stringify({
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'WebSite', name: 'The Harbour Times', url: 'https://harbour.example/' },
      {
        '@type': ['NewsArticle'], headline: 'Veridia and Northern Alliance hold first direct talks in Geneva',
        alternativeHeadline: 'Nine hours of talks end with a promise of a second round',
        datePublished: '2024-03-05T18:40:00+01:00', dateModified: '2024-03-05T21:02:00+01:00',
        author: [{ '@type': 'Person', name: 'By Jana Petrov' }, { '@type': 'Person', name: 'https://harbour.example/staff/omar' }],
        publisher: { '@type': 'NewsMediaOrganization', name: 'The Harbour Times' },
      },
    ],
  });
  return `<!doctype html>
<html lang="${opts.lang ?? 'en-GB'}"><head>
<title>Veridia and Northern Alliance hold first direct talks in Geneva | The Harbour Times</title>
<meta property="og:title" content="OG title that must lose to JSON-LD">
<meta property="og:site_name" content="The Harbour Times">
<meta property="og:url" content="https://harbour.example/world/geneva-talks">
<link rel="canonical" href="https://harbour.example/world/geneva-talks-2024">
<script type="application/ld+json">${ld}</script>
${opts.head ?? ''}
</head><body>
<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<main><article class="story">
<h1>Veridia and Northern Alliance hold first direct talks in Geneva</h1>
<div class="byline">By Jana Petrov and Omar Haddad</div>
<div class="story-body">
<p>${P1}</p>
<figure><img src="a.jpg" alt=""><figcaption>Delegates arrive at the Palais des Nations. <span class="credit">Photo: Lena Brandt/Harbour Press</span></figcaption></figure>
<p>${P2}</p>
<div class="ad-slot"><p>Advertisement</p></div>
<h2>Prisoners and crossings</h2>
<p>${P3}</p>
<div class="share-tools"><a href="#">Share</a> <a href="#">Tweet</a> <a href="#">Email</a></div>
<p>${P4}</p>
<p>Read more: Ceasefire talks stall again as winter sets in</p>
<div class="newsletter-signup"><p>Sign up for our daily briefing newsletter and get the news in your inbox every morning.</p></div>
<h3>Related stories</h3>
<ul><li><a href="/a">Border town counts the cost of the spring offensive</a></li><li><a href="/b">Who is Amara Lindqvist, the diplomat at the table</a></li></ul>
</div></article></main>
<footer><p>© 2024 The Harbour Times. All rights reserved.</p></footer>
</body></html>`;
}

test('HTML: body keeps the story paragraphs and the crosshead, drops page furniture', () => {
  const r = readHtml({ id: 't', html: page() });
  const body = r.article.body;
  for (const p of [P1, P2, P3, P4]) assert.ok(body.includes(p), `body keeps: ${p.slice(0, 40)}`);
  assert.ok(body.includes('Prisoners and crossings'), 'crosshead kept');
  for (const junk of ['Advertisement', 'Delegates arrive', 'Photo: Lena', 'Share', 'Read more', 'Sign up', 'Related stories', 'Border town', 'All rights reserved', 'Home']) {
    assert.ok(!body.includes(junk), `body drops "${junk}"`);
  }
  // paragraphs in order, separated by blank lines; text = headline, blank line, body
  assert.equal(body.split('\n\n')[0], P1);
  assert.equal(r.text, `${r.article.headline}\n\n${body}`);
  for (const p of r.paragraphs) assert.ok(!r.text.slice(p.start, p.end).includes('\n'), 'a paragraph is one block of text');
  const kinds = r.paragraphs.map((p) => [r.text.slice(p.start, p.end), p.kind]);
  assert.deepEqual(kinds.find(([t]) => t === 'Prisoners and crossings'), ['Prisoners and crossings', 'crosshead']);
  assert.equal(kinds.filter(([, k]) => k === 'body').length, 4);
  // every removal names its rule and points at the place in text where the line stood
  assert.ok(r.article.removed.length >= 5);
  for (const x of r.article.removed) {
    assert.ok(x.rule && x.text, 'rule and text');
    assert.equal(x.start, x.end);
    assert.ok(x.start <= r.text.length);
  }
  const rules = new Set(r.article.removed.map((x) => x.rule));
  assert.ok(rules.has('caption') || rules.has('cls-caption'), [...rules].join(','));
});

test('HTML: metadata from JSON-LD @graph first, then OpenGraph, canonical, html lang', () => {
  const r = readHtml({ id: 't', html: page() });
  const a = r.article;
  assert.equal(a.headline, 'Veridia and Northern Alliance hold first direct talks in Geneva');
  assert.equal(a.subheadline, 'Nine hours of talks end with a promise of a second round');
  assert.deepEqual(a.authors, ['Jana Petrov'], 'URL author dropped, "By" stripped');
  assert.equal(a.published, '2024-03-05T18:40:00+01:00', 'page offset kept');
  assert.equal(a.updated, '2024-03-05T21:02:00+01:00');
  assert.equal(a.language, 'en');
  assert.equal(a.url, 'https://harbour.example/world/geneva-talks-2024');
  assert.equal(a.source, 'The Harbour Times');
  assert.deepEqual(a.imageCredits, ['Lena Brandt/Harbour Press']);
});

test('HTML: without JSON-LD, OpenGraph/article:/meta tags and <time> fill the fields', () => {
  const head = `
<meta property="og:description" content="A short summary of the talks.">
<meta property="article:published_time" content="2024-03-05 18:40:00 +0100">
<meta name="author" content="JANA PETROV, Omar Haddad and Li Wei">
<meta property="og:locale" content="pt_BR">`;
  const html = page({ ld: '{}', head }).replace('<html lang="en-GB">', '<html>');
  const a = readHtml({ id: 't', html }).article;
  assert.equal(a.headline, 'OG title that must lose to JSON-LD');
  assert.equal(a.subheadline, 'A short summary of the talks.');
  assert.equal(a.published, '2024-03-05T18:40:00+01:00');
  assert.deepEqual(a.authors, ['Jana Petrov', 'Omar Haddad', 'Li Wei']);
  assert.equal(a.language, 'pt');
  const doc = parseHTML('<html><head><title>Plain page - Site</title></head><body><time datetime="2023-01-02T03:04:05Z" class="published">2 Jan</time><p itemprop="author">By Ann Lee</p></body></html>').document;
  const m = readMetadata(doc as unknown as Document);
  assert.equal(m.article.published, '2023-01-02T03:04:05Z');
  assert.deepEqual(m.article.authors, ['Ann Lee']);
});

test('HTML: dateline at the head of the first paragraph is parsed, body text unchanged', () => {
  const html = page().replace(`<p>${P1}</p>`, `<p>GENEVA (Reuters) — ${P1}</p>`);
  const r = readHtml({ id: 't', html });
  assert.ok(r.article.dateline, 'dateline found');
  assert.equal(r.article.dateline!.agency, 'Reuters');
  assert.match(r.text.slice(r.article.dateline!.start, r.article.dateline!.end), /^GENEVA \(Reuters\)/);
  assert.ok(r.article.body.startsWith('GENEVA (Reuters) — Negotiators'));
});

test('HTML: broken and empty pages give an empty body, never a throw', () => {
  for (const html of ['', '<html><body></body></html>', '<div><p>unclosed', '<script>var x = 1;</script>', '<<<>>>&&&']) {
    const r = readHtml({ id: 'x', html });
    assert.equal(typeof r.article.body, 'string');
    assert.equal(r.paragraphs.length, r.article.body ? r.article.body.split('\n\n').length : 0);
  }
  // a malformed JSON-LD block does not stop the other sources
  const a = readHtml({ id: 'x', html: page({ ld: '{"@type": "NewsArticle", "headline": "Broken' }) }).article;
  assert.equal(a.headline, 'OG title that must lose to JSON-LD');
});

test('boilerplate rules: the data file compiles and every kind is known', () => {
  const rules = boilerplateRules();
  assert.ok(rules.length >= 30);
  assert.equal(new Set(rules.map((r) => r.name)).size, rules.length, 'rule names are unique');
  const byName = new Map(rules.map((r) => [r.name, r]));
  assert.ok(byName.get('advertisement')!.re.test('Advertisement'));
  assert.ok(!byName.get('advertisement')!.re.test('Advertisement spending rose 4% last year.'));
  assert.ok(byName.get('credit-end')!.re.test('Protesters gather outside parliament on Monday. AP'));
  assert.ok(!byName.get('credit-end')!.re.test('The group called it a gap (an epa rule).'), 'agency names are case-sensitive');
});

const blk = (text: string, extra: Partial<Block> = {}): Block => ({ text, tag: 'p', heading: false, li: false, caption: false, linkChars: 0, classes: [], owners: [], ...extra });

test('filterBlocks: link lists, tail sections and the class-share guard', () => {
  const prose = (i: number) => blk(`Paragraph ${i} of the story says something long enough to count as running prose in any article.`);
  const blocks = [prose(1), prose(2), prose(3), blk('Related coverage', { heading: true, tag: 'h2' }), blk('Another story title', { li: true, linkChars: 19 }), blk('A third story title', { li: true, linkChars: 19 })];
  const { kept, removed } = filterBlocks(blocks);
  assert.equal(kept.length, 3);
  assert.equal(removed.length, 3);
  assert.deepEqual(removed.slice(1).map((r) => r.rule), ['about-author', 'about-author'], 'the list after the section title goes with it');
  // a class rule that would take most of the article is not applied (a body wrapped in class="gallery-story")
  const owner = {};
  const wrapped = [1, 2, 3].map((i) => blk(prose(i).text, { classes: ['has-gallery story'], owners: [owner] }));
  assert.equal(filterBlocks(wrapped).kept.length, 3);
  const small = [...[1, 2, 3].map(prose), blk('Lena Brandt/Harbour Press', { classes: ['photo-credit'], owners: [{}] })];
  assert.equal(filterBlocks(small).kept.length, 3);
});

test('metadata helpers: authors, dates, JSON-LD, language, credits', () => {
  assert.deepEqual(cleanAuthors(['By Jane Roe and John Doe']), ['Jane Roe', 'John Doe']);
  assert.deepEqual(cleanAuthors(['Jane Roe, AP Auto Writer']), ['Jane Roe']);
  assert.deepEqual(cleanAuthors(['https://example.com/people/jroe', 'jroe@example.com', 'Staff']), []);
  assert.deepEqual(cleanAuthors(['Ilse Meyer, MS, RDN']), ['Ilse Meyer']);
  assert.equal(normalizeIsoDate('2021-12-18T08:55:00+05:30'), '2021-12-18T08:55:00+05:30');
  assert.equal(normalizeIsoDate('2021-12-18T08:55:00+0530'), '2021-12-18T08:55:00+05:30');
  assert.equal(normalizeIsoDate('2021-12-18'), '2021-12-18');
  assert.equal(normalizeIsoDate('Sat, 18 Dec 2021 03:25:00 GMT'), '2021-12-18T03:25:00Z');
  assert.equal(normalizeIsoDate('2021-13-45'), null);
  assert.equal(normalizeIsoDate('next Tuesday'), null);
  assert.deepEqual(parseJsonLd('<![CDATA[{"a":1}]]>'), [{ a: 1 }]);
  assert.deepEqual(parseJsonLd('{"headline":"two\nlines"};'), [{ headline: 'two lines' }]);
  assert.deepEqual(parseJsonLd('not json'), []);
  assert.equal(languageCode('en-US'), 'en');
  assert.equal(languageCode('pt_BR'), 'pt');
  assert.equal(languageCode('x-klingon'), null);
  assert.deepEqual(creditsIn('Smoke rises over the port. (AP Photo/Sam Reyes)'), ['AP Photo/Sam Reyes']);
  assert.deepEqual(creditsIn('Smoke rises over the port. Photo: Sam Reyes'), ['Sam Reyes']);
});

// ---- the extraction gold set (real pages), when the shared folder is present
const GOLD = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'gold', 'extraction');
test('extraction gold: body F1 ≥ 0.93 and above plain Readability', { skip: !fs.existsSync(GOLD) && 'no ../shared/gold/extraction', timeout: 300_000 }, () => {
  const gold = fs.readFileSync(path.join(GOLD, 'ground-truth.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; articleBody: string });
  const norm = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const toks = (s: string) => norm(s).match(/[\p{L}\p{N}]+/gu) ?? [];
  const pr = (pred: string, ref: string) => {
    const tp = toks(pred), tg = toks(ref);
    const c = new Map<string, number>();
    for (const t of tg) c.set(t, (c.get(t) ?? 0) + 1);
    let common = 0;
    for (const t of tp) { const k = c.get(t) ?? 0; if (k > 0) { common++; c.set(t, k - 1); } }
    return [tp.length ? common / tp.length : 0, tg.length ? common / tg.length : 0] as const;
  };
  let p = 0, r = 0, bp = 0, br = 0;
  for (const g of gold) {
    const html = zlib.gunzipSync(fs.readFileSync(path.join(GOLD, 'html', `${g.id}.html.gz`))).toString('utf8');
    const [a, b] = pr(readHtml({ id: g.id, html }).article.body, g.articleBody);
    p += a; r += b;
    let plain = '';
    try { plain = new Readability(parseHTML(html).document as unknown as Document).parse()?.textContent ?? ''; } catch { plain = ''; }
    const [c, d] = pr(plain, g.articleBody);
    bp += c; br += d;
  }
  const f1 = (x: number, y: number) => (2 * x * y) / (x + y);
  const ours = f1(p / gold.length, r / gold.length), base = f1(bp / gold.length, br / gold.length);
  console.log(`# body F1 ${(ours * 100).toFixed(1)} vs plain Readability ${(base * 100).toFixed(1)} over ${gold.length} pages`);
  assert.ok(ours >= 0.93, `body F1 ${ours}`);
  assert.ok(ours > base, `body F1 ${ours} above plain Readability ${base}`);
});
