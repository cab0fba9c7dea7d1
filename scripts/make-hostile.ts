/**
 * Generates dyad's hostile-input corpus (issue 7) into a folder, with a manifest of what each input is and
 * what `dyad ingest` must do with it. Inputs are generated from a seeded random source (sizes, cut points,
 * bytes, the articles they carry), so each seed gives another corpus: nothing here is hand-picked to pass.
 *
 *   npx tsx scripts/make-hostile.ts <dir> [--seed N] [--feed-items N] [--feed-distinct N] [--big-mb N]
 *
 * Writes <dir>/<files> and <dir>/manifest.json (HostileCase[]). Never commit the output: the big page alone
 * is 50 MB. The hostile test (test/hostile.test.ts) calls makeHostile() into a temporary folder.
 *
 * Expectations: `stored` — a good input: every document of it is stored (docs = how many);
 * `error` — a bad input: reported on stderr as `dyad: <input>: <reason>` with a reason matching `reason`;
 * `either` — may be stored or refused, but with no crash, and a refusal gives its reason.
 * `inputs` names what `dyad ingest` is given for the case (a missing path, the lines of a JSONL file).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { synthArticle } from '../src/ingest/fixtures.js';

export type Expect = 'stored' | 'error' | 'either';

export interface HostileCase {
  /** file name inside the corpus folder (the argument given to `dyad ingest`) */
  file: string;
  /** what makes it hostile */
  what: string;
  expect: Expect;
  /** regular expression (source) the reported reason must match, for `error` */
  reason?: string;
  /** documents of it that must be stored, for `stored` (default 1) */
  docs?: number;
  /** errors reported per line/record (JSONL, feeds, WARC): input name suffix → reason regex */
  partErrors?: Array<{ input: string; reason: string }>;
  /** strings that must never appear in any stored record of this input (script code, file contents) */
  forbidden?: string[];
  /** true when the file is not created (a missing path) */
  missing?: boolean;
}

export interface HostileOptions {
  seed?: number;
  /** items of the big feed (default 100,000) */
  feedItems?: number;
  /** distinct item texts in the big feed; the rest repeat them and are stored once (default 40) */
  feedDistinct?: number;
  /** size of the big page, MB (default 50) */
  bigMb?: number;
  /** depth of the nested HTML (default 10,000) */
  depth?: number;
}

