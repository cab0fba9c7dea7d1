/**
 * The PostgreSQL backend of the Store (node-postgres `pg` 8), for many writers on many machines.
 * Same behaviour as the SQLite backend (the shared suite store.case.test.ts runs against both);
 * full-text search uses PostgreSQL's text search (tsvector columns, GIN indexes, ts_rank_cd, ts_headline).
 *
 * Concurrency (several `dyad worker` processes writing at once):
 *  - every putRecords batch is one transaction; articles are inserted with ON CONFLICT DO NOTHING on
 *    their unique hash / URL, so two writers racing on the same article store it once (the second waits
 *    for the first to commit, then skips it) and a retried job never duplicates rows;
 *  - entities are upserted in one statement in key order, so two batches never deadlock on them;
 *  - near-duplicate detection takes transaction-scoped advisory locks on the article's MinHash LSH band
 *    keys (sorted) before looking for candidates, so two wire copies written at the same moment by
 *    different workers still link (the second sees the first once it commits);
 *  - a deadlock or serialization failure retries the whole batch (a few times).
 * Schema: data/store/postgres/NNN_name.sql, applied in order under an advisory lock, recorded in
 * schema_migrations. Connection: a pg.Pool (size DYAD_PG_POOL, default 4) on the postgres:// URL.
 */
import zlib from 'node:zlib';
import pg from 'pg';
import type { DyadRecord } from '../record.js';
import { dataPath } from '../util/data.js';
import { minhash, similarity, bandKeys, DEFAULT_THRESHOLD } from './minhash.js';
import { dayOf, entityKey, loadMigrations, sentenceOf, type Migration } from './sqlite.js';
import {
  DEFAULT_LIMIT, MAX_LIMIT,
  type ActorFilters, type ActorQuery, type ActorRow, type ActorSide, type ArticleFilters, type ArticleRow,
  type DyadBucket, type DyadOptions, type DyadPeriod, type EventFilters, type EventRow, type OpenOptions, type Page,
  type PutItem, type PutResult, type QuoteFilters, type QuoteRow, type SearchHit, type SearchOptions, type Store,
  type StoreStats, type ExportKind,
} from './types.js';

type Param = string | number | boolean | null | Array<string | number | boolean | null>;

export const POSTGRES_MIGRATIONS = 'store/postgres';
/** advisory lock key taken while migrating (any constant; 'dyad' in ASCII) */
const MIGRATE_LOCK = 0x64796164;

export const isPostgresUrl = (s: string): boolean => /^postgres(ql)?:\/\//i.test(s);

/** The URL with any password masked, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/** PostgreSQL text cannot hold NUL: replaced by a space (same length, so offsets stay right). */
const clean = (s: string | null | undefined): string | null => (s == null ? null : s.includes('\0') ? s.replace(/\0/g, ' ') : s);
const cleanT = (s: string): string => clean(s)!;

const isCodeQuery = (q: string) => /^[A-Z][A-Z0-9]{1,7}$/.test(q.trim());

/**
 * The tsquery for user input: plain words become an AND of the words (plainto_tsquery: punctuation such
 * as "U.S." never trips the syntax); input using search syntax ("phrase", OR, -word) goes through
 * websearch_to_tsquery, which never raises a syntax error.
 */
export function tsQuery(q: string): { sql: string; value: string } {
  if (/["]|\sOR\s|(^|\s)-\w/.test(q)) return { sql: `websearch_to_tsquery('english', ?)`, value: q };
  const w = q.match(/[\p{L}\p{N}]+/gu) ?? [];
  return { sql: `plainto_tsquery('english', ?)`, value: w.join(' ') };
}

function pageOf(p: Page | undefined): [number, number] {
  const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(p?.limit ?? DEFAULT_LIMIT)));
  const offset = Math.max(0, Math.floor(p?.offset ?? 0));
  return [limit, offset];
}

