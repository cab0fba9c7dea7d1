/**
 * The web app over a Store: the JSON API under /api (api.ts), its OpenAPI description at /openapi.json,
 * server-rendered pages (views.ts) and local static assets. Only the Store interface is used, so the
 * SQLite and PostgreSQL backends serve alike.
 */
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { EventRow, Store } from '../store/types.js';
import { apiRoutes } from './api.js';
import { assets } from './assets.js';
import { openapi } from './openapi.js';
import {
  HttpError, actorFilters, articleFilters, compact, date, dyadOptions, eventFilters, oneOf, page, quoteFilters, str, type Query,
} from './params.js';
import {
  actorView, actorsView, articleView, dyadView, errorPage, eventsView, homeView, networkView, quotesView, searchView, type Partner,
} from './views.js';
import { network } from './network.js';
import { ResponseCache } from './cache.js';
import { cacheAs, page as sendPage } from './reply.js';

export interface AppOptions {
  /** bearer token that allows POST /api/articles; absent: read-only */
  ingestToken?: string | null;
  /** largest body of POST /api/extract and /api/articles (default 2 MiB) */
  maxExtractBytes?: number;
  /** characters of serialized article records cached in memory (default 64 Mi; 0: none) */
  recordCacheChars?: number;
  /** characters of GET responses (API and pages) cached in memory (default 64 Mi; 0: no response cache) */
  responseCacheChars?: number;
  /** how often the response cache asks the store whether articles were added, ms (default 2000) */
  revalidateMs?: number;
}

export const DEFAULT_MAX_EXTRACT_BYTES = 2 * 1024 * 1024;

/** Content-Security-Policy: scripts only from this server (article text cannot run code even if it got through). */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const isApiPath = (path: string): boolean => path.startsWith('/api') || path === '/openapi.json';

function errorResponse(c: Context, status: number, message: string, code?: string): Response | Promise<Response> {
  const s = status as ContentfulStatusCode;
  if (isApiPath(c.req.path)) {
    return c.json({ error: { status, code: code ?? new HttpError(status, '').code, message } }, s);
  }
  return c.html(errorPage(status, message), s);
}

const sameActor = (side: { name: string; code: string | null } | null, key: string): boolean =>
  !!side && ((!!side.code && side.code.toLowerCase() === key.toLowerCase()) || side.name.toLowerCase() === key.toLowerCase());

/** Counterparts of an actor in its events: the other side, by code when it has one. */
function partnersOf(key: string, rows: EventRow[]): Partner[] {
  const acc = new Map<string, Partner & { sum: number; n: number }>();
  for (const e of rows) {
    const src = sameActor(e.source, key), tgt = sameActor(e.target, key);
    if (src === tgt) continue;
    const other = src ? e.target : e.source;
    if (!other) continue;
    const k = other.code && /^[A-Z]{3}$/.test(other.code) ? other.code : other.name;
    if (!k || k.toLowerCase() === key.toLowerCase()) continue;
    const p = acc.get(k) ?? { key: k, label: k, code: other.code, count: 0, mean: null, sum: 0, n: 0 };
    p.count++;
    if (e.intensity !== null) { p.sum += e.intensity; p.n++; }
    acc.set(k, p);
  }
  return [...acc.values()]
    .map(({ sum, n, ...p }) => ({ ...p, mean: n ? sum / n : null }))
    .sort((a, b) => b.count - a.count)
    .slice(0, 25);
}

