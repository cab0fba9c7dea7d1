/**
 * Input discovery: turns the paths a user names (files, folders, `-` for stdin) into a stream of
 * RawDocuments, one per article, or InputErrors that name the input and the reason.
 * Streaming: JSONL is read line by line, so memory stays flat on any input size.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import type { InputError, RawDocument } from './types.js';

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export interface InputOptions {
  /** largest document accepted, in bytes (default 20 MiB) */
  maxBytes?: number;
}

export type InputItem = RawDocument | InputError;
export const isInputError = (x: InputItem): x is InputError => (x as InputError).error !== undefined;

/** A reader for one kind of file, chosen by the file name's ending. Others (WARC, feeds) register here. */
export interface FileReader {
  /** lower-case endings this reader takes, longest first wins: ".jsonl.gz", ".html" */
  endings: string[];
  read(file: string, opts: Required<InputOptions>): AsyncIterable<InputItem>;
}

const readers: FileReader[] = [];
export function registerReader(r: FileReader): void {
  readers.push(r);
}

export function readerFor(file: string): FileReader | undefined {
  const lower = file.toLowerCase();
  let best: FileReader | undefined, bestLen = 0;
  for (const r of readers) for (const e of r.endings) if (lower.endsWith(e) && e.length > bestLen) { best = r; bestLen = e.length; }
  return best;
}

export function idFromPath(file: string): string {
  const base = path.basename(file);
  for (const r of readers) for (const e of [...r.endings].sort((a, b) => b.length - a.length)) {
    if (base.toLowerCase().endsWith(e)) return base.slice(0, base.length - e.length);
  }
  return base.replace(/\.[^.]+$/, '');
}

/**
 * Decodes bytes to text the way a browser would for a document without a declared charset:
 * BOMs (UTF-8, UTF-16LE/BE) honoured; otherwise strict UTF-8. Throws a one-line reason on bad input.
 */
export function decodeText(buf: Buffer): string {
  if (buf.length === 0) throw new Error('empty input');
  let text: string;
  const utf16 = buf[0] === 0xff && buf[1] === 0xfe ? 'utf-16le' : buf[0] === 0xfe && buf[1] === 0xff ? 'utf-16be' : null;
  if (utf16) {
    try { text = new TextDecoder(utf16, { fatal: true }).decode(buf.subarray(2)); } catch { throw new Error(`invalid ${utf16.toUpperCase()} (byte-order mark, then bytes that are not UTF-16)`); }
  } else {
    // Binary sniff on the first 8 KiB: NUL bytes or many control characters mean it is not text.
    const head = buf.subarray(0, 8192);
    let ctrl = 0;
    for (const b of head) {
      if (b === 0) throw new Error('binary content (NUL bytes), not text');
      if (b < 9 || (b > 13 && b < 32)) ctrl++;
    }
    if (ctrl > head.length * 0.1) throw new Error('binary content (control bytes), not text');
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
    } catch {
      throw new Error('invalid UTF-8');
    }
  }
  if (!text.trim()) throw new Error('empty input (whitespace only)');
  return text;
}

/**
 * Decodes an HTML file: as decodeText, but a page that is not UTF-8 and declares its charset in a <meta>
 * (windows-1252, ISO-8859-x, Shift_JIS, ...) is decoded with that charset, as a browser would.
 */