/** mulberry32: a small seeded generator */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A plain article page (what a news site serves, minus the furniture). */
export function page(title: string, text: string, extraHead = ''): string {
  const paras = text.split('\n\n').map((p) => `<p>${esc(p)}</p>`).join('\n');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>${extraHead}</head>\n`
    + `<body><article><h1>${esc(title)}</h1>\n${paras}\n</article></body></html>\n`;
}

const utf16be = (s: string) => {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) { const t = le[i]!; le[i] = le[i + 1]!; le[i + 1] = t; }
  return le;
};

const WORDS = ['the', 'minister', 'said', 'talks', 'would', 'resume', 'border', 'government', 'troops', 'aid', 'president', 'on', 'in', 'with',
  'agreed', 'rejected', 'sanctions', 'against', 'Russia', 'China', 'France', 'Kenya', 'Brazil', 'officials', 'met', 'and', 'to', 'of'];

export async function makeHostile(dir: string, o: HostileOptions = {}): Promise<HostileCase[]> {
  const seed = o.seed ?? 1;
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  let artN = int(0, 1_000_000);
  /** a fresh synthetic article (different each call, different per seed) */
  const art = () => synthArticle(artN++, 7000 + seed);
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  fs.mkdirSync(dir, { recursive: true });
  const cases: HostileCase[] = [];
  const put = (file: string, data: string | Buffer, c: Omit<HostileCase, 'file'>) => {
    fs.writeFileSync(path.join(dir, file), data);
    cases.push({ file, ...c });
  };

  // ---- empty and near-empty -------------------------------------------------------------------
  put('empty.txt', '', { what: 'zero bytes', expect: 'error', reason: 'empty input' });
  const ws = Array.from({ length: int(1, 4000) }, () => pick([' ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\u200b\n'])).join('');
  put('whitespace.txt', ws.replace(/\u200b/g, ' '), { what: 'whitespace only (ASCII and Unicode spaces)', expect: 'error', reason: 'empty input \\(whitespace only\\)' });
  put('whitespace.html', `\n\n${ws.replace(/\u200b/g, '')}\n`, { what: 'an HTML file of whitespace', expect: 'error', reason: 'empty input' });

  // ---- binary -------------------------------------------------------------------------------------
  const bin = Buffer.alloc(int(1000, 200_000));
  for (let i = 0; i < bin.length; i++) bin[i] = int(0, 255);
  bin[int(0, Math.min(8000, bin.length - 1))] = 0;
  put('binary.html', bin, { what: `random bytes with NULs (${bin.length} B)`, expect: 'error', reason: 'binary content' });
  const bin2 = Buffer.alloc(int(1000, 50_000));
  for (let i = 0; i < bin2.length; i++) bin2[i] = int(1, 255);
  put('binary-no-nul.txt', bin2, { what: `random bytes without NULs (${bin2.length} B)`, expect: 'error', reason: 'binary content|invalid UTF-8' });
  // a real image format named .html: PNG signature and chunks
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), bin.subarray(0, 500)]);
  put('image.html', png, { what: 'a PNG named .html', expect: 'error', reason: 'binary content' });

  // ---- gzip -----------------------------------------------------------------------------------------
  const good1 = art();
  const gz = zlib.gzipSync(page(good1.title, good1.text));
  const cut = int(12, gz.length - 9);
  put('truncated.html.gz', gz.subarray(0, cut), { what: `gzip cut at byte ${cut} of ${gz.length}`, expect: 'error', reason: 'corrupt or truncated gzip' });
  const notGz = Buffer.from(page(good1.title, good1.text));
  put('not-gzip.html.gz', notGz, { what: 'plain HTML named .gz', expect: 'error', reason: 'corrupt or truncated gzip' });
  put('gzip-bomb.html.gz', zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 }), { what: 'gzip bomb: 64 MiB of spaces in ~64 KB', expect: 'error', reason: 'too large' });

  // ---- encodings ------------------------------------------------------------------------------------
  const a2 = art();
  const bad = Buffer.from(`${a2.title}\n\n${a2.text}`);
  const seqs = [[0xc3, 0x28], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xe2, 0x82]];
  const at = int(10, bad.length - 10);
  put('invalid-utf8.txt', Buffer.concat([bad.subarray(0, at), Buffer.from(pick(seqs)), bad.subarray(at)]), { what: `invalid UTF-8 sequence at byte ${at}`, expect: 'error', reason: 'invalid UTF-8' });
  const a3 = art(), a4 = art(), a5 = art();
  put('utf16le-bom.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${a3.title}\n\n${a3.text}`, 'utf16le')]), { what: 'UTF-16LE with BOM', expect: 'stored' });
  put('utf16be-bom.html', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(page(a4.title, a4.text))]), { what: 'UTF-16BE with BOM (HTML)', expect: 'stored' });
  put('utf8-bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${a5.title}\n\n${a5.text}`)]), { what: 'UTF-8 with BOM', expect: 'stored' });
  const a6 = art();
  const u16 = Buffer.from(`${a6.title}\n\n${a6.text}`, 'utf16le');
  const sp = int(2, u16.length / 2 - 2) * 2;
  put('utf16-lone-surrogate.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), u16.subarray(0, sp), Buffer.from([0x00, 0xd8]), u16.subarray(sp)]), { what: `UTF-16LE with BOM and a lone high surrogate at byte ${sp + 2}`, expect: 'error', reason: 'UTF-16' });
  put('utf16-odd-length.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(`${a6.title}\n\n${a6.text}`), Buffer.from([0x41])]), { what: 'UTF-16BE with BOM and an odd number of bytes', expect: 'error', reason: 'UTF-16' });
  const a7 = art();
  const latin = Buffer.from(page(`Caf\u00e9 talks in Gen\u00e8ve: ${a7.title}`, a7.text.replace(/the /, 'the d\u00e9l\u00e9gation ')).replace('charset="utf-8"', 'charset="windows-1252"'), 'latin1');
  put('windows-1252.html', latin, { what: 'a windows-1252 page that declares its charset in <meta>', expect: 'stored' });

  // ---- size --------------------------------------------------------------------------------------------
  {
    const bigBytes = (o.bigMb ?? 50) * 1024 * 1024;
    const a = art();
    const fd = fs.openSync(path.join(dir, 'big-50mb.html'), 'w');
    let n = 0;
    const head = `<!doctype html><html><head><title>${esc(a.title)}</title></head><body><article><h1>${esc(a.title)}</h1>\n`;
    fs.writeSync(fd, head); n += head.length;
    const chunk: string[] = [];
    while (n < bigBytes) {
      const p = `<p>${esc(words(int(10, 60)))}.</p>\n`;
      chunk.push(p); n += p.length;
      if (chunk.length >= 2000) { fs.writeSync(fd, chunk.join('')); chunk.length = 0; }
    }
    fs.writeSync(fd, chunk.join('') + '</article></body></html>\n');
    fs.closeSync(fd);
    cases.push({ file: 'big-50mb.html', what: `a ${(n / 1048576).toFixed(0)} MB page (over the 20 MiB default limit)`, expect: 'error', reason: 'too large' });
  }

  // ---- deep and broken HTML ------------------------------------------------------------------------------
  const depth = o.depth ?? 10_000;
  {
    const a = art();
    const paras = a.text.split('\n\n').map((p) => `<p>${esc(p)}</p>`).join('');
    put('deep-nest.html', `<!doctype html><html><head><title>${esc(a.title)}</title></head><body>${'<div>'.repeat(depth)}<h1>${esc(a.title)}</h1>${paras}${'</div>'.repeat(depth)}</body></html>`,
      { what: `${depth}-deep nested <div>s around the article`, expect: 'stored' });
    const b = art();
    const tags = ['div', 'span', 'b', 'i', 'section', 'blockquote', 'li', 'td', 'font', 'a'];
    let soup = '';
    for (let i = 0; i < depth; i++) soup += `<${pick(tags)}${r() < 0.2 ? ` class="c${i}"` : ''}>`;
    put('deep-unclosed.html', `<html><head><title>${esc(b.title)}</title></head><body>${soup}${b.text.split('\n\n').map((p) => `<p>${esc(p)}`).join('\n')}`,
      { what: `${depth} unclosed mixed tags, no closing </body>`, expect: 'either' });
    // random tag soup: fragments of markup in random order, nothing balanced
    const frags = ['<div', '>', '</div>', '<p>', '</p', '<!--', '-->', '<![CDATA[', ']]>', '<script>', '</script>', '<a href="', '"', "'", '&amp', '&#x', '&#99999999;',
      '<table><tr><td>', '</td></table>', '<svg><foreignObject>', '<math>', '<template>', '<', '=', ' ', '\n', words(5), words(12) + '.', '<br/>', '</body>', '<html>', '<head>', '<title>'];
    let rnd = '';
    for (let i = 0, n = int(2000, 20_000); i < n; i++) rnd += pick(frags);
    put('tag-soup.html', rnd, { what: 'random fragments of markup (unbalanced tags, comments, CDATA, entities)', expect: 'either' });
    put('unclosed-comment.html', `<html><body><!-- ${words(50)}<article><p>${esc(art().text)}</p></article></body></html>`, { what: 'an unclosed comment swallowing the page', expect: 'either' });
  }

  // ---- scripts and event handlers ---------------------------------------------------------------------------
  {
    const a = art();
    const MARK = `HOSTILE${int(100000, 999999)}`;
    const evil = [
      `<script>document.title="${MARK}";fetch("http://169.254.169.254/${MARK}")</script>`,
      `<script type="module">import "/${MARK}.js"</script>`,
      `<img src="x" onerror="alert('${MARK}')">`,
      `<svg onload="alert('${MARK}')"><script>alert("${MARK}")</script></svg>`,
      `<iframe srcdoc="<script>parent.alert('${MARK}')</script>"></iframe>`,
      `<a href="javascript:alert('${MARK}')" onclick="alert('${MARK}')" onmouseover="x()"></a>`,
      `<style>body{background:url("javascript:${MARK}")}</style>`,
      `<noscript><meta http-equiv="refresh" content="0;url=javascript:${MARK}"></noscript>`,
      `<object data="data:text/html;base64,${Buffer.from(`<script>${MARK}</script>`).toString('base64')}"></object>`,
      `<template><script>${MARK}</script></template>`,
      `<div hidden style="display:none" onfocus="${MARK}" autofocus tabindex=1></div>`,
      `<math><mtext><table><mglyph><style><img src=x onerror=${MARK}>`,
    ];
    const paras = a.text.split('\n\n');
    let body = '';
    for (const p of paras) body += pick(evil) + pick(evil) + `<p onclick="alert('${MARK}')">${esc(p)}</p>`;
    put('scripts.html', page(a.title, '', `<base href="javascript:${MARK}//"><meta http-equiv="refresh" content="0;url=http://127.0.0.1/${MARK}">${evil.slice(0, 3).join('')}`)
      .replace('</article>', `${body}</article>${evil.join('\n')}`),
    { what: 'an article between scripts, event handlers, javascript: URLs, srcdoc iframes, SVG/MathML tricks', expect: 'stored', forbidden: [MARK] });
  }

  // ---- pathological quoting and punctuation ---------------------------------------------------------------------
  {
    const marks = ['"', '“', '”', '‘', '’', "'", '«', '»', '„', '‚', '‹', '›', '``', "''", '「', '」', '—', '"'];
    const paras: string[] = [];
    for (let k = 0; k < int(20, 60); k++) {
      let p = '';
      const n = int(5, 400);
      for (let i = 0; i < n; i++) p += r() < 0.45 ? pick(marks) : (r() < 0.5 ? `${pick(WORDS)} ` : `${pick(WORDS)} said `);
      paras.push(p);
    }
    paras.push(marks.join('').repeat(int(200, 800)));
    paras.push(`${art().text.replace(/"/g, '“')}`); // opening marks never closed
    put('quotes.txt', paras.join('\n\n'), { what: 'thousands of unbalanced and nested quote marks of every kind', expect: 'stored' });
    put('no-punctuation.txt', words(int(20_000, 40_000)), { what: 'one ~200 KB paragraph with no punctuation or line break', expect: 'stored' });
    put('long-token.txt', `${'x'.repeat(int(500_000, 1_000_000))}\n\n${art().text}`, { what: 'a single token of up to 1 MB, then an article', expect: 'stored' });
    put('newlines.txt', `${art().title}\n${'\n'.repeat(int(100_000, 300_000))}${art().text}`, { what: 'hundreds of thousands of blank lines', expect: 'stored' });
    const ctl = art().text.split('').map((ch) => (r() < 0.02 ? pick(['\x07', '\x1b[31m', '\x0b', '\x0c', '\x7f', '\u202e', '\u2066', '\ufeff']) + ch : ch)).join('');
    put('controls.txt', ctl, { what: 'terminal escapes, bidi overrides and control characters (under the binary threshold)', expect: 'stored' });
    const zal = art().text.split(' ').map((w) => (r() < 0.3 ? w + '\u0301\u0317\u0358\u035c'.repeat(int(1, 30)) : r() < 0.1 ? `${w} \u{1F600}\u{1F1FA}\u{1F1F8}` : w)).join(' ');
    put('combining.txt', zal, { what: 'stacks of combining marks, emoji and flags (astral characters)', expect: 'stored' });
    const per = Array.from({ length: int(2000, 6000) }, () => pick(['.', '?', '!', '...', '. .', 'Mr.', 'U.S.', 'Gen.', '(', ')', '[', ']', ':', ';', ','])).join(' ');
    put('punctuation.txt', `${per}\n\n${art().text}`, { what: 'thousands of sentence ends and abbreviations in a row', expect: 'stored' });
  }

  // ---- JSONL with good and bad lines ---------------------------------------------------------------------
  {
    const lines: string[] = [];
    const partErrors: HostileCase['partErrors'] = [];
    let good = 0;
    const kinds = ['good', 'good', 'good', 'proto', 'notjson', 'array', 'notext', 'blanktext', 'truncated', 'number'] as const;
    const order = [...kinds].sort(() => r() - 0.5);
    for (const k of order) {
      const a = art();
      const n = lines.length + 1;
      if (k === 'good') { lines.push(JSON.stringify({ id: `hostile-jsonl-${n}`, title: a.title, text: a.text, url: a.url, date: a.date })); good++; continue; }
      // keys that break naive code: String({toString: {}}) throws, __proto__ must stay data
      if (k === 'proto') { lines.push(`{"__proto__": {"polluted": 1}, "id": "hostile-proto-${n}", "authors": {"toString": {}}, "source": ["a", {"valueOf": 1}], "text": ${JSON.stringify(a.text)}}`); good++; continue; }
      if (k === 'notjson') lines.push(`{"id": "x", "text": ${a.text.slice(0, 20)}`);
      if (k === 'truncated') lines.push(JSON.stringify({ id: 'y', text: a.text }).slice(0, int(5, 40)));
      if (k === 'array') lines.push(JSON.stringify([a.title, a.text]));
      if (k === 'number') lines.push(String(int(0, 1e9)));
      if (k === 'notext') lines.push(JSON.stringify({ id: 'z', title: a.title, body: a.text }));
      if (k === 'blanktext') lines.push(JSON.stringify({ id: 'w', text: '   \n ' }));
      partErrors.push({ input: `:${n}`, reason: { notjson: 'not JSON', truncated: 'not JSON', array: 'not an object', number: 'not an object', notext: 'no "text" or "html"', blanktext: 'no "text" or "html"' }[k] });
    }
    put('mixed.jsonl', lines.join('\n') + '\n', { what: `JSONL: ${good} good lines among ${lines.length - good} broken ones`, expect: 'stored', docs: good, partErrors });
  }

  // ---- feeds -----------------------------------------------------------------------------------------------
  {
    const items = o.feedItems ?? 100_000;
    const distinct = Math.min(items, o.feedDistinct ?? 40);
    const texts = Array.from({ length: distinct }, () => art());
    const fd = fs.openSync(path.join(dir, 'feed-100k.rss'), 'w');
    fs.writeSync(fd, `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Hostile Wire</title><link>https://hostile.example/</link><description>x</description>\n`);
    const buf: string[] = [];
    for (let i = 0; i < items; i++) {
      const a = texts[i % distinct]!;
      // short items (a 100,000-item feed stays under the 20 MiB default limit): every 1000th has a title
      buf.push(`<item>${i % 1000 ? '' : `<title>${esc(a.title)}</title>`}<link>https://h.example/${i}</link><description>${esc(a.text.split(',')[0]!)}. Report ${i % distinct}.</description></item>\n`);
      if (buf.length >= 5000) { fs.writeSync(fd, buf.join('')); buf.length = 0; }
    }
    fs.writeSync(fd, buf.join('') + '</channel></rss>\n');
    fs.closeSync(fd);
    cases.push({ file: 'feed-100k.rss', what: `an RSS feed of ${items} items (${distinct} distinct texts, the rest repeats)`, expect: 'stored', docs: distinct });

    const a = art();
    put('billion-laughs.rss', `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>\n`
      + `<rss version="2.0"><channel><title>&lol9;</title><item><title>${esc(a.title)}</title><link>https://hostile.example/laughs</link><description>${esc(a.text)} &lol9;</description></item></channel></rss>\n`,
    { what: 'XML entity expansion (billion laughs)', expect: 'either', forbidden: ['lollollollollollollollollollollollollollollollollollollollollollol'] });
    const b = art();
    const secret = fs.existsSync('/etc/hostname') ? '/etc/hostname' : '/etc/passwd';
    const secretText = fs.readFileSync(secret, 'utf8').trim().split('\n')[0]!.slice(0, 40);
    put('xxe.rss', `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://${secret}">]>\n`
      + `<rss version="2.0"><channel><title>XXE</title><item><title>${esc(b.title)}</title><link>https://hostile.example/xxe</link><description>${esc(b.text)} &xxe;</description></item></channel></rss>\n`,
    { what: `XML external entity pointing at ${secret}`, expect: 'either', forbidden: secretText.length >= 6 ? [secretText] : [] });
    put('not-a-feed.xml', `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><text>${esc(words(30))}</text></svg>`, { what: 'an XML file that is no feed', expect: 'error', reason: 'not an RSS or Atom feed' });
    put('truncated-feed.rss', `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>${esc(a.title)}</title><description>${esc(a.text.slice(0, int(30, 200)))}`, { what: 'a feed cut in the middle of an item', expect: 'either' });
  }

  // ---- names ----------------------------------------------------------------------------------------------
  put('report.pdf', '%PDF-1.4\n', { what: 'an unknown file type', expect: 'error', reason: 'unknown file type' });
  cases.push({ file: 'does-not-exist.txt', what: 'a path that does not exist', expect: 'error', reason: 'no such file', missing: true });

  // ---- good inputs in the same batch ------------------------------------------------------------------------
  for (let i = 0; i < 4; i++) {
    const a = art();
    put(`good-${i + 1}.txt`, `${a.title}\n\n${a.text}\n`, { what: 'a plain-text article', expect: 'stored' });
  }
  for (let i = 0; i < 2; i++) {
    const a = art();
    put(`good-${i + 1}.html`, page(a.title, a.text), { what: 'an article page', expect: 'stored' });
  }
  const g = art();
  put('good.html.gz', zlib.gzipSync(page(g.title, g.text)), { what: 'a gzipped article page', expect: 'stored' });

  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ seed, cases }, null, 1));
  return cases;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const args = process.argv.slice(2);
  const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : undefined; };
  const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!dir) { console.error('usage: npx tsx scripts/make-hostile.ts <dir> [--seed N] [--feed-items N] [--feed-distinct N] [--big-mb N] [--depth N]'); process.exit(2); }
  const cases = await makeHostile(dir, { seed: opt('--seed'), feedItems: opt('--feed-items'), feedDistinct: opt('--feed-distinct'), bigMb: opt('--big-mb'), depth: opt('--depth') });
  const by = (e: Expect) => cases.filter((c) => c.expect === e).length;
  console.log(`${cases.length} inputs in ${dir}: ${by('stored')} good, ${by('error')} bad, ${by('either')} either (manifest.json)`);
}