export function buildApp(store: Store, opts: AppOptions = {}): Hono {
  const app = new Hono();
  const maxExtractBytes = opts.maxExtractBytes ?? DEFAULT_MAX_EXTRACT_BYTES;
  const spec = JSON.stringify(openapi({ ingest: !!opts.ingestToken, maxExtractBytes }));
  const query = (c: Context): Query => c.req.query();

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    if ((c.res.headers.get('content-type') ?? '').startsWith('text/html')) {
      c.header('Content-Security-Policy', CSP);
      c.header('X-Frame-Options', 'DENY');
    }
  });

  // GET responses by URL, emptied when the store gains articles (see cache.ts); X-Cache says hit or miss
  const cacheChars = opts.responseCacheChars ?? 64 * 1024 * 1024;
  const cache = cacheChars > 0 ? new ResponseCache(store, cacheChars, opts.revalidateMs ?? 2000) : null;
  if (cache) {
    app.use('*', async (c, next) => {
      if (c.req.method !== 'GET' || c.req.path.startsWith('/static/') || c.req.path === '/openapi.json') return next();
      const key = c.req.url.slice(c.req.url.indexOf('/', c.req.url.indexOf('//') + 2));
      const hit = cache.get(key);
      if (hit) return c.body(hit.body, 200, { 'content-type': hit.type, 'x-cache': 'hit' });
      cacheAs(c, cache, key); // json() and page() (reply.ts) store the body they send
      return next();
    });
  }

  app.onError((err, c) => {
    if (err instanceof HttpError) {
      return errorResponse(c, err.status, err.message, err.code);
    }
    process.stderr.write(`dyad serve: ${c.req.method} ${c.req.path}: ${err.stack ?? String(err)}\n`);
    return errorResponse(c, 500, 'internal error (see the server log)');
  });
  app.notFound((c) => errorResponse(c, 404, `no route for ${c.req.method} ${c.req.path}`));

  app.get('/openapi.json', (c) => c.body(spec, 200, { 'content-type': 'application/json; charset=utf-8' }));
  app.route('/api', apiRoutes(store, {
    ingestToken: opts.ingestToken ?? null, maxExtractBytes, onWrite: () => cache?.invalidate(),
    ...(opts.recordCacheChars !== undefined ? { recordCacheChars: opts.recordCacheChars } : {}),
  }));

  app.get('/static/:file', (c) => {
    const a = assets().get(c.req.param('file'));
    if (!a) throw new HttpError(404, 'no such asset');
    if (c.req.header('if-none-match') === a.etag) return c.body(null, 304);
    return c.body(a.body, 200, { 'content-type': a.type, etag: a.etag, 'cache-control': 'public, max-age=3600' });
  });

  app.get('/favicon.ico', (c) => c.body(null, 204));

  // ---------------------------------------------------------------- pages

  app.get('/', async (c) => {
    const q = query(c);
    const f = articleFilters(q, 50);
    const [rows, stats, top] = await Promise.all([store.listArticles(f), store.stats(), store.actors({ limit: 15 })]);
    return sendPage(c, homeView(rows, stats, top, q, f.limit!, f.offset!));
  });

  app.get('/articles/:id', async (c) => {
    const id = c.req.param('id');
    const rec = await store.getArticle(id);
    if (!rec) throw new HttpError(404, `no article "${id}"`);
    return sendPage(c, articleView(rec, null));
  });

  app.get('/events', async (c) => {
    const q = query(c);
    const f = eventFilters(q, 100);
    return sendPage(c, eventsView(await store.events(f), q, f.limit!, f.offset!));
  });

  app.get('/quotes', async (c) => {
    const q = query(c);
    const f = quoteFilters(q, 100);
    return sendPage(c, quotesView(await store.quotes(f), q, f.limit!, f.offset!));
  });

  app.get('/actors', async (c) => {
    const q = query(c);
    const f = actorFilters(q, 100);
    return sendPage(c, actorsView(await store.actors(f), q, f.limit!, f.offset!));
  });

  app.get('/actors/:key', async (c) => {
    const key = c.req.param('key').trim();
    if (!key) throw new HttpError(404, 'no actor');
    const q = query(c);
    const ev = eventFilters({ type: q.type, since: q.since, until: q.until });
    const range = compact({ since: ev.since, until: ev.until });
    const isCode = /^[A-Z]{3,6}$/.test(key);
    const [cands, said, did, got, around] = await Promise.all([
      isCode ? store.actors({ code: key, limit: 20 }).then(async (r) => (r.length ? r : store.actors({ name: key, limit: 50 }))) : store.actors({ name: key, limit: 50 }),
      store.quotes({ speaker: key, ...range, limit: 50 }),
      store.events({ ...ev, source: key, limit: 50 }),
      store.events({ ...ev, target: key, limit: 50 }),
      store.events({ ...ev, actor: key, limit: 1000 }),
    ]);
    const info = isCode
      ? cands.find((a) => a.code === key && a.kind !== 'person') ?? cands.find((a) => a.code === key) ?? cands.find((a) => a.name.toLowerCase() === key.toLowerCase()) ?? null
      : cands.find((a) => a.name.toLowerCase() === key.toLowerCase()) ?? null;
    if (!info && !said.length && !around.length) throw new HttpError(404, `no actor "${key}" in the store`);
    return sendPage(c, actorView(key, info, said, did, got, partnersOf(key, around), q));
  });

  app.get('/dyads', (c) => {
    const q = query(c);
    const a = str(q, 'a') ?? 'USA', b = str(q, 'b') ?? 'RUS';
    const rest = new URLSearchParams(compact({ by: str(q, 'by'), since: date(q, 'since'), until: date(q, 'until') }) as Record<string, string>).toString();
    return c.redirect(`/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}${rest ? `?${rest}` : ''}`, 302);
  });

  app.get('/dyads/:a/:b', async (c) => {
    const a = c.req.param('a'), b = c.req.param('b');
    const q = query(c);
    const { by, ...o } = dyadOptions(q);
    const ef = compact({ since: o.since, until: o.until, includeNegated: o.includeNegated, includeDuplicates: o.includeDuplicates, order: 'date-asc' as const, limit: 2000 });
    const [buckets, fwd, back] = await Promise.all([
      store.dyad(a, b, by, o),
      store.events({ ...ef, source: a, target: b }),
      o.direction === 'forward' ? Promise.resolve([]) : store.events({ ...ef, source: b, target: a }),
    ]);
    return sendPage(c, dyadView(a, b, by, buckets, [...fwd, ...back], q));
  });

  app.get('/network', async (c) => {
    const q = query(c);
    const level = oneOf(q, 'level', ['code', 'name'] as const) ?? 'code';
    const f = eventFilters({ actor: q.actor, type: q.type, since: q.since, until: q.until });
    f.limit = 3000;
    return sendPage(c, networkView(await network(store, f, level), q));
  });

  app.get('/search', async (c) => {
    const q = query(c);
    const text = str(q, 'q') ?? '';
    const pg = page(q, 50);
    const where = oneOf(q, 'in', ['articles', 'quotes', 'all'] as const);
    const hits = text ? await store.search(text, compact({ ...pg, in: where })) : [];
    return sendPage(c, searchView(text, hits, q, pg.limit, pg.offset));
  });

  return app;
}
