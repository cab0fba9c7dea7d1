/**
 * Input readers that ingest adds to dyad's input discovery (registered with registerReader, so folders
 * pick them up too): WARC / WARC.gz (response and resource records holding HTML, via warcio) and
 * RSS / Atom feeds (via @rowanmanning/feed-parser). Feed items carrying only a summary can have their
 * article page fetched instead (followLinks).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { WARCRecord } from 'warcio';
import type { parseFeed as ParseFeed } from '@rowanmanning/feed-parser';
import { registerReader, idFromPath, type InputItem, type InputOptions } from '../read/inputs.js';
import type { RawDocument } from '../read/types.js';
import { decodeBody, fetchUrl, type FetchOptions } from './fetch.js';

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)/i;

// the parsers load on first use: ingesting JSONL or text never pays for them
let parseHTML: typeof import('linkedom').parseHTML | null = null;
async function loadLinkedom(): Promise<void> {
  parseHTML ??= (await import('linkedom')).parseHTML;
}

/** Streams the HTML pages of a WARC (or gzipped WARC) as RawDocuments. */
export async function* readWarc(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, name: string, opts: Required<InputOptions>): AsyncIterable<InputItem> {
  const base = idFromPath(name);
  let n = 0;
  try {
    const { WARCParser } = await import('warcio');
    for await (const rec of WARCParser.iterRecords(source) as AsyncIterable<WARCRecord>) {
      n++;
      const type = rec.warcType;
      if (type !== 'response' && type !== 'resource') continue;
      const url = rec.warcTargetURI ?? null;
      const where = `${name}#${n}${url ? ` ${url}` : ''}`;
      let ctype = '';
      if (type === 'response') {
        if (!rec.httpHeaders) continue; // not HTTP (dns:, etc.)
        const status = Number(rec.httpHeaders.statusCode);
        if (status !== 200) continue;
        ctype = rec.httpHeaders.headers.get('content-type') ?? '';
      } else {
        ctype = rec.warcContentType ?? '';
      }
      if (!HTML_TYPES.test(ctype)) continue;
      if (rec.warcContentLength > opts.maxBytes * 2) { yield { input: where, error: `too large (${rec.warcContentLength} bytes, limit ${opts.maxBytes})` }; continue; }
      let html: string;
      try {
        const body = Buffer.from(await rec.readFully(true));
        if (body.length > opts.maxBytes) { yield { input: where, error: `too large (${body.length} bytes, limit ${opts.maxBytes})` }; continue; }
        html = decodeBody(body, ctype);
      } catch (e) {
        yield { input: where, error: `unreadable record (${(e as Error).message})` };
        continue;
      }
      if (!html.trim()) { yield { input: where, error: 'empty page' }; continue; }
      yield { id: `${base}-${n}`, html, url, date: rec.warcDate ?? null, path: name, format: 'warc', line: n } satisfies RawDocument;
    }
  } catch (e) {
    yield { input: `${name}#${n + 1}`, error: `WARC read failed (${(e as Error).message})` };
  }
}

