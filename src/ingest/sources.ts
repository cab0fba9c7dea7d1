/**
 * Everything `dyad ingest` reads: every input kind of `dyad extract` (files, folders, stdin, JSONL),
 * plus WARC and RSS/Atom files (./readers.ts) and http(s) URLs of pages, feeds and WARCs.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import readline from 'node:readline';
import path from 'node:path';
import { readInputs, readerFor, type InputItem, type InputOptions, DEFAULT_MAX_BYTES } from '../read/inputs.js';
import { decodeBody, fetchUrl, isUrl, type FetchOptions } from './fetch.js';
import { readFeedXml, readWarc, WARC_ENDINGS } from './readers.js';

export interface SourceOptions extends InputOptions {
  fetch?: FetchOptions;
  /** feeds from URLs: fetch the page of items that carry only a summary (default true) */
  followLinks?: boolean;
}

const FEED_TYPES = /(rss|atom|application\/xml|text\/xml|application\/rdf)/i;
const looksLikeFeed = (s: string) => /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(rss|feed|rdf:RDF)\b/i.test(s.slice(0, 2000));

/** Reads one URL: a feed (its articles), a WARC (its pages), an HTML page or a plain-text document. */
export async function* readUrl(url: string, o: SourceOptions = {}): AsyncIterable<InputItem> {
  const fetchOpts: FetchOptions = { maxBytes: o.maxBytes ?? DEFAULT_MAX_BYTES, ...o.fetch };
  let page;
  try { page = await fetchUrl(url, fetchOpts); } catch (e) { yield { input: url, error: `fetch failed (${(e as Error).message})` }; return; }
  const ctype = page.contentType.toLowerCase();
  const lowerPath = new URL(page.url).pathname.toLowerCase();
  if (ctype.includes('application/warc') || WARC_ENDINGS.some((e) => lowerPath.endsWith(e))) {
    yield* readWarc([page.body], page.url, { maxBytes: fetchOpts.maxBytes ?? DEFAULT_MAX_BYTES });
    return;
  }
  const body = decodeBody(page.body, page.contentType);
  if (!body.trim()) { yield { input: url, error: 'empty response' }; return; }
  if ((FEED_TYPES.test(ctype) && looksLikeFeed(body)) || looksLikeFeed(body)) {
    yield* readFeedXml(body, page.url, { followLinks: o.followLinks ?? true, fetch: fetchOpts });
    return;
  }
  const id = (new URL(page.url).pathname.split('/').filter(Boolean).pop() ?? 'page').replace(/\.[a-z]+$/i, '').replace(/[^\w.-]+/g, '-') || 'page';
  if (ctype.startsWith('text/plain')) { yield { id, text: body, url: page.url, format: 'text' }; return; }
  if (ctype && !/html|xml/.test(ctype)) { yield { input: url, error: `not a page or feed (${ctype.split(';')[0]})` }; return; }
  yield { id, html: body, url: page.url, format: 'html' };
}

/** Streams every document of every input, URLs included; errors come out as items. */
export async function* readSources(inputs: string[], o: SourceOptions = {}): AsyncIterable<InputItem> {
  for (const input of inputs) {
    if (isUrl(input)) yield* readUrl(input, o);
    else yield* readInputs([input], o);
  }
}

async function countLines(file: string): Promise<number> {
  let s: NodeJS.ReadableStream = fs.createReadStream(file);
  if (file.toLowerCase().endsWith('.gz')) s = s.pipe(zlib.createGunzip());
  let n = 0;
  for await (const line of readline.createInterface({ input: s, crlfDelay: Infinity })) if (line.trim()) n++;
  return n;
}

/**
 * How many documents the inputs hold, for the progress bar's ETA: JSONL lines, one per text/HTML file;
 * null when unknown (URLs, stdin, WARC and feed files) or when counting fails.
 */
export async function countDocuments(inputs: string[]): Promise<number | null> {
  let total = 0;
  const countFile = async (f: string): Promise<number | null> => {
    const lower = f.toLowerCase();
    if (/\.(jsonl|ndjson)(\.gz)?$/.test(lower)) return countLines(f);
    if (WARC_ENDINGS.some((e) => lower.endsWith(e)) || /\.(rss|atom|xml)$/.test(lower)) return null;
    return readerFor(f) ? 1 : 0;
  };
  const walk = async (dir: string): Promise<number | null> => {
    let n = 0;
    for (const e of await fs.promises.readdir(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      const c = e.isDirectory() ? await walk(p) : e.isFile() ? await countFile(p) : 0;
      if (c === null) return null;
      n += c;
    }
    return n;
  };
  try {
    for (const input of inputs) {
      if (input === '-' || isUrl(input)) return null;
      const st = await fs.promises.stat(input);
      const c = st.isDirectory() ? await walk(input) : await countFile(input);
      if (c === null) return null;
      total += c;
    }
  } catch {
    return null;
  }
  return total;
}