export function decodeHtml(buf: Buffer): string {
  try {
    return decodeText(buf);
  } catch (e) {
    if ((e as Error).message !== 'invalid UTF-8') throw e;
    const head = buf.subarray(0, 4096).toString('latin1');
    const cs = /<meta[^>]+charset\s*=\s*["']?([\w:.-]+)/i.exec(head)?.[1];
    if (!cs || /^utf-?(8|16)/i.test(cs)) throw e;
    let text: string;
    try { text = new TextDecoder(cs).decode(buf); } catch { throw new Error(`invalid UTF-8, and the declared charset "${cs.slice(0, 40)}" is unknown`); }
    if (!text.trim()) throw new Error('empty input (whitespace only)');
    return text;
  }
}

async function readWhole(file: string, maxBytes: number): Promise<Buffer> {
  const st = await fs.promises.stat(file);
  if (file.toLowerCase().endsWith('.gz')) {
    if (st.size > maxBytes) throw new Error(`too large (${st.size} bytes compressed, limit ${maxBytes})`);
    const chunks: Buffer[] = [];
    let total = 0;
    const gunzip = fs.createReadStream(file).pipe(zlib.createGunzip());
    try {
      for await (const c of gunzip) {
        total += (c as Buffer).length;
        if (total > maxBytes) { gunzip.destroy(); throw new Error(`too large (over ${maxBytes} bytes uncompressed)`); }
        chunks.push(c as Buffer);
      }
    } catch (e) {
      const msg = (e as Error).message;
      if (/too large/.test(msg)) throw e;
      throw new Error(`corrupt or truncated gzip (${msg})`);
    }
    return Buffer.concat(chunks);
  }
  if (st.size > maxBytes) throw new Error(`too large (${st.size} bytes, limit ${maxBytes}; raise --max-bytes)`);
  return fs.promises.readFile(file);
}

const looksLikeHtml = (s: string) => /^\s*(<!doctype html|<html|<head|<body|<!--|<meta|<div|<article)/i.test(s);

async function* readSingle(file: string, kind: 'text' | 'html', opts: Required<InputOptions>): AsyncIterable<InputItem> {
  try {
    const buf = await readWhole(file, opts.maxBytes);
    const text = kind === 'html' ? decodeHtml(buf) : decodeText(buf);
    const id = idFromPath(file);
    yield kind === 'html' ? { id, html: text, path: file, format: 'html' } : { id, text, path: file, format: 'text' };
  } catch (e) {
    yield { input: file, error: (e as Error).message };
  }
}

/** Turns one parsed JSONL object into a RawDocument, or explains why it cannot. */
export function rawFromJson(o: unknown, input: string, fallbackId: string): RawDocument | InputError {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return { input, error: 'JSON line is not an object' };
  const r = o as Record<string, unknown>;
  // objects as JSON: String() throws on {"toString": {}} (a JSON line can set it), which ended the whole file
  const str = (v: unknown) => (typeof v === 'string' ? v : v == null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const text = typeof r.text === 'string' ? r.text : undefined;
  const html = typeof r.html === 'string' ? r.html : undefined;
  if (!text?.trim() && !html?.trim()) return { input, error: 'JSON line has no "text" or "html"' };
  const authors = Array.isArray(r.authors) ? r.authors.map((x) => str(x) ?? '').filter(Boolean) : str(r.authors);
  return {
    id: str(r.id) ?? fallbackId,
    ...(html !== undefined && !text?.trim() ? { html } : { text }),
    url: str(r.url), title: str(r.title), date: str(r.date), authors, source: str(r.source),
  };
}

async function* readJsonl(stream: Readable, name: string, opts: Required<InputOptions>): AsyncIterable<InputItem> {
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  const base = idFromPath(name);
  try {
    for await (const line of rl) {
      n++;
      if (!line.trim()) continue;
      const input = `${name}:${n}`;
      if (line.length > opts.maxBytes) { yield { input, error: `line too large (${line.length} chars)` }; continue; }
      let o: unknown;
      try { o = JSON.parse(line); } catch (e) { yield { input, error: `not JSON (${(e as Error).message.split('\n')[0]})` }; continue; }
      const raw = rawFromJson(o, input, `${base}-${n}`);
      if ('error' in raw) { yield raw; continue; }
      yield { ...raw, path: name, format: 'jsonl', line: n };
    }
  } catch (e) {
    yield { input: `${name}:${n + 1}`, error: `read failed (${(e as Error).message})` };
  }
}

registerReader({ endings: ['.txt', '.text'], read: (f, o) => readSingle(f, 'text', o) });
registerReader({ endings: ['.html', '.htm', '.html.gz', '.htm.gz', '.xhtml'], read: (f, o) => readSingle(f, 'html', o) });
registerReader({
  endings: ['.jsonl', '.jsonl.gz', '.ndjson'],
  read: (f, o) => {
    const s = fs.createReadStream(f);
    return readJsonl(f.toLowerCase().endsWith('.gz') ? s.pipe(zlib.createGunzip()) : s, f, o);
  },
});

async function* walk(dir: string): AsyncIterable<string> {
  const entries = await fs.promises.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile() && readerFor(p)) yield p;
  }
}

async function* readStdin(opts: Required<InputOptions>): AsyncIterable<InputItem> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of process.stdin) {
    total += (c as Buffer).length;
    if (total > opts.maxBytes * 4) { yield { input: '-', error: `too large (over ${opts.maxBytes * 4} bytes on stdin)` }; return; }
    chunks.push(c as Buffer);
  }
  let text: string;
  try { text = decodeText(Buffer.concat(chunks)); } catch (e) { yield { input: '-', error: (e as Error).message }; return; }
  const first = text.trimStart();
  if (first.startsWith('{')) { yield* readJsonl(Readable.from([text]), '-', opts); return; }
  yield looksLikeHtml(text) ? { id: 'stdin', html: text, path: '-', format: 'html' } : { id: 'stdin', text, path: '-', format: 'text' };
}

/** Streams every document of every named input. Errors come out as items, never as exceptions. */
export async function* readInputs(inputs: string[], options: InputOptions = {}): AsyncIterable<InputItem> {
  const opts: Required<InputOptions> = { maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES };
  for (const input of inputs) {
    if (input === '-') { yield* readStdin(opts); continue; }
    let st: fs.Stats;
    try { st = await fs.promises.stat(input); } catch { yield { input, error: 'no such file or folder' }; continue; }
    if (st.isDirectory()) {
      for await (const f of walk(input)) yield* readerFor(f)!.read(f, opts);
      continue;
    }
    const r = readerFor(input);
    if (!r) {
      yield { input, error: `unknown file type "${path.extname(input) || path.basename(input)}" (known: ${readers.flatMap((x) => x.endings).join(' ')})` };
      continue;
    }
    yield* r.read(input, opts);
  }
}