/** `?` placeholders → `$1, $2, …` (the SQL here never holds a literal question mark) */
function numbered(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

class Where {
  parts: string[] = [];
  params: Param[] = [];
  add(sql: string, ...p: Param[]): this {
    this.parts.push(sql);
    this.params.push(...p);
    return this;
  }
  get sql(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

function dateRange(w: Where, col: string, f: { since?: string; until?: string }): void {
  if (f.since) w.add(`${col} >= ?`, f.since);
  if (f.until) w.add(`${col} <= ?`, `${f.until}~`);
}

function actorSql(prefix: 'src' | 'tgt', q: ActorQuery): [string, Param[]] {
  const t = q.trim();
  const byName = `(lower(${prefix}_name) = lower(?) OR ${prefix}_entity IN (SELECT id FROM entities WHERE lower(name) = lower(?)))`;
  if (isCodeQuery(t)) {
    const up = t.toUpperCase();
    return [`(${prefix}_code = ? OR (${prefix}_code || coalesce(${prefix}_sector, '')) = ? OR ${byName})`, [up, up, t, t]];
  }
  return [byName, [t, t]];
}

const likeOf = (s: string) => `%${s.replace(/[%_\\]/g, '')}%`;

interface EventDbRow {
  n: number; aid: string; eid: string; type: string; mode: string | null; cameo: string | null;
  src_name: string | null; src_code: string | null; src_sector: string | null; src_entity: number | null;
  tgt_name: string | null; tgt_code: string | null; tgt_sector: string | null; tgt_entity: number | null;
  date: string | null; location: string | null; negated: boolean; intensity: number | null; evidence: string; sentence: string;
  quote: string | null; pattern: string; headline: string | null; url: string | null; outlet: string | null; published: string | null;
}

const side = (name: string | null, code: string | null, sector: string | null, entity: number | null): ActorSide | null =>
  name == null && code == null ? null : { name: name ?? code ?? '', code, sector, entityId: entity };

function eventRow(r: EventDbRow): EventRow {
  return {
    key: `${r.aid}#${r.eid}`, articleId: r.aid, eventId: r.eid, type: r.type, mode: r.mode, cameo: r.cameo,
    source: side(r.src_name, r.src_code, r.src_sector, r.src_entity),
    target: side(r.tgt_name, r.tgt_code, r.tgt_sector, r.tgt_entity),
    date: r.date, location: r.location, negated: r.negated, intensity: r.intensity, evidence: r.evidence, sentence: r.sentence || r.evidence,
    quote: r.quote, pattern: r.pattern, headline: r.headline, url: r.url, outlet: r.outlet, published: r.published,
  };
}

interface QuoteDbRow {
  n: number; aid: string; qid: string; content: string; kind: string; cue: string | null;
  speaker_name: string | null; speaker_code: string | null; speaker_sector: string | null; speaker_entity: number | null;
  published: string | null; headline: string | null; url: string | null; outlet: string | null;
}

function quoteRow(r: QuoteDbRow): QuoteRow {
  return {
    key: `${r.aid}#${r.qid}`, articleId: r.aid, quoteId: r.qid, content: r.content, kind: r.kind as QuoteRow['kind'], cue: r.cue,
    speaker: side(r.speaker_name, r.speaker_code, r.speaker_sector, r.speaker_entity),
    published: r.published, headline: r.headline, url: r.url, outlet: r.outlet,
  };
}

interface ArticleDbRow {
  n: number; id: string; hash: string; url: string | null; headline: string | null; source: string | null;
  published: string | null; language: string | null; dup_id: string | null; input: string | null;
  n_entities: number; n_quotes: number; n_events: number; ingested_at: string;
}

function articleRow(r: ArticleDbRow): ArticleRow {
  return {
    id: r.id, hash: r.hash, url: r.url, headline: r.headline, source: r.source, published: r.published, language: r.language,
    duplicateOf: r.dup_id, input: r.input, entities: r.n_entities, quotes: r.n_quotes, events: r.n_events, ingestedAt: r.ingested_at,
  };
}

const EVENT_COLS = `e.n, a.id AS aid, e.eid, e.type, e.mode, e.cameo, e.src_name, e.src_code, e.src_sector, e.src_entity,
  e.tgt_name, e.tgt_code, e.tgt_sector, e.tgt_entity, e.date, e.location, e.negated, e.intensity, e.evidence, e.sentence, e.quote,
  e.pattern, a.headline, a.url, a.source AS outlet, a.published`;
const QUOTE_COLS = `q.n, a.id AS aid, q.qid, q.content, q.kind, q.cue, q.speaker_name, q.speaker_code, q.speaker_sector,
  q.speaker_entity, a.published, a.headline, a.url, a.source AS outlet`;
const ARTICLE_COLS = `a.n, a.id, a.hash, a.url, a.headline, a.source, a.published, a.language, d.id AS dup_id, a.input,
  a.n_entities, a.n_quotes, a.n_events, a.ingested_at`;

/** bigint (count, ids) and numeric come back as JS numbers: every value here stays far below 2^53 */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as typeof pg.types.getTypeParser,
};

/** The Monday (YYYY-MM-DD) of the week of a YYYY-MM-DD day, or null. */
export function mondayOf(d: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return null;
  const t = Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
  if (Number.isNaN(t)) return null;
  const wd = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - wd * 86_400_000).toISOString().slice(0, 10);
}

/** One advisory-lock key per LSH band bucket: band in the high 32 bits, the band value in the low. */
const bandLockKey = (band: number, value: number) => ((BigInt(band + 1) << 32n) | BigInt(value >>> 0)).toString();

interface Prepared {
  item: PutItem;
  rec: DyadRecord;
  url: string | null;
  fp: string | null;
  keys: number[];
}

export interface PostgresOpenOptions extends OpenOptions {
  /** connections in the pool (default: DYAD_PG_POOL or 4) */
  poolSize?: number;
  /** application_name shown in pg_stat_activity */
  applicationName?: string;
}

export class PostgresStore implements Store {
  readonly backend = 'postgres';
  readonly pool: pg.Pool;
  readonly url: string;
  private readonly nearThreshold: number;
  private closed = false;

  constructor(url: string, opts: PostgresOpenOptions = {}) {
    this.url = url;
    this.nearThreshold = opts.nearDuplicateThreshold ?? DEFAULT_THRESHOLD;
    const max = opts.poolSize ?? (Number(process.env.DYAD_PG_POOL) || 4);
    this.pool = new pg.Pool({
      connectionString: url, max, types: TYPES, application_name: opts.applicationName ?? 'dyad',
      ...(opts.readonly ? { options: '-c default_transaction_read_only=on' } : {}),
    });
    // an idle client losing its connection (server restart) must not crash the process
    this.pool.on('error', () => undefined);
  }

  private async q<T extends pg.QueryResultRow>(sql: string, params: Param[] = [], c?: pg.PoolClient): Promise<T[]> {
    return (await (c ?? this.pool).query<T>(numbered(sql), params)).rows;
  }

  /** runs fn in one transaction on one connection; deadlocks and serialization failures retry it */
  async tx<T>(fn: (c: pg.PoolClient) => Promise<T>, attempts = 5): Promise<T> {
    for (let i = 1; ; i++) {
      const c = await this.pool.connect();
      try {
        await c.query('BEGIN');
        const r = await fn(c);
        await c.query('COMMIT');
        return r;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        const code = (e as { code?: string }).code;
        if (i < attempts && (code === '40P01' || code === '40001')) {
          await new Promise((r) => setTimeout(r, 20 * i + Math.random() * 50));
          continue;
        }
        throw e;
      } finally {
        c.release();
      }
    }
  }

  /** schema version currently applied (0 for an empty database) */
  async schemaVersion(): Promise<number> {
    const has = await this.q<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
    if (!has[0]?.t) return 0;
    return (await this.q<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations'))[0]?.v ?? 0;
  }

  async migrate(migrations: Migration[] = loadMigrations(dataPath(POSTGRES_MIGRATIONS))): Promise<number> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
      await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`);
      const current = (await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations')).rows[0]?.v ?? 0;
      for (const m of migrations) {
        if (m.version <= current) continue;
        await c.query(m.sql);
        await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
      }
    });
    return this.schemaVersion();
  }

  async hasArticle(key: { hash?: string; url?: string | null }): Promise<boolean> {
    if (!key.hash && !key.url) return false;
    const r = await this.q('SELECT 1 FROM articles WHERE hash = ? OR url = ? LIMIT 1', [key.hash ?? null, key.url ?? null]);
    return r.length > 0;
  }

  /** the hashes of those articles that are stored, by hash or by URL (workers skip work already done) */
  async storedOf(items: Array<{ hash: string; url?: string | null }>): Promise<Set<string>> {
    if (!items.length) return new Set();
    const r = await this.q<{ hash: string }>(`SELECT t.hash FROM unnest(?::text[], ?::text[]) AS t(hash, url)
      WHERE EXISTS (SELECT 1 FROM articles a WHERE a.hash = t.hash)
         OR (t.url IS NOT NULL AND EXISTS (SELECT 1 FROM articles a WHERE a.url = t.url))`, [items.map((i) => i.hash), items.map((i) => i.url ?? null)]);
    return new Set(r.map((x) => x.hash));
  }

  async putRecords(batch: PutItem[]): Promise<PutResult> {
    if (!batch.length) return { inserted: 0, skipped: 0, nearDuplicates: 0, ids: [] };
    const prepared: Prepared[] = batch.map((item) => {
      const rec = item.record;
      const fp = item.fingerprint !== undefined ? item.fingerprint : minhash(rec.article.body || rec.text);
      return { item, rec, url: rec.article.url || rec.input.url || null, fp, keys: fp ? bandKeys(fp) : [] };
    });
    return this.tx((c) => this.putBatch(c, prepared));
  }

  private async putBatch(c: pg.PoolClient, prepared: Prepared[]): Promise<PutResult> {
    const res: PutResult = { inserted: 0, skipped: 0, nearDuplicates: 0, ids: [] };
    // already stored, or repeated in the batch: skipped before any other work
    const urls = prepared.map((p) => p.url).filter((u): u is string => !!u);
    const stored = await this.q<{ hash: string; url: string | null }>('SELECT hash, url FROM articles WHERE hash = ANY(?::text[]) OR url = ANY(?::text[])',
      [prepared.map((p) => p.item.hash), urls], c);
    const seenH = new Set(stored.map((r) => r.hash)), seenU = new Set(stored.map((r) => r.url).filter(Boolean));
    const todo: Prepared[] = [];
    for (const p of prepared) {
      if (seenH.has(p.item.hash) || (p.url && seenU.has(p.url))) { res.skipped++; continue; }
      seenH.add(p.item.hash);
      if (p.url) seenU.add(p.url);
      todo.push(p);
    }
    if (!todo.length) return res;

    // near-duplicate buckets: lock them (sorted) so concurrent copies see each other
    const locks = [...new Set(todo.flatMap((p) => p.keys.map((v, b) => bandLockKey(b, v))))].sort();
    if (locks.length) await c.query('SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT k FROM unnest($1::bigint[]) AS k ORDER BY k) s', [locks]);

    // entities, merged by key: one upsert in key order (no deadlock between batches), then their ids
    const ents = new Map<string, [string, string, string | null, string | null]>();
    for (const p of todo) for (const e of p.rec.entities) {
      const k = entityKey(e.name, e.code);
      if (!ents.has(k)) ents.set(k, [cleanT(e.name), e.kind, e.code ? e.code.toUpperCase() : null, e.sector]);
    }
    const ekeys = [...ents.keys()].sort();
    const gid = new Map<string, number>();
    if (ekeys.length) {
      const cols = [0, 1, 2, 3].map((i) => ekeys.map((k) => ents.get(k)![i] ?? null));
      await c.query(`INSERT INTO entities (key, name, kind, code, sector)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) ORDER BY 1 ON CONFLICT (key) DO NOTHING`, [ekeys, ...cols]);
      for (const r of (await c.query<{ id: number; key: string }>('SELECT id, key FROM entities WHERE key = ANY($1::text[])', [ekeys])).rows) gid.set(r.key, r.id);
    }

    // near-duplicates: stored candidates in one query, earlier articles of this batch compared here
    const bandsOf = (p: Prepared) => p.keys.map((v, b) => `${b}:${v}`);
    const cands = new Map<string, Array<{ n: number; fp: string; d: number | null }>>();
    const withKeys = todo.filter((p) => p.fp && p.keys.length);
    if (withKeys.length) {
      const bs = withKeys.flatMap((p) => p.keys.map((_, b) => b)), vs = withKeys.flatMap((p) => p.keys);
      const rows = (await c.query<{ band: number; value: number; n: number; fp: string; d: number | null }>(`SELECT s.band, s.value, s.article AS n, a.minhash AS fp, a.duplicate_of AS d
        FROM lsh_bands s JOIN articles a ON a.n = s.article
        WHERE (s.band, s.value) IN (SELECT DISTINCT * FROM unnest($1::smallint[], $2::integer[]))`, [bs, vs])).rows;
      for (const r of rows) {
        const k = `${r.band}:${r.value}`;
        let l = cands.get(k);
        if (!l) cands.set(k, (l = []));
        l.push({ n: r.n, fp: r.fp, d: r.d });
      }
    }
    /** per todo item: the stored article it copies (n), or the earlier batch item (index) */
    const dupN: Array<number | null> = todo.map(() => null);
    const dupB: Array<number | null> = todo.map(() => null);
    const byBand = new Map<string, number[]>();
    todo.forEach((p, i) => {
      if (!p.fp || !p.keys.length) return;
      const tried = new Set<number>();
      for (const k of bandsOf(p)) for (const cd of cands.get(k) ?? []) {
        if (tried.has(cd.n)) continue;
        tried.add(cd.n);
        if (similarity(p.fp, cd.fp) < this.nearThreshold) continue;
        const first = cd.d ?? cd.n;
        if (dupN[i] === null || first < dupN[i]!) dupN[i] = first;
      }
      if (dupN[i] === null) {
        const triedB = new Set<number>();
        for (const k of bandsOf(p)) for (const j of byBand.get(k) ?? []) {
          if (triedB.has(j)) continue;
          triedB.add(j);
          if (similarity(p.fp, todo[j]!.fp!) < this.nearThreshold) continue;
          if (dupN[j] !== null) { if (dupN[i] === null || dupN[j]! < dupN[i]!) dupN[i] = dupN[j]!; }
          else { const first = dupB[j] ?? j; if (dupB[i] === null || first < dupB[i]!) dupB[i] = first; }
        }
        if (dupN[i] !== null) dupB[i] = null;
      }
      for (const k of bandsOf(p)) { let l = byBand.get(k); if (!l) byBand.set(k, (l = [])); l.push(i); }
    });

    // the articles: one multi-row insert in batch order (identities follow it); conflicts come back missing
    const now = new Date().toISOString();
    const rowOf = (p: Prepared, i: number, id: string) => {
      const { rec } = p;
      const input = rec.input.path ? (rec.input.line ? `${rec.input.path}:${rec.input.line}` : rec.input.path) : rec.input.url;
      return [id, p.item.hash, clean(p.url), clean(rec.article.headline), clean(rec.article.source), clean(rec.article.published), dayOf(rec.article.published),
        rec.article.language, clean(input), p.fp, dupN[i], rec.entities.length, rec.quotes.length, rec.events.length, cleanT(rec.article.body ?? ''),
        zlib.deflateRawSync(JSON.stringify({ ...rec, id }), { level: 4 }), now] as const;
    };
    const ACOLS = ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'bigint', 'integer', 'integer', 'integer', 'text', 'bytea', 'text'];
    const insertArticles = async (rows: ReadonlyArray<ReturnType<typeof rowOf>>) => (await c.query<{ n: number; hash: string }>(
      `INSERT INTO articles (id, hash, url, headline, source, published, day, language, input, minhash, duplicate_of, n_entities, n_quotes, n_events, body, record, ingested_at)
      SELECT ${ACOLS.map((_, i) => `c${i}`).join(', ')} FROM unnest(${ACOLS.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) WITH ORDINALITY AS t(${ACOLS.map((_, i) => `c${i}`).join(', ')}, ord)
      ORDER BY ord ON CONFLICT DO NOTHING RETURNING n, hash`, ACOLS.map((_, i) => rows.map((r) => r[i] ?? null)))).rows;
    const nOf = new Map<string, number>();
    const idOf = new Map<string, string>();
    for (const r of await insertArticles(todo.map((p, i) => rowOf(p, i, p.rec.id)))) nOf.set(r.hash, r.n);
    for (let i = 0; i < todo.length; i++) {
      const p = todo[i]!;
      if (nOf.has(p.item.hash)) { idOf.set(p.item.hash, p.rec.id); continue; }
      // not inserted: the hash or URL is stored (another worker just committed it): the same article
      if (await this.hasArticleOn(c, p.item.hash, p.url)) continue;
      // else the id is another article's: suffixed
      const id = `${p.rec.id}~${p.item.hash.slice(0, 10)}`;
      const r = await insertArticles([rowOf(p, i, id)]);
      if (r[0]) { nOf.set(p.item.hash, r[0].n); idOf.set(p.item.hash, id); }
    }
    // near-duplicates of earlier articles of this batch: now that their row numbers are known
    const dupOf = todo.map((p, i) => dupN[i] ?? (dupB[i] !== null ? (nOf.get(todo[dupB[i]!]!.item.hash) ?? null) : null));
    const late = todo.map((p, i) => [nOf.get(p.item.hash), dupN[i] === null ? dupOf[i] : null] as const).filter(([n, d]) => n !== undefined && d !== null);
    if (late.length) {
      await c.query('UPDATE articles a SET duplicate_of = t.d FROM unnest($1::bigint[], $2::bigint[]) AS t(n, d) WHERE a.n = t.n', [late.map((x) => x[0]), late.map((x) => x[1])]);
    }

    // the rows of every inserted article: one statement per table
    const bandsRows: Array<[number, number, number]> = [];
    const ae: Array<[number, number, string, number, string, string, boolean, string | null]> = [];
    const quotes: Array<readonly unknown[]> = [];
    const events: Array<readonly unknown[]> = [];
    todo.forEach((p, i) => {
      const n = nOf.get(p.item.hash);
      if (n === undefined) { res.skipped++; return; }
      const { rec } = p;
      const dup = dupOf[i] !== null;
      const day = dayOf(rec.article.published);
      res.inserted++;
      res.ids.push(idOf.get(p.item.hash)!);
      if (dup) res.nearDuplicates++;
      p.keys.forEach((v, b) => bandsRows.push([n, b, v]));
      const local = new Map<string, number>();
      for (const e of rec.entities) {
        const g = gid.get(entityKey(e.name, e.code));
        if (g === undefined) continue;
        local.set(e.id, g);
        // offset arrays as array literals: a column of int[] cannot be unnested from a 2-D parameter
        ae.push([n, g, e.id, Math.max(1, e.mentions.length), `{${e.mentions.map((m) => m.start).join(',')}}`, `{${e.mentions.map((m) => m.end).join(',')}}`, dup, day]);
      }
      const gl = (l: string | null | undefined) => (l ? (local.get(l) ?? null) : null);
      for (const q of rec.quotes) {
        const sp = q.speaker;
        quotes.push([n, q.id, cleanT(q.content), q.kind, clean(q.cue), clean(sp?.name ?? null), sp?.code ? sp.code.toUpperCase() : null,
          sp?.entity ? (rec.entities.find((e) => e.id === sp.entity)?.sector ?? null) : null, gl(sp?.entity), q.contentSpan.start, q.contentSpan.end, dup, day]);
      }
      for (const e of rec.events) {
        const s = e.source, t = e.target;
        events.push([n, e.id, e.type, e.mode, e.cameo,
          clean(s?.name ?? null), s?.code ? s.code.toUpperCase() : null, s?.sector ?? null, gl(s?.entity),
          clean(t?.name ?? null), t?.code ? t.code.toUpperCase() : null, t?.sector ?? null, gl(t?.entity),
          e.date, dayOf(e.date) ?? day, clean(e.location), e.negated, e.intensity, e.evidence.start, e.evidence.end,
          cleanT(rec.text.slice(e.evidence.start, e.evidence.end)), cleanT(sentenceOf(rec, e.evidence.start, e.evidence.end)), e.quote, e.pattern, dup]);
      }
    });
    const bulk = async (table: string, cols: string, types: string[], rows: Array<readonly unknown[]>, tail = '') => {
      if (!rows.length) return;
      await c.query(`INSERT INTO ${table} (${cols}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})${tail}`,
        types.map((_, i) => rows.map((r) => (r[i] as Param | undefined) ?? null)));
    };
    await bulk('lsh_bands', 'article, band, value', ['bigint', 'smallint', 'integer'], bandsRows);
    if (ae.length) {
      await c.query(`INSERT INTO article_entities (article, entity, local_id, mentions, starts, ends, dup, day)
        SELECT a, e, l, m, s::integer[], x::integer[], d, y FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::boolean[], $8::text[])
          AS t(a, e, l, m, s, x, d, y) ON CONFLICT DO NOTHING`, [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ae.map((r) => r[i] ?? null)));
    }
    await bulk('quotes', 'article, qid, content, kind, cue, speaker_name, speaker_code, speaker_sector, speaker_entity, start, "end", dup, day',
      ['bigint', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'bigint', 'integer', 'integer', 'boolean', 'text'], quotes, ' ON CONFLICT DO NOTHING');
    await bulk('events', `article, eid, type, mode, cameo, src_name, src_code, src_sector, src_entity, tgt_name, tgt_code, tgt_sector, tgt_entity,
        date, day, location, negated, intensity, ev_start, ev_end, evidence, sentence, quote, pattern, dup`,
    ['bigint', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'bigint', 'text', 'text', 'text', 'bigint', 'text', 'text', 'text',
      'boolean', 'double precision', 'integer', 'integer', 'text', 'text', 'text', 'text', 'boolean'], events, ' ON CONFLICT DO NOTHING');
    return res;
  }

  private async hasArticleOn(c: pg.PoolClient, hash: string, url: string | null): Promise<boolean> {
    return (await c.query('SELECT 1 FROM articles WHERE hash = $1 OR url = $2 LIMIT 1', [hash, url])).rows.length > 0;
  }

  async getArticle(id: string): Promise<DyadRecord | null> {
    const r = await this.q<{ record: Buffer }>('SELECT record FROM articles WHERE id = ?', [id]);
    if (!r[0]) return null;
    return JSON.parse(zlib.inflateRawSync(r[0].record).toString('utf8')) as DyadRecord;
  }

  private articleWhere(f: ArticleFilters): Where {
    const w = new Where();
    if (f.source) w.add('a.source = ?', f.source);
    dateRange(w, 'a.day', f);
    if (f.duplicates === true) w.add('a.duplicate_of IS NOT NULL');
    if (f.duplicates === false) w.add('a.duplicate_of IS NULL');
    if (f.text) { const t = tsQuery(f.text); w.add(`a.tsv @@ ${t.sql}`, t.value); }
    return w;
  }

  async listArticles(f: ArticleFilters = {}): Promise<ArticleRow[]> {
    const w = this.articleWhere(f);
    const [limit, offset] = pageOf(f);
    const rows = await this.q<ArticleDbRow>(`SELECT ${ARTICLE_COLS} FROM articles a LEFT JOIN articles d ON d.n = a.duplicate_of ${w.sql}
      ORDER BY a.day DESC NULLS LAST, a.n DESC LIMIT ? OFFSET ?`, [...w.params, limit, offset]);
    return rows.map(articleRow);
  }

  private eventWhere(f: EventFilters): Where {
    const w = new Where();
    for (const [k, prefix] of [['source', 'src'], ['target', 'tgt']] as const) {
      const q = f[k];
      if (q) { const [sql, p] = actorSql(prefix, q); w.add(sql, ...p); }
    }
    if (f.actor) {
      const [s, sp] = actorSql('src', f.actor), [t, tp] = actorSql('tgt', f.actor);
      w.add(`(${s} OR ${t})`, ...sp, ...tp);
    }
    if (f.type) {
      const types = (Array.isArray(f.type) ? f.type : f.type.split(',')).map((x) => x.trim().toUpperCase()).filter(Boolean);
      if (types.length) w.add(`e.type = ANY(?::text[])`, types);
    }
    if (f.cameo) w.add(`e.cameo LIKE ?`, `${f.cameo.replace(/[%_\\]/g, '')}%`);
    dateRange(w, 'e.day', f);
    if (f.text) for (const word of f.text.match(/[\p{L}\p{N}]+/gu) ?? []) w.add(`(e.sentence ILIKE ? OR e.evidence ILIKE ?)`, `%${word}%`, `%${word}%`);
    if (f.articleId) w.add('a.id = ?', f.articleId);
    if (!f.includeNegated) w.add('NOT e.negated');
    if (!f.includeDuplicates) w.add('NOT e.dup');
    return w;
  }

  async events(f: EventFilters = {}): Promise<EventRow[]> {
    const w = this.eventWhere(f);
    const [limit, offset] = pageOf(f);
    const dir = f.order === 'date-asc' ? 'ASC NULLS FIRST' : 'DESC NULLS LAST';
    const adir = f.order === 'date-asc' ? 'ASC' : 'DESC';
    const rows = await this.q<EventDbRow>(`SELECT ${EVENT_COLS} FROM events e JOIN articles a ON a.n = e.article ${w.sql}
      ORDER BY e.day ${dir}, e.article ${adir}, e.n LIMIT ? OFFSET ?`, [...w.params, limit, offset]);
    return rows.map(eventRow);
  }

  private quoteWhere(f: QuoteFilters): Where {
    const w = new Where();
    if (f.speaker) {
      const t = f.speaker.trim();
      const like = likeOf(t);
      const byName = `(q.speaker_name ILIKE ? OR q.speaker_entity IN (SELECT id FROM entities WHERE name ILIKE ?))`;
      if (isCodeQuery(t)) w.add(`(q.speaker_code = ? OR (q.speaker_code || coalesce(q.speaker_sector, '')) = ? OR ${byName})`, t, t, like, like);
      else w.add(byName, like, like);
    }
    if (f.text) { const t = tsQuery(f.text); w.add(`q.tsv @@ ${t.sql}`, t.value); }
    if (f.kind) w.add('q.kind = ?', f.kind);
    if (f.articleId) w.add('a.id = ?', f.articleId);
    dateRange(w, 'q.day', f);
    if (!f.includeDuplicates) w.add('NOT q.dup');
    return w;
  }

  async quotes(f: QuoteFilters = {}): Promise<QuoteRow[]> {
    const w = this.quoteWhere(f);
    const [limit, offset] = pageOf(f);
    const rows = await this.q<QuoteDbRow>(`SELECT ${QUOTE_COLS} FROM quotes q JOIN articles a ON a.n = q.article ${w.sql}
      ORDER BY q.day DESC NULLS LAST, q.article DESC, q.n LIMIT ? OFFSET ?`, [...w.params, limit, offset]);
    return rows.map(quoteRow);
  }

  async actors(f: ActorFilters = {}): Promise<ActorRow[]> {
    const w = new Where();
    if (!f.includeDuplicates) w.add('NOT ae.dup');
    dateRange(w, 'ae.day', f);
    if (f.kind) w.add('e.kind = ?', f.kind);
    if (f.code) w.add('e.code = ?', f.code.toUpperCase());
    if (f.name) w.add('e.name ILIKE ?', likeOf(f.name));
    const [limit, offset] = pageOf(f);
    const rows = await this.q<Omit<ActorRow, 'events' | 'quotes'>>(`SELECT e.id, e.name, e.kind, e.code, e.sector, sum(ae.mentions)::bigint AS mentions, count(*)::bigint AS articles
      FROM article_entities ae JOIN entities e ON e.id = ae.entity ${w.sql}
      GROUP BY e.id ORDER BY mentions DESC, articles DESC, e.name LIMIT ? OFFSET ?`, [...w.params, limit, offset]);
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const ew = new Where().add('NOT negated'), qw = new Where();
    if (!f.includeDuplicates) { ew.add('NOT dup'); qw.add('NOT dup'); }
    dateRange(ew, 'day', f);
    dateRange(qw, 'day', f);
    const and = (w2: Where) => (w2.parts.length ? ` AND ${w2.parts.join(' AND ')}` : '');
    const ev = await this.q<{ id: number; c: number }>(`SELECT id, count(*)::bigint AS c FROM (
        SELECT src_entity AS id FROM events WHERE src_entity = ANY(?::bigint[])${and(ew)}
        UNION ALL
        SELECT tgt_entity FROM events WHERE tgt_entity = ANY(?::bigint[]) AND (src_entity IS NULL OR src_entity <> tgt_entity)${and(ew)}
      ) x GROUP BY id`, [ids, ...ew.params, ids, ...ew.params]);
    const qs = await this.q<{ id: number; c: number }>(`SELECT speaker_entity AS id, count(*)::bigint AS c FROM quotes
      WHERE speaker_entity = ANY(?::bigint[])${and(qw)} GROUP BY speaker_entity`, [ids, ...qw.params]);
    const evs = new Map(ev.map((r) => [r.id, r.c])), qn = new Map(qs.map((r) => [r.id, r.c]));
    return rows.map((r) => ({ ...r, events: evs.get(r.id) ?? 0, quotes: qn.get(r.id) ?? 0 }));
  }

  async dyad(a: ActorQuery, b: ActorQuery, by: DyadPeriod, o: DyadOptions = {}): Promise<DyadBucket[]> {
    const period: Record<DyadPeriod, string> = {
      day: `substr(e.day, 1, 10)`,
      week: `substr(e.day, 1, 10)`, // folded to the Monday below (JS: an impossible date never errors the query)
      month: `substr(e.day, 1, 7)`,
      year: `substr(e.day, 1, 4)`,
    };
    if (!period[by]) throw new Error(`unknown period "${by}" (day, week, month, year)`);
    const [sa, pa] = actorSql('src', a), [tb, pb] = actorSql('tgt', b);
    const [sb, pb2] = actorSql('src', b), [ta, pa2] = actorSql('tgt', a);
    const w = new Where();
    if (o.direction === 'forward') w.add(`(${sa} AND ${tb})`, ...pa, ...pb);
    else w.add(`((${sa} AND ${tb}) OR (${sb} AND ${ta}))`, ...pa, ...pb, ...pb2, ...pa2);
    dateRange(w, 'e.day', o);
    w.add('e.day IS NOT NULL');
    if (!o.includeNegated) w.add('NOT e.negated');
    if (!o.includeDuplicates) w.add('NOT e.dup');
    const rows = await this.q<{ p: string | null; type: string; fwd: boolean; c: number; s: number | null; ci: number }>(
      `SELECT ${period[by]} AS p, e.type, coalesce(${sa} AND ${tb}, false) AS fwd,
        count(*)::bigint AS c, sum(e.intensity) AS s, count(e.intensity)::bigint AS ci
      FROM events e ${w.sql} GROUP BY 1, 2, 3 ORDER BY 1`, [...pa, ...pb, ...w.params]);
    const out = new Map<string, DyadBucket & { _s: number; _ci: number }>();
    for (const r of rows) {
      const p = by === 'week' ? (r.p ? mondayOf(r.p) : null) : r.p;
      if (!p) continue;
      let bk = out.get(p);
      if (!bk) { bk = { period: p, total: 0, forward: 0, backward: 0, byType: {}, meanIntensity: null, _s: 0, _ci: 0 }; out.set(p, bk); }
      bk.total += r.c;
      if (r.fwd) bk.forward += r.c; else bk.backward += r.c;
      bk.byType[r.type] = (bk.byType[r.type] ?? 0) + r.c;
      bk._s += r.s ?? 0;
      bk._ci += r.ci;
    }
    return [...out.values()].sort((x, y) => (x.period < y.period ? -1 : 1)).map(({ _s, _ci, ...bk }) => ({
      ...bk, meanIntensity: _ci ? Math.round((_s / _ci) * 1000) / 1000 : null,
    }));
  }

  async search(q: string, o: SearchOptions = {}): Promise<SearchHit[]> {
    const t = tsQuery(q);
    if (!t.value.trim()) return [];
    const [limit, offset] = pageOf(o);
    const where = o.in ?? 'all';
    const hits: SearchHit[] = [];
    const opts = 'StartSel=[, StopSel=], MaxWords=28, MinWords=10, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "';
    if (where !== 'quotes') {
      const rows = await this.q<{ id: string; headline: string | null; published: string | null; snip: string; r: number }>(`
        SELECT a.id, a.headline, a.published, ts_headline('english', coalesce(a.headline, '') || E'\\n' || a.body, x.tq, ?) AS snip, x.r
        FROM (SELECT a.n, tq, ts_rank_cd(a.tsv, tq) AS r FROM articles a, ${t.sql} AS tq
              WHERE a.tsv @@ tq ${o.includeDuplicates ? '' : 'AND a.duplicate_of IS NULL'} ORDER BY r DESC, a.n LIMIT ?) x
        JOIN articles a ON a.n = x.n ORDER BY x.r DESC, a.n`, [opts, t.value, limit + offset]);
      for (const r of rows) hits.push({ kind: 'article', articleId: r.id, quoteId: null, headline: r.headline, published: r.published, snippet: r.snip, score: r.r });
    }
    if (where !== 'articles') {
      const rows = await this.q<{ id: string; qid: string; headline: string | null; published: string | null; snip: string; r: number }>(`
        SELECT a.id, q.qid, a.headline, a.published, ts_headline('english', q.content, x.tq, ?) AS snip, x.r
        FROM (SELECT q.n, tq, ts_rank_cd(q.tsv, tq) AS r FROM quotes q, ${t.sql} AS tq
              WHERE q.tsv @@ tq ${o.includeDuplicates ? '' : 'AND NOT q.dup'} ORDER BY r DESC, q.n LIMIT ?) x
        JOIN quotes q ON q.n = x.n JOIN articles a ON a.n = q.article ORDER BY x.r DESC, q.n`, [opts, t.value, limit + offset]);
      for (const r of rows) hits.push({ kind: 'quote', articleId: r.id, quoteId: r.qid, headline: r.headline, published: r.published, snippet: r.snip, score: r.r });
    }
    hits.sort((x, y) => y.score - x.score);
    return hits.slice(offset, offset + limit);
  }

  exportRows(kind: 'events', filters?: EventFilters): AsyncIterable<EventRow>;
  exportRows(kind: 'quotes', filters?: QuoteFilters): AsyncIterable<QuoteRow>;
  exportRows(kind: 'articles', filters?: ArticleFilters): AsyncIterable<ArticleRow>;
  async *exportRows(kind: ExportKind, filters: EventFilters & QuoteFilters & ArticleFilters = {}): AsyncIterable<EventRow | QuoteRow | ArticleRow> {
    const CHUNK = 1000;
    let last = 0;
    const { limit: _l, offset: _o, ...f } = filters;
    for (;;) {
      let rows: Array<EventRow | QuoteRow | ArticleRow> = [];
      let ns: number[] = [];
      if (kind === 'events') {
        const w = this.eventWhere(f).add('e.n > ?', last);
        const r = await this.q<EventDbRow>(`SELECT ${EVENT_COLS} FROM events e JOIN articles a ON a.n = e.article ${w.sql} ORDER BY e.n LIMIT ?`, [...w.params, CHUNK]);
        rows = r.map(eventRow); ns = r.map((x) => x.n);
      } else if (kind === 'quotes') {
        const w = this.quoteWhere(f).add('q.n > ?', last);
        const r = await this.q<QuoteDbRow>(`SELECT ${QUOTE_COLS} FROM quotes q JOIN articles a ON a.n = q.article ${w.sql} ORDER BY q.n LIMIT ?`, [...w.params, CHUNK]);
        rows = r.map(quoteRow); ns = r.map((x) => x.n);
      } else if (kind === 'articles') {
        const w = this.articleWhere(f).add('a.n > ?', last);
        const r = await this.q<ArticleDbRow>(`SELECT ${ARTICLE_COLS} FROM articles a LEFT JOIN articles d ON d.n = a.duplicate_of ${w.sql} ORDER BY a.n LIMIT ?`, [...w.params, CHUNK]);
        rows = r.map(articleRow); ns = r.map((x) => x.n);
      } else throw new Error(`unknown export kind "${kind as string}"`);
      yield* rows;
      if (rows.length < CHUNK) return;
      last = ns[ns.length - 1]!;
    }
  }

  async stats(): Promise<StoreStats> {
    const [r] = await this.q<Omit<StoreStats, 'schemaVersion'>>(`SELECT
      (SELECT count(*) FROM articles)::bigint AS articles,
      (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL)::bigint AS "nearDuplicates",
      (SELECT count(*) FROM entities)::bigint AS entities,
      (SELECT coalesce(sum(cardinality(starts)), 0) FROM article_entities)::bigint AS mentions,
      (SELECT count(*) FROM quotes)::bigint AS quotes,
      (SELECT count(*) FROM events)::bigint AS events,
      (SELECT min(day) FROM events) AS "firstDate",
      (SELECT max(day) FROM events) AS "lastDate"`);
    return { schemaVersion: await this.schemaVersion(), ...r! };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** Opens a PostgreSQL store at a postgres:// URL and applies pending migrations (unless read-only). */
export async function openPostgresStore(url: string, opts: PostgresOpenOptions = {}): Promise<PostgresStore> {
  const s = new PostgresStore(url, opts);
  try {
    if (!opts.readonly) await s.migrate();
    else if ((await s.schemaVersion()) === 0) {
      throw Object.assign(new Error(`${redactUrl(url)} holds no dyad store (run "dyad ingest <inputs> --db ${redactUrl(url)}" first)`), { name: 'UserError' });
    }
  } catch (e) {
    await s.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === '3D000' || err.code === '28P01' || err.code === '28000') {
      throw Object.assign(new Error(`cannot open PostgreSQL store ${redactUrl(url)}: ${err.message}`), { name: 'UserError' });
    }
    throw e;
  }
  return s;
}
