/**
 * Property tests of the read stage (issue 7): whatever bytes or markup come in, decoding either gives text or
 * one-line reason, the readers never throw, every offset of the result points inside `text` and the spans
 * that carry text match it, and time grows linearly with the input (n vs 4n, generous bound).
 * Bounded runs (numRuns, sizes) so the file stays within a few seconds of CI time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { read } from './index.js';
import { decodeText, decodeHtml, rawFromJson } from './inputs.js';
import type { Doc } from '../doc.js';

/** every offset of the read result lies inside text, and spans with text match it */
function checkRead(doc: Doc): void {
  const n = doc.text.length;
  let last = 0;
  for (const p of doc.paragraphs) {
    assert.ok(p.start >= 0 && p.start <= p.end && p.end <= n, `paragraph ${p.start}-${p.end} inside ${n}`);
    assert.ok(p.start >= last, 'paragraphs in order, not overlapping');
    last = p.end;
  }
  const dl = doc.article.dateline;
  if (dl) assert.ok(dl.start >= 0 && dl.start <= dl.end && dl.end <= n, 'dateline inside text');
  for (const r of doc.article.removed) assert.ok(r.start >= 0 && r.start <= r.end && r.end <= n, 'removed span inside text');
  assert.equal(typeof doc.article.body, 'string');
}

const pieces = ['\n\n', '\n', ' ', '“', '”', '"', "'", '«', '»', '—', '(AP) — ', 'KYIV, Ukraine — ', 'By Jane Doe', 'Reuters', 'Advertisement',
  'Share this article', '.', '?', '!', 'Mr.', 'U.S.', 'Jan. 5', '2022-01-05', '\t', '\r\n', '\u00a0', '\u200b', '\ufeff', '\u202e', '😀', 'é', 'x'.repeat(300),
  'The minister said talks would resume.', 'France met Germany on Monday', 'Photo: AFP', 'Read more:', '#', '* * *', '<', '>', '&amp;'];
const newsish = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 80 }).map((xs) => xs.join(''));

const tags = ['div', 'p', 'span', 'article', 'section', 'h1', 'h2', 'li', 'ul', 'a href="x"', 'script', 'style', 'figure', 'figcaption', 'table', 'td', 'br', 'iframe', 'svg', 'template', 'blockquote', 'time datetime="2022-01-05"'];
const markup = fc.array(fc.oneof(
  fc.constantFrom(...tags).map((t) => `<${t}>`),
  fc.constantFrom(...tags).map((t) => `</${t.split(' ')[0]}>`),
  fc.constantFrom('<!--', '-->', '<![CDATA[', ']]>', '<!doctype html>', '<meta charset="utf-8">', '<title>', '</title>', '<script type="application/ld+json">{"@type":"NewsArticle","headline":"X","datePublished":"2022-01-05"}</script>',
    '<meta property="og:title" content="T">', '<meta name="author" content="A, B">', '&nbsp;', '&#0;', '&#xD800;', '&bogus;', 'onload="x()"', '<img src=x onerror=alert(1)>'),
  newsish,
), { maxLength: 60 }).map((xs) => xs.join(''));

test('decodeText/decodeHtml: any bytes give text or a one-line reason, never another exception', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, html) => {
    const buf = Buffer.from(bytes);
    try {
      const t = html ? decodeHtml(buf) : decodeText(buf);
      assert.equal(typeof t, 'string');
      assert.ok(t.trim().length > 0);
    } catch (e) {
      assert.ok(e instanceof Error);
      assert.match(e.message, /^(empty input|binary content|invalid UTF-8|invalid UTF-16)/, e.message);
      assert.ok(!e.message.includes('\n'));
    }
  }), { numRuns: 400 });
});

test('decodeText: UTF-16 with a BOM and any UTF-8 text round-trip', () => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }).filter((s) => s.trim().length > 0 && !/[\0-\x08\x0e-\x1f]/.test(s)), (s) => {
    assert.equal(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')])), s);
    const u8 = decodeText(Buffer.from(s));
    assert.equal(u8.replace(/^\ufeff/, ''), s.replace(/^\ufeff/, ''));
  }), { numRuns: 200 });
});

