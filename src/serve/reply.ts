/**
 * Responses of the API and the pages, built from strings (hono's fast path on @hono/node-server) and kept
 * by the response cache when the request was marked cacheable by its middleware (app.ts).
 */
import type { Context } from 'hono';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ResponseCache } from './cache.js';

export const JSON_TYPE = 'application/json; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';

const pending = new WeakMap<Request, { cache: ResponseCache; key: string }>();

/** Marks this request's 200 response for the cache under `key`. */
export function cacheAs(c: Context, cache: ResponseCache, key: string): void {
  pending.set(c.req.raw, { cache, key });
}

function send(c: Context, body: string, type: string): Response {
  const p = pending.get(c.req.raw);
  if (p) {
    p.cache.set(p.key, body, type);
    c.header('x-cache', 'miss');
  }
  return c.body(body, 200, { 'content-type': type });
}

export function json(c: Context, data: unknown): Response {
  return send(c, JSON.stringify(data), JSON_TYPE);
}

export async function page(c: Context, view: HtmlEscapedString | Promise<HtmlEscapedString>): Promise<Response> {
  return send(c, String(await view), HTML_TYPE);
}
