/**
 * The JSON API under /api over a Store (only the Store interface, so any backend serves).
 * Every bad parameter is a 400 naming it; writes need the ingest token (403 when none is configured).
 */
import crypto from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Store } from '../store/types.js';
import { contentHash } from '../store/hash.js';
import type { RawDocument } from '../read/types.js';
import type { DyadRecord } from '../record.js';
import {
  HttpError, actorFilters, articleFilters, dyadOptions, eventFilters, int, oneOf, page, quoteFilters, str, bool,
  compact, type Query,
} from './params.js';
import { network, type NetworkLevel } from './network.js';
import { LruText } from './cache.js';
import { json } from './reply.js';

export interface ApiOptions {
  /** bearer token that allows POST /api/articles; none: the API is read-only */
  ingestToken?: string | null;
  /** largest request body of POST /api/extract and /api/articles, bytes */
  maxExtractBytes: number;
  /** characters of serialized records kept in memory (default 64 Mi; 0: no cache) */
  recordCacheChars?: number;
  /** called after the API wrote to the store */
  onWrite?: () => void;
}

/** Reads the article of an extract/ingest request: JSON {text|html, url, title, date, source, authors}, text/plain or text/html. */
async function readArticleBody(c: Context): Promise<RawDocument> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  let raw: Partial<RawDocument>;
  if (type === 'application/json') {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new HttpError(400, 'request body is not valid JSON');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'request body must be a JSON object with "text" or "html"');
    const b = body as Record<string, unknown>;
    const s = (k: string): string | undefined => {
      const v = b[k];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'string') throw new HttpError(400, `field "${k}" must be a string`);
      return v;
    };
    let authors: string[] | string | undefined;
    if (Array.isArray(b.authors) && b.authors.every((a) => typeof a === 'string')) authors = b.authors as string[];
    else authors = s('authors');
    raw = compact({ text: s('text'), html: s('html'), url: s('url'), title: s('title'), date: s('date'), source: s('source'), authors });
    if (raw.text !== undefined && raw.html !== undefined) throw new HttpError(400, 'give either "text" or "html", not both');
  } else if (type === 'text/plain') {
    raw = { text: await c.req.text() };
  } else if (type === 'text/html') {
    raw = { html: await c.req.text() };
  } else {
    throw new HttpError(415, `content type must be application/json, text/plain or text/html, got "${type || 'none'}"`);
  }
  const content = raw.text ?? raw.html;
  if (content === undefined || !content.trim()) throw new HttpError(400, 'no article: "text" or "html" is missing or empty');
  const hash = contentHash(raw);
  return { ...raw, id: `api-${hash.slice(0, 16)}`, format: raw.html !== undefined ? 'html' : 'text', path: null };
}

/** The pipeline is loaded on the first extract request: its knowledge files take seconds to load, serving does not need them. */
let pipeline: Promise<typeof import('../pipeline.js')> | null = null;

async function runPipeline(raw: RawDocument): Promise<DyadRecord> {
  pipeline ??= import('../pipeline.js');
  const { extractDocument } = await pipeline;
  try {
    return extractDocument(raw);
  } catch (e) {
    throw new HttpError(400, `extraction failed: ${(e as Error).message}`);
  }
}

function sameToken(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

export function apiRoutes(store: Store, opts: ApiOptions): Hono {
  const api = new Hono();
  const query = (c: Context): Query => c.req.query();
  const limitBody = bodyLimit({
    maxSize: opts.maxExtractBytes,
    onError: () => { throw new HttpError(413, `request body larger than ${opts.maxExtractBytes} bytes`); },
  });

  api.get('/', (c) => c.json({
    name: 'dyad', openapi: '/openapi.json',
    endpoints: ['/api/stats', '/api/articles', '/api/articles/{id}', '/api/entities', '/api/quotes', '/api/events', '/api/dyads/{a}/{b}', '/api/network', '/api/search', 'POST /api/extract', 'POST /api/articles'],
    ingest: !!opts.ingestToken,
  }));

  api.get('/stats', async (c) => json(c, await store.stats()));

  api.get('/articles', async (c) => json(c, await store.listArticles(articleFilters(query(c)))));

  const records = new LruText(opts.recordCacheChars ?? 64 * 1024 * 1024);
  api.get('/articles/:id', async (c) => {
    const id = c.req.param('id');
    let json = records.get(id)?.body;
    if (json === undefined) {
      const rec = await store.getArticle(id);
      if (!rec) throw new HttpError(404, `no article "${id}"`);
      json = JSON.stringify(rec);
      records.set(id, { size: json.length, body: json });
    }
    return c.body(json, 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  api.get('/entities', async (c) => json(c, await store.actors(actorFilters(query(c)))));
  api.get('/quotes', async (c) => json(c, await store.quotes(quoteFilters(query(c)))));
  api.get('/events', async (c) => json(c, await store.events(eventFilters(query(c)))));

  api.get('/dyads/:a/:b', async (c) => {
    const a = c.req.param('a'), b = c.req.param('b');
    const { by, ...o } = dyadOptions(query(c));
    return json(c, { a, b, by, buckets: await store.dyad(a, b, by, o) });
  });

  api.get('/network', async (c) => {
    const q = query(c);
    const level = oneOf(q, 'level', ['code', 'name'] as const) ?? 'code';
    const f = eventFilters({ ...q, limit: undefined, offset: undefined });
    f.limit = int(q, 'limit', 1, 5000) ?? 2000;
    f.offset = 0;
    return json(c, await network(store, f, level as NetworkLevel));
  });

  api.get('/search', async (c) => {
    const q = query(c);
    const text = str(q, 'q');
    if (!text) throw new HttpError(400, 'parameter "q" is required');
    const where = oneOf(q, 'in', ['articles', 'quotes', 'all'] as const);
    return json(c, await store.search(text, compact({ ...page(q), in: where, includeDuplicates: bool(q, 'duplicates') })));
  });

  api.post('/extract', limitBody, async (c) => c.json(await runPipeline(await readArticleBody(c))));

  api.post('/articles', limitBody, async (c) => {
    if (!opts.ingestToken) throw new HttpError(403, 'this server is read-only: start it with --ingest-token to allow ingest');
    const auth = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    if (!m || !sameToken(m[1]!.trim(), opts.ingestToken)) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new HttpError(401, 'missing or wrong ingest token (send "Authorization: Bearer <token>")');
    }
    const raw = await readArticleBody(c);
    const hash = contentHash(raw);
    const rec = await runPipeline(raw);
    const r = await store.putRecords([{ record: rec, hash }]);
    if (r.inserted) opts.onWrite?.();
    return c.json({ id: r.ids[0] ?? null, inserted: r.inserted, skipped: r.skipped, nearDuplicates: r.nearDuplicates }, r.inserted ? 201 : 200);
  });

  return api;
}