test('rawFromJson: any JSON value gives a document or an error, never an exception', () => {
  fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), fc.option(fc.record({ text: fc.oneof(fc.string(), fc.jsonValue()), html: fc.oneof(fc.string(), fc.jsonValue()), id: fc.jsonValue(), authors: fc.jsonValue(), date: fc.jsonValue() }, { requiredKeys: [] })), (v, rec) => {
    const r = rawFromJson(rec ?? v, 'x.jsonl:1', 'x-1');
    if ('error' in r) assert.equal(typeof r.error, 'string');
    else assert.ok(typeof r.text === 'string' || typeof r.html === 'string');
  }), { numRuns: 300 });
});

test('read (text): no exception, offsets inside the text', () => {
  fc.assert(fc.property(newsish, fc.option(fc.string({ maxLength: 20 })), (text, date) => {
    const doc = read({ id: 'f', text, date });
    checkRead(doc);
  }), { numRuns: 300 });
});

test('read (HTML): tag soup, scripts, broken markup: no exception, offsets inside the text, no script text', () => {
  fc.assert(fc.property(markup, (html) => {
    // the script comes first: markup after it may legitimately turn later text into text (an unclosed <title>)
    const doc = read({ id: 'f', html: '<script>var HOSTILE_MARK = 1;</script><p onclick="HOSTILE_MARK()">x</p>' + html });
    checkRead(doc);
    assert.ok(!doc.text.includes('HOSTILE_MARK'), 'script and handler text never reaches the record');
  }), { numRuns: 150 });
});

test('read (HTML): a page nested thousands deep keeps its article and is read in bounded time', () => {
  fc.assert(fc.property(fc.integer({ min: 150, max: 6000 }), fc.constantFrom('div', 'span', 'section', 'b', 'td'), fc.boolean(), (depth, tag, closed) => {
    const body = '<h1>Talks resume</h1><p>France and Germany held talks in Paris on Monday, officials said.</p><p>They agreed to meet again in March.</p>';
    const html = `<html><head><title>Talks resume</title></head><body>${`<${tag}>`.repeat(depth)}${body}${closed ? `</${tag}>`.repeat(depth) : ''}</body></html>`;
    const t0 = performance.now();
    const doc = read({ id: 'deep', html });
    const ms = performance.now() - t0;
    checkRead(doc);
    assert.match(doc.text, /France and Germany held talks/);
    assert.ok(ms < 15_000, `depth ${depth}: ${ms.toFixed(0)} ms`);
  }), { numRuns: 6 });
});

/** median of three timings of fn */
function time(fn: () => void): number {
  const ts = [0, 1, 2].map(() => { const t = performance.now(); fn(); return performance.now() - t; });
  return ts.sort((a, b) => a - b)[1]!;
}

test('read: time is linear in input size (4× the input, well under 16× the time)', () => {
  const unit = 'KYIV, Ukraine (AP) — The minister said “talks would resume” on Monday.\n\nBy Jane Doe\n\nShare this article\n\n' + 'word '.repeat(40) + '\n\n';
  const shapes: Array<[string, (k: number) => { text?: string; html?: string }]> = [
    ['text', (k) => ({ text: unit.repeat(k) })],
    ['one paragraph', (k) => ({ text: 'the minister said talks would resume '.repeat(k * 8) })],
    ['html', (k) => ({ html: `<html><body><article>${`<p>${unit}</p>`.repeat(k)}</article></body></html>` })],
    ['html deep', (k) => ({ html: `<html><body>${'<div>'.repeat(k * 4)}<p>${unit}</p>${'</div>'.repeat(k * 4)}</body></html>` })],
  ];
  for (const [name, mk] of shapes) {
    read({ id: 'w', ...mk(50) });
    const a = time(() => read({ id: 'a', ...mk(100) }));
    const b = time(() => read({ id: 'b', ...mk(400) }));
    assert.ok(b < Math.max(16 * a, 200), `${name}: n ${a.toFixed(1)} ms, 4n ${b.toFixed(1)} ms`);
  }
});
