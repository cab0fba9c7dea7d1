/**
 * WARC, RSS/Atom and URL inputs, with fixtures generated here (WARCs written with warcio, feeds as
 * strings, pages served by a local HTTP server).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { WARCRecord, WARCSerializer } from 'warcio';
import { readInputs, isInputError, type InputItem } from '../read/inputs.js';
import type { RawDocument } from '../read/types.js';
import { htmlFragmentText, readFeedXml } from './readers.js';
import { readSources } from './sources.js';
import { fetchUrl, isPrivateAddress, decodeBody } from './fetch.js';
import { ingest } from './index.js';
import { openSqliteStore } from '../store/sqlite.js';
import { synthArticle } from './fixtures.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-readers-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function collect(it: AsyncIterable<InputItem>): Promise<InputItem[]> {
  const out: InputItem[] = [];
  for await (const x of it) out.push(x);
  return out;
}
const docs = (xs: InputItem[]) => xs.filter((x): x is RawDocument => !isInputError(x));

const page = (title: string, body: string) =>
  `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1>${body.split('\n\n').map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

async function warcRecord(o: { url: string; type?: 'response' | 'resource' | 'request' | 'metadata'; status?: string; ctype?: string; body: Uint8Array | string }, gzip: boolean): Promise<Uint8Array> {
  const body = typeof o.body === 'string' ? new TextEncoder().encode(o.body) : o.body;
  const type = o.type ?? 'response';
  const rec = WARCRecord.create({
    url: o.url, date: '2022-01-05T10:00:00Z', type, warcVersion: 'WARC/1.1',
    ...(type === 'response' ? { httpHeaders: { 'Content-Type': o.ctype ?? 'text/html; charset=utf-8' }, statusline: o.status ?? 'HTTP/1.1 200 OK' } : {}),
    ...(type === 'resource' ? { warcHeaders: { 'Content-Type': o.ctype ?? 'text/html' } } : {}),
    ...(type === 'request' ? { httpHeaders: { Host: 'news.example' }, statusline: 'GET / HTTP/1.1' } : {}),
  }, [body]);
  return WARCSerializer.serialize(rec, { gzip });
}

async function writeWarc(file: string, gzip: boolean): Promise<void> {
  const a = synthArticle(1, 3), b = synthArticle(2, 3);
  const latin = Buffer.from(page('Caf\u00e9 talks in Gen\u00e8ve', b.text), 'latin1');
  const parts = [
    await warcRecord({ url: 'https://news.example/a', type: 'request', body: '' }, gzip),
    await warcRecord({ url: 'https://news.example/a', body: page(a.title, a.text) }, gzip),
    await warcRecord({ url: 'https://news.example/logo.png', ctype: 'image/png', body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]) }, gzip),
    await warcRecord({ url: 'https://news.example/gone', status: 'HTTP/1.1 404 Not Found', body: page('Not found', 'Nothing here at all.') }, gzip),
    await warcRecord({ url: 'https://news.example/b', ctype: 'text/html; charset=iso-8859-1', body: latin }, gzip),
    await warcRecord({ url: 'https://news.example/c', type: 'resource', body: page('Archived resource page', synthArticle(3, 3).text) }, gzip),
  ];
  fs.writeFileSync(file, Buffer.concat(parts.map((p) => Buffer.from(p))));
}

describe('WARC', () => {
  for (const gzip of [false, true]) {
    test(`${gzip ? '.warc.gz' : '.warc'}: HTML responses and resources with status 200, charset honoured`, async () => {
      const file = path.join(tmp, gzip ? 'crawl.warc.gz' : 'crawl.warc');
      await writeWarc(file, gzip);
      const items = await collect(readInputs([file]));
      const d = docs(items);
      assert.deepEqual(d.map((x) => x.url), ['https://news.example/a', 'https://news.example/b', 'https://news.example/c']);
      assert.ok(d.every((x) => x.format === 'warc' && x.html!.includes('<article>')));
      assert.match(d[1]!.html!, /Café talks in Genève/);
      assert.equal(items.length, 3, 'requests, images and 404s are skipped silently');
    });
  }

  test('a truncated WARC reports an error item and keeps what it read', async () => {
    const file = path.join(tmp, 'crawl.warc');
    await writeWarc(file, false);
    const buf = fs.readFileSync(file);
    const cut = path.join(tmp, 'cut.warc');
    fs.writeFileSync(cut, buf.subarray(0, Math.floor(buf.length * 0.6)));
    const items = await collect(readInputs([cut]));
    assert.ok(docs(items).length >= 1);
  });
});

const rss = (items: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example World News</title><link>https://news.example/</link><description>World</description>${items}</channel></rss>`;

describe('feeds', () => {
  const a = synthArticle(10, 4), b = synthArticle(11, 4);
  const full = rss(`
    <item><title>${a.title}</title><link>https://news.example/world/10</link><guid>https://news.example/world/10</guid>
      <pubDate>Wed, 05 Jan 2022 09:00:00 GMT</pubDate><dc:creator>Jane Doe</dc:creator>
      <description>Short teaser.</description>
      <content:encoded><![CDATA[${a.text.split('\n\n').map((p) => `<p>${p}</p>`).join('\n')}<script>var x = 1;</script>]]></content:encoded></item>
    <item><title>${b.title}</title><link>https://news.example/world/11</link><pubDate>Thu, 06 Jan 2022 10:30:00 GMT</pubDate>
      <description>${b.text.split('\n\n').map((p) => `&lt;p&gt;${p.replace(/"/g, '&quot;')}&lt;/p&gt;`).join('')}</description></item>
    <item><title>Empty</title><link>https://news.example/world/12</link></item>`);

  test('RSS 2.0 file: content:encoded or description as paragraphs, metadata kept', async () => {
    const file = path.join(tmp, 'world.rss');
    fs.writeFileSync(file, full);
    const items = await collect(readInputs([file]));
    const d = docs(items);
    assert.equal(d.length, 2);
    assert.equal(d[0]!.title, a.title);
    assert.equal(d[0]!.text, a.text, 'paragraphs kept, script dropped');
    assert.equal(d[0]!.date, '2022-01-05T09:00:00.000Z');
    assert.deepEqual(d[0]!.authors, ['Jane Doe']);
    assert.equal(d[0]!.source, 'Example World News');
    assert.equal(d[0]!.url, 'https://news.example/world/10');
    assert.equal(d[0]!.format, 'feed');
    assert.equal(d[1]!.text, b.text, 'escaped HTML in the description');
    const errs = items.filter(isInputError);
    assert.equal(errs.length, 1);
    assert.match(errs[0]!.error, /no content/);
  });

  test('Atom feed', async () => {
    const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:x</id><updated>2022-02-01T00:00:00Z</updated>
<entry><title>${a.title}</title><id>urn:entry:1</id><link href="https://atom.example/1"/><updated>2022-02-01T08:00:00Z</updated>
<author><name>Sam Roe</name></author><content type="html">${a.text.split('\n\n').map((p) => `&lt;p&gt;${p.replace(/"/g, '&quot;')}&lt;/p&gt;`).join('')}</content></entry></feed>`;
    const d = docs(await collect(readFeedXml(atom, 'desk.atom')));
    assert.equal(d.length, 1);
    assert.deepEqual([d[0]!.title, d[0]!.url, d[0]!.date, d[0]!.source], [a.title, 'https://atom.example/1', '2022-02-01T08:00:00.000Z', 'Atom Desk']);
    assert.equal(d[0]!.text, a.text);
  });

  test('not a feed: one error item', async () => {
    const d = await collect(readFeedXml('<html><body>hello</body></html>', 'x.xml'));
    assert.equal(d.length, 1);
    assert.ok(isInputError(d[0]!));
  });

  test('htmlFragmentText: blocks become paragraphs, entities decoded', async () => {
    assert.equal(await htmlFragmentText('<p>One &amp; two.</p><p>Three<br>four</p>plain'), 'One & two.\n\nThree\n\nfour\n\nplain');
    assert.equal(await htmlFragmentText('no markup at all'), 'no markup at all');
  });
});

describe('URLs', () => {
  let server: http.Server;
  let base = '';
  const art = synthArticle(20, 5);
  before(async () => {
    server = http.createServer((req, res) => {
      const u = req.url ?? '/';
      if (u === '/article') { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(page(art.title, art.text)); return; }
      if (u === '/gz') {
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        res.end(zlib.gzipSync(page(art.title, art.text)));
        return;
      }
      if (u === '/plain') { res.writeHead(200, { 'content-type': 'text/plain' }); res.end(`${art.title}\n\n${art.text}`); return; }
      if (u.startsWith('/hop/')) {
        const n = Number(u.slice(5));
        res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}` : '/article' });
        res.end();
        return;
      }
      if (u === '/big') { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<p>' + 'x'.repeat(200_000) + '</p>'); return; }
      if (u === '/slow') { res.writeHead(200, { 'content-type': 'text/html' }); res.write('<p>'); setTimeout(() => res.end('late</p>'), 3000); return; }
      if (u === '/feed') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(rss(`<item><title>${art.title}</title><link>${base}/article</link><description>Teaser only.</description><pubDate>Fri, 07 Jan 2022 08:00:00 GMT</pubDate></item>`));
        return;
      }
      if (u === '/image') { res.writeHead(200, { 'content-type': 'image/png' }); res.end(Buffer.from([0x89, 0x50])); return; }
      res.writeHead(404); res.end('no');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  test('fetch: redirects followed up to the limit, gzip decoded, errors named', async () => {
    const ok = await fetchUrl(`${base}/hop/3`);
    assert.equal(ok.url, `${base}/article`);
    assert.match(ok.body.toString(), /<article>/);
    await assert.rejects(fetchUrl(`${base}/hop/3`, { maxRedirects: 2 }), /too many redirects/);
    assert.match((await fetchUrl(`${base}/gz`)).body.toString(), new RegExp(art.title));
    await assert.rejects(fetchUrl(`${base}/big`, { maxBytes: 100_000 }), /too large/);
    await assert.rejects(fetchUrl(`${base}/slow`, { timeoutMs: 300 }), /timed out/);
    await assert.rejects(fetchUrl(`${base}/missing`), /HTTP 404/);
    await assert.rejects(fetchUrl('ftp://example.org/x'), /only http and https/);
  });

  test('fetch: private and loopback addresses refused when asked, by IP and by name', async () => {
    await assert.rejects(fetchUrl(`${base}/article`, { allowPrivate: false }), /refused: 127\.0\.0\.1 is a private address/);
    const port = (server.address() as AddressInfo).port;
    await assert.rejects(fetchUrl(`http://localhost:${port}/article`, { allowPrivate: false }), /refused: localhost resolves to a private address/);
    for (const ip of ['10.1.2.3', '172.16.0.1', '192.168.1.1', '127.0.0.1', '169.254.169.254', '::1', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '0.0.0.0', '100.64.0.1']) assert.ok(isPrivateAddress(ip), ip);
    for (const ip of ['8.8.8.8', '1.1.1.1', '2a00:1450:4001:81b::200e', '172.32.0.1']) assert.ok(!isPrivateAddress(ip), ip);
  });

  test('readSources: a page, a text URL, a feed whose items are fetched, an image refused', async () => {
    const items = await collect(readSources([`${base}/article`, `${base}/plain`, `${base}/feed`, `${base}/image`, `${base}/missing`]));
    const d = docs(items);
    assert.equal(d.length, 3);
    assert.equal(d[0]!.html !== undefined && d[0]!.url === `${base}/article`, true);
    assert.equal(d[1]!.text, `${art.title}\n\n${art.text}`);
    assert.equal(d[2]!.format, 'feed');
    assert.ok(d[2]!.html!.includes('<article>'), 'the summary-only item was replaced by its page');
    assert.equal(d[2]!.title, art.title);
    const errs = items.filter(isInputError).map((e) => e.error);
    assert.equal(errs.length, 2);
    assert.match(errs[0]!, /not a page or feed \(image\/png\)/);
    assert.match(errs[1]!, /HTTP 404/);
  });

  test('ingest from URLs is idempotent by URL and content', async () => {
    const db = path.join(tmp, 'urls.db');
    const s1 = await ingest([`${base}/article`, `${base}/feed`], { db, workers: 1, until: 'segment' });
    assert.equal(s1.ingested, 1, 'the feed item is the same page as the article');
    assert.equal(s1.duplicates, 1);
    const s2 = await ingest([`${base}/article`], { db, workers: 1, until: 'segment' });
    assert.deepEqual([s2.ingested, s2.duplicates], [0, 1]);
    const store = await openSqliteStore(db);
    const rows = await store.listArticles();
    assert.equal(rows[0]!.url, `${base}/article`);
    await store.close();
  });

  test('decodeBody: charset from header, meta, or XML declaration', () => {
    const latin = Buffer.from('Genève', 'latin1');
    assert.equal(decodeBody(latin, 'text/html; charset=ISO-8859-1'), 'Genève');
    assert.equal(decodeBody(Buffer.concat([Buffer.from('<meta charset="windows-1252">'), latin]), 'text/html'), '<meta charset="windows-1252">Genève');
    assert.equal(decodeBody(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><a>é</a>'), ''), '<?xml version="1.0" encoding="UTF-8"?><a>é</a>');
  });
});
