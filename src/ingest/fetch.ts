/**
 * Fetching a URL for ingest: http(s) only, a size limit, a time limit (whole request), a redirect
 * limit, and optionally refusing private, loopback and link-local addresses (checked on every hop,
 * after DNS resolution, so a public name that resolves to 127.0.0.1 is refused too).
 */
import http from 'node:http';
import https from 'node:https';
import dns from 'node:dns';
import net from 'node:net';
import zlib from 'node:zlib';
import type { LookupFunction } from 'node:net';
import { VERSION } from '../version.js';

export interface FetchOptions {
  /** largest body accepted, bytes (default 20 MiB) */
  maxBytes?: number;
  /** milliseconds for the whole request, redirects included (default 20,000) */
  timeoutMs?: number;
  /** redirects followed (default 5) */
  maxRedirects?: number;
  /** false: refuse private, loopback, link-local and other non-public addresses (default true) */
  allowPrivate?: boolean;
}

export interface Fetched {
  /** final URL after redirects */
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
}

export class FetchError extends Error {
  override name = 'FetchError';
}

/** true for addresses that are not on the public internet (IPv4 and IPv6, IPv4-mapped included) */
export function isPrivateAddress(ip: string): boolean {
  let a = ip.toLowerCase().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) a = mapped[1]!;
  // IPv4-mapped / -compatible / -translated in hex form, as URL() writes them: [::ffff:127.0.0.1] → ::ffff:7f00:1
  const hex = /^::(?:ffff:(?:0:)?)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
  if (hex) { const h = parseInt(hex[1]!, 16), l = parseInt(hex[2]!, 16); a = `${h >> 8}.${h & 255}.${l >> 8}.${l & 255}`; }
  if (net.isIPv4(a)) {
    const [x, y] = a.split('.').map(Number) as [number, number];
    return x === 0 || x === 10 || x === 127 || (x === 169 && y === 254) || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168)
      || (x === 100 && y >= 64 && y <= 127) || (x === 192 && y === 0) || (x === 198 && (y === 18 || y === 19)) || x >= 224;
  }
  if (net.isIPv6(a)) {
    if (a === '::' || a === '::1') return true;
    const first = parseInt(a.split(':')[0] || '0', 16);
    return (first & 0xfe00) === 0xfc00 /* fc00::/7 */ || (first & 0xffc0) === 0xfe80 /* fe80::/10 */ || (first & 0xff00) === 0xff00 /* multicast */
      || a.startsWith('64:ff9b:') || a.startsWith('2001:db8:');
  }
  return true; // not an IP at all: refuse
}

const safeLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return (callback as (e: Error | null, a: string, f?: number) => void)(err, '', 4);
    const list = addresses as unknown as dns.LookupAddress[];
    const bad = list.find((x) => isPrivateAddress(x.address));
    if (bad) return (callback as (e: Error | null, a: string, f?: number) => void)(new FetchError(`refused: ${hostname} resolves to a private address (${bad.address})`), '', 4);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    (callback as (e: Error | null, a: string, f?: number) => void)(null, list[0]!.address, list[0]!.family);
  });
};

export const isUrl = (s: string) => /^https?:\/\//i.test(s);

export async function fetchUrl(url: string, o: FetchOptions = {}): Promise<Fetched> {
  const maxBytes = o.maxBytes ?? 20 * 1024 * 1024;
  const maxRedirects = o.maxRedirects ?? 5;
  const timeoutMs = o.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let current = url;
  for (let hop = 0; ; hop++) {
    let u: URL;
    try { u = new URL(current); } catch { throw new FetchError(`not a URL: ${current}`); }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FetchError(`only http and https URLs are fetched (${u.protocol})`);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (o.allowPrivate === false && net.isIP(host) && isPrivateAddress(host)) throw new FetchError(`refused: ${host} is a private address`);
    const res = await request(u, o.allowPrivate === false, Math.max(1, deadline - Date.now()), maxBytes);
    if (res.status >= 300 && res.status < 400 && res.location) {
      if (hop >= maxRedirects) throw new FetchError(`too many redirects (over ${maxRedirects})`);
      current = new URL(res.location, u).href;
      continue;
    }
    if (res.status >= 400) throw new FetchError(`HTTP ${res.status}`);
    return { url: u.href, status: res.status, contentType: res.contentType, body: res.body };
  }
}

function request(u: URL, refusePrivate: boolean, timeoutMs: number, maxBytes: number): Promise<{ status: number; location: string | null; contentType: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.get(u, {
      headers: { 'user-agent': `dyad/${VERSION} (+news event extraction)`, 'accept-encoding': 'gzip, deflate, br', accept: 'text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, text/plain;q=0.8, */*;q=0.5' },
      ...(refusePrivate ? { lookup: safeLookup } : {}),
    }, (res) => {
      const status = res.statusCode ?? 0;
      const location = typeof res.headers.location === 'string' ? res.headers.location : null;
      const contentType = String(res.headers['content-type'] ?? '');
      if (status >= 300 && status < 400 || status >= 400) { res.resume(); resolve({ status, location, contentType, body: Buffer.alloc(0) }); return; }
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > maxBytes) { req.destroy(); reject(new FetchError(`too large (${declared} bytes, limit ${maxBytes})`)); return; }
      const enc = String(res.headers['content-encoding'] ?? '').toLowerCase();
      const stream = enc === 'gzip' || enc === 'x-gzip' ? res.pipe(zlib.createGunzip()) : enc === 'deflate' ? res.pipe(zlib.createInflate()) : enc === 'br' ? res.pipe(zlib.createBrotliDecompress()) : res;
      const chunks: Buffer[] = [];
      let total = 0;
      stream.on('data', (c: Buffer) => {
        total += c.length;
        if (total > maxBytes) { req.destroy(); stream.destroy(); reject(new FetchError(`too large (over ${maxBytes} bytes)`)); return; }
        chunks.push(c);
      });
      stream.on('end', () => resolve({ status, location, contentType, body: Buffer.concat(chunks) }));
      stream.on('error', (e) => reject(new FetchError(`read failed (${e.message})`)));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new FetchError(`timed out after ${timeoutMs} ms`)));
    const timer = setTimeout(() => req.destroy(new FetchError(`timed out after ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    req.on('close', () => clearTimeout(timer));
    req.on('error', (e) => reject(e instanceof FetchError ? e : new FetchError((e as Error).message)));
  });
}

/** Decodes a fetched body: charset from Content-Type, else from a <meta charset>, else UTF-8. */
export function decodeBody(body: Buffer, contentType: string): string {
  let cs = /charset\s*=\s*["']?([\w-]+)/i.exec(contentType)?.[1];
  if (!cs) cs = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(body.subarray(0, 4096).toString('latin1'))?.[1];
  if (!cs) cs = /^<\?xml[^>]+encoding\s*=\s*["']([\w-]+)/i.exec(body.subarray(0, 200).toString('latin1'))?.[1];
  try {
    return new TextDecoder(cs ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