/** Plain text of an HTML fragment: block elements become paragraphs separated by blank lines. */
export async function htmlFragmentText(html: string): Promise<string> {
  if (!/[<&]/.test(html)) return html.trim();
  await loadLinkedom();
  const { document } = parseHTML!(`<!doctype html><html><body><div id="x">${html}</div></body></html>`);
  const root = document.getElementById('x');
  if (!root) return '';
  for (const el of Array.from(root.querySelectorAll('script, style, noscript, figure, iframe'))) el.remove();
  const blocks: string[] = [];
  let cur = '';
  const BLOCK = /^(P|DIV|H[1-6]|LI|BLOCKQUOTE|SECTION|ARTICLE|HEADER|FOOTER|UL|OL|TABLE|TR|PRE|BR|HR)$/;
  const walk = (node: Node) => {
    for (const ch of Array.from(node.childNodes)) {
      if (ch.nodeType === 3) cur += ch.textContent ?? '';
      else if (ch.nodeType === 1) {
        const tag = (ch as Element).tagName.toUpperCase();
        const block = BLOCK.test(tag);
        if (block && cur.trim()) { blocks.push(cur); cur = ''; }
        walk(ch);
        if (block && cur.trim()) { blocks.push(cur); cur = ''; }
      }
    }
  };
  walk(root as unknown as Node);
  if (cur.trim()) blocks.push(cur);
  return blocks.map((b) => b.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n\n');
}

export interface FeedOptions {
  /** fetch the article page of items whose content is only a summary (shorter than minChars) */
  followLinks?: boolean;
  fetch?: FetchOptions;
  /** content shorter than this (characters of text) counts as a summary (default 600) */
  minChars?: number;
}

/** The articles of an RSS/Atom feed: each item's content as text, or its page when followLinks. */
export async function* readFeedXml(xml: string, name: string, o: FeedOptions = {}): AsyncIterable<InputItem> {
  let feed: ReturnType<typeof ParseFeed>;
  try { feed = (await import('@rowanmanning/feed-parser')).parseFeed(xml); } catch (e) { yield { input: name, error: `not an RSS or Atom feed (${(e as Error).message})` }; return; }
  // feed-level values, computed once: each item's url/authors getter falls back to them and they search the
  // whole feed, which made reading a feed quadratic (8,000 items: 54 s; 100,000 never ended)
  for (const k of ['url', 'authors', 'categories', 'title'] as const) {
    try { Object.defineProperty(feed, k, { value: feed[k], configurable: true }); } catch { /* keep the getter */ }
  }
  const base = idFromPath(name.replace(/[?#].*$/, '')) || 'feed';
  const minChars = o.minChars ?? 600;
  let n = 0;
  for (const item of feed.items) {
    n++;
    const where = `${name}#${n}`;
    const url = item.url ?? null;
    const content = await htmlFragmentText(item.content ?? '');
    const summary = await htmlFragmentText(item.description ?? '');
    const text = content.length >= summary.length ? content : summary;
    const date = (item.published ?? item.updated)?.toISOString() ?? null;
    const authors = item.authors.map((a) => a.name).filter((x): x is string => !!x);
    const id = `${base}-${(item.id ?? url ?? String(n)).replace(/^.*[/:]/, '').replace(/[^\w.-]+/g, '-').slice(0, 80) || n}`;
    if (o.followLinks && url && text.length < minChars) {
      try {
        const page = await fetchUrl(url, o.fetch);
        yield { id, html: decodeBody(page.body, page.contentType), url: page.url, title: item.title, date, authors, source: feed.title, path: name, format: 'feed', line: n };
        continue;
      } catch (e) {
        if (!text) { yield { input: `${where} ${url}`, error: `fetch failed (${(e as Error).message})` }; continue; }
      }
    }
    if (!text.trim()) { yield { input: where, error: 'feed item has no content' }; continue; }
    yield { id, text, url, title: item.title, date, authors, source: feed.title, path: name, format: 'feed', line: n };
  }
  // an empty or truncated feed says so instead of passing silently
  if (!n) yield { input: name, error: 'feed has no items (empty or truncated)' };
}

let followFileFeeds = false;
let fileFeedFetch: FetchOptions = {};
/** Whether feeds read from files fetch the pages of summary-only items (set by `dyad ingest --follow-links`). */
export function setFeedFileOptions(follow: boolean, fetch: FetchOptions = {}): void {
  followFileFeeds = follow;
  fileFeedFetch = fetch;
}

export const WARC_ENDINGS = ['.warc', '.warc.gz'];
export const FEED_ENDINGS = ['.rss', '.atom', '.rss.xml', '.atom.xml', '.xml'];

let registered = false;
export function registerIngestReaders(): void {
  if (registered) return;
  registered = true;
  registerReader({
    endings: WARC_ENDINGS,
    read: (f, o) => readWarc(fs.createReadStream(f), f, o),
  });
  registerReader({
    endings: FEED_ENDINGS,
    read: async function* (f, o) {
      let xml: string;
      try {
        const st = await fs.promises.stat(f);
        if (st.size > o.maxBytes) { yield { input: f, error: `too large (${st.size} bytes, limit ${o.maxBytes})` }; return; }
        xml = decodeBody(await fs.promises.readFile(f), '');
      } catch (e) { yield { input: f, error: (e as Error).message }; return; }
      yield* readFeedXml(xml, path.normalize(f), { followLinks: followFileFeeds, fetch: fileFeedFetch });
    },
  });
}

registerIngestReaders();
