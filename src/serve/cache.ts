/**
 * In-memory caches of the server.
 *
 *  - `LruText`: an LRU of strings bounded by the characters it holds.
 *  - `ResponseCache`: GET responses (API JSON and pages) by URL. The store only ever inserts, so a
 *    response stays right until articles are added; the cache asks the store for its article count at
 *    most every `revalidateMs` (in the background) and empties itself when the count moved, so an
 *    ingest running beside the server shows within that time. Writes through this server empty it at once.
 *  Serialized article records (GET /api/articles/:id) are never stale: a stored record does not change.
 */
import type { Store } from '../store/types.js';

export class LruText<V extends { size: number } = { size: number; body: string }> {
  private map = new Map<string, V>();
  private total = 0;

  constructor(readonly maxChars: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  set(key: string, v: V): void {
    if (v.size > this.maxChars / 8) return;
    const old = this.map.get(key);
    if (old !== undefined) { this.total -= old.size; this.map.delete(key); }
    this.map.set(key, v);
    this.total += v.size;
    for (const [k, x] of this.map) {
      if (this.total <= this.maxChars) break;
      this.map.delete(k);
      this.total -= x.size;
    }
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }

  get chars(): number { return this.total; }
  get entries(): number { return this.map.size; }
}

export interface CachedResponse {
  size: number;
  body: string;
  type: string;
}

export class ResponseCache {
  readonly lru: LruText<CachedResponse>;
  private generation: number | null = null;
  private checkedAt = 0;
  private checking: Promise<void> | null = null;
  hits = 0;
  misses = 0;

  constructor(private store: Store, maxChars: number, readonly revalidateMs = 2000) {
    this.lru = new LruText<CachedResponse>(maxChars);
  }

  /** Starts a background check of the store's article count when the last one is older than revalidateMs. */
  revalidate(now = Date.now()): void {
    if (this.checking || now - this.checkedAt < this.revalidateMs) return;
    this.checkedAt = now;
    this.checking = this.store.stats().then((s) => {
      if (this.generation !== null && s.articles !== this.generation) this.lru.clear();
      this.generation = s.articles;
    }).catch(() => { this.lru.clear(); }).finally(() => { this.checking = null; });
  }

  get(key: string): CachedResponse | undefined {
    this.revalidate();
    const v = this.lru.get(key);
    if (v) this.hits++; else this.misses++;
    return v;
  }

  set(key: string, body: string, type: string): void {
    this.lru.set(key, { size: body.length, body, type });
  }

  /** After a write through this server. */
  invalidate(): void {
    this.lru.clear();
    this.checkedAt = 0;
  }
}
