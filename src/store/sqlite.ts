/**
 * The SQLite backend of the Store (better-sqlite3 12, synchronous underneath, async outside).
 * One file (./dyad.db by default) in WAL mode; every putRecords batch is one transaction, so a crash
 * (SIGINT, kill -9) loses at most the batch in flight and never leaves half an article.
 * Schema: data/store/sqlite/NNN_name.sql, applied in order and recorded in schema_migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import type { DyadRecord } from '../record.js';
import { dataPath } from '../util/data.js';
import { minhash, similarity, bandKeys, DEFAULT_THRESHOLD } from './minhash.js';
import {
  DEFAULT_LIMIT, MAX_LIMIT,
  type ActorFilters, type ActorQuery, type ActorRow, type ActorSide, type ArticleFilters, type ArticleRow,
  type DyadBucket, type DyadOptions, type DyadPeriod, type EventFilters, type EventRow, type OpenOptions, type Page,
  type PutItem, type PutResult, type QuoteFilters, type QuoteRow, type SearchHit, type SearchOptions, type Store,
  type StoreStats, type ExportKind,
} from './types.js';

type Db = Database.Database;
type Params = Array<string | number | null>;

export const SQLITE_MIGRATIONS = 'store/sqlite';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations shipped in data/store/sqlite, sorted by version (file names NNN_name.sql). */
export function loadMigrations(dir = dataPath(SQLITE_MIGRATIONS)): Migration[] {
  const out: Migration[] = [];
  for (const f of fs.readdirSync(dir)) {
    const m = /^(\d+)_([\w-]+)\.sql$/.exec(f);
    if (!m) continue;
    out.push({ version: Number(m[1]), name: m[2]!, sql: fs.readFileSync(path.join(dir, f), 'utf8') });
  }
  out.sort((a, b) => a.version - b.version);
  for (let i = 1; i < out.length; i++) if (out[i]!.version === out[i - 1]!.version) throw new Error(`two migrations with version ${out[i]!.version}`);
  return out;
}

/** Canonical key of an entity for merging across articles: normalised lower-case name + code. */
export function entityKey(name: string, code: string | null): string {
  const n = name.normalize('NFKC').toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, ' ').replace(/^the /, '').trim();
  return `${n}|${(code ?? '').toUpperCase()}`;
}

/** The date prefix (YYYY, YYYY-MM or YYYY-MM-DD) of an ISO-ish date string, or null. */
export function dayOf(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = /^(\d{4})(-\d{2})?(-\d{2})?/.exec(s.trim());
  return m ? m[0] : null;
}

/** The text of the sentences overlapping [start, end) (sentences are sorted), or '' when there are none. */
export function sentenceOf(rec: DyadRecord, start: number, end: number): string {
  const ss = rec.sentences;
  if (!ss?.length) return '';
  let lo = 0, hi = ss.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (ss[mid]!.end <= start) lo = mid + 1; else hi = mid; }
  let a = -1, b = -1;
  for (let i = lo; i < ss.length && ss[i]!.start < Math.max(end, start + 1); i++) { if (a < 0) a = i; b = i; }
  if (a < 0) return '';
  return rec.text.slice(ss[a]!.start, ss[b]!.end).trim();
}

const isCodeQuery = (q: string) => /^[A-Z][A-Z0-9]{1,7}$/.test(q.trim());

/**
 * An FTS5 query from user input: plain words become an AND of quoted terms (so punctuation such as
 * "U.S." or a hyphen never trips the FTS syntax); input using FTS syntax (quotes, AND/OR/NOT, *, NEAR) is kept.
 */
export function ftsQuery(q: string): string {
  if (/["*()^]|\b(AND|OR|NOT|NEAR)\b/.test(q)) return q;
  const w = q.match(/[\p{L}\p{N}]+/gu) ?? [];
  return w.map((x) => `"${x}"`).join(' ');
}

function pageOf(p: Page | undefined): [number, number] {
  const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(p?.limit ?? DEFAULT_LIMIT)));
  const offset = Math.max(0, Math.floor(p?.offset ?? 0));
  return [limit, offset];
}

/** WHERE clause builder */
class Where {
  parts: string[] = [];
  params: Params = [];
  add(sql: string, ...p: Params): this {
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

/** SQL matching an actor query against the src_/tgt_ columns of events. */
function actorSql(prefix: 'src' | 'tgt', q: ActorQuery): [string, Params] {
  const t = q.trim();
  const byName = `(${prefix}_name = ? COLLATE NOCASE OR ${prefix}_entity IN (SELECT id FROM entities WHERE name = ? COLLATE NOCASE))`;
  if (isCodeQuery(t)) {
    const up = t.toUpperCase();
    return [`(${prefix}_code = ? OR (${prefix}_code || ifnull(${prefix}_sector, '')) = ? OR ${byName})`, [up, up, t, t]];
  }
  return [byName, [t, t]];
}

interface EventDbRow {
  n: number; aid: string; eid: string; type: string; mode: string | null; cameo: string | null;
  src_name: string | null; src_code: string | null; src_sector: string | null; src_entity: number | null;
  tgt_name: string | null; tgt_code: string | null; tgt_sector: string | null; tgt_entity: number | null;
  date: string | null; location: string | null; negated: number; intensity: number | null; evidence: string; sentence: string;
  quote: string | null; pattern: string; headline: string | null; url: string | null; outlet: string | null; published: string | null;
}

const side = (name: string | null, code: string | null, sector: string | null, entity: number | null): ActorSide | null =>
  name == null && code == null ? null : { name: name ?? code ?? '', code, sector, entityId: entity };

function eventRow(r: EventDbRow): EventRow {
  return {
    key: `${r.aid}#${r.eid}`, articleId: r.aid, eventId: r.eid, type: r.type, mode: r.mode, cameo: r.cameo,
    source: side(r.src_name, r.src_code, r.src_sector, r.src_entity),
    target: side(r.tgt_name, r.tgt_code, r.tgt_sector, r.tgt_entity),
    date: r.date, location: r.location, negated: !!r.negated, intensity: r.intensity, evidence: r.evidence, sentence: r.sentence || r.evidence,
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

export class SqliteStore implements Store {
  readonly backend = 'sqlite';
  readonly db: Db;
  readonly file: string;
  private readonly nearThreshold: number;
  private stmts = new Map<string, Database.Statement>();

  constructor(file: string, opts: OpenOptions = {}) {
    this.file = file;
    this.nearThreshold = opts.nearDuplicateThreshold ?? DEFAULT_THRESHOLD;
    this.db = new Database(file, { readonly: !!opts.readonly, fileMustExist: !!opts.readonly });
    if (!opts.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    }
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('cache_size = -16000'); // 16 MB: the OS page cache does the rest
    this.db.pragma('temp_store = MEMORY');
  }

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) { s = this.db.prepare(sql); this.stmts.set(sql, s); }
    return s;
  }

  /** schema version currently applied (0 for an empty file) */
  schemaVersion(): number {
    const has = this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'`).get();
    if (!has) return 0;
    return (this.db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  }

  async migrate(): Promise<number> {
    return this.migrateSync();
  }

  migrateSync(migrations = loadMigrations()): number {
    this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const current = this.schemaVersion();
    for (const m of migrations) {
      if (m.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      })();
    }
    this.stmts.clear();
    return this.schemaVersion();
  }

  async hasArticle(key: { hash?: string; url?: string | null }): Promise<boolean> {
    return this.hasArticleSync(key);
  }

  hasArticleSync(key: { hash?: string; url?: string | null }): boolean {
    if (key.hash && this.stmt('SELECT 1 FROM articles WHERE hash = ?').get(key.hash)) return true;
    if (key.url && this.stmt('SELECT 1 FROM articles WHERE url = ?').get(key.url)) return true;
    return false;
  }

  async putRecords(batch: PutItem[]): Promise<PutResult> {
    return this.putRecordsSync(batch);
  }

  putRecordsSync(batch: PutItem[]): PutResult {
    const res: PutResult = { inserted: 0, skipped: 0, nearDuplicates: 0, ids: [] };
    this.db.transaction(() => {
      for (const item of batch) {
        const r = this.putOne(item);
        if (r === null) { res.skipped++; continue; }
        res.inserted++;
        res.ids.push(r.id);
        if (r.dup) res.nearDuplicates++;
      }
    })();
    return res;
  }

  private entityId(name: string, kind: string, code: string | null, sector: string | null): number {
    const key = entityKey(name, code);
    const got = this.stmt('SELECT id FROM entities WHERE key = ?').get(key) as { id: number } | undefined;
    if (got) return got.id;
    const id = Number(this.stmt('INSERT INTO entities (key, name, kind, code, sector) VALUES (?, ?, ?, ?, ?)').run(key, name, kind, code ? code.toUpperCase() : null, sector).lastInsertRowid);
    this.stmt('INSERT INTO entity_counts (entity) VALUES (?)').run(id);
    return id;
  }

  /** inserts one article with its rows; null when it is already stored */
  private putOne(item: PutItem): { id: string; dup: boolean } | null {
    const rec = item.record;
    const url = rec.article.url || rec.input.url || null;
    if (this.hasArticleSync({ hash: item.hash, url })) return null;
    let id = rec.id;
    if (this.stmt('SELECT 1 FROM articles WHERE id = ?').get(id)) id = `${rec.id}~${item.hash.slice(0, 10)}`;

    // near-duplicate: link to the earliest first copy similar enough
    const fp = item.fingerprint !== undefined ? item.fingerprint : minhash(rec.article.body || rec.text);
    let dupOf: number | null = null;
    const keys = fp ? bandKeys(fp) : [];
    if (fp) {
      const tried = new Set<number>();
      for (let b = 0; b < keys.length; b++) {
        const cands = this.stmt(`SELECT s.article AS n, a.minhash AS fp, a.duplicate_of AS d FROM lsh_bands s JOIN articles a ON a.n = s.article
          WHERE s.band = ? AND s.value = ?`).all(b, keys[b]!) as Array<{ n: number; fp: string; d: number | null }>;
        for (const c of cands) {
          if (tried.has(c.n)) continue;
          tried.add(c.n);
          if (similarity(fp, c.fp) < this.nearThreshold) continue;
          const first = c.d ?? c.n;
          if (dupOf === null || first < dupOf) dupOf = first;
        }
      }
    }
    const dup = dupOf !== null ? 1 : 0;
    const day = dayOf(rec.article.published);
    const input = rec.input.path ? (rec.input.line ? `${rec.input.path}:${rec.input.line}` : rec.input.path) : rec.input.url;
    const blob = zlib.deflateRawSync(JSON.stringify({ ...rec, id }), { level: 4 });
    const n = Number(this.stmt(`INSERT INTO articles (id, hash, url, headline, source, published, day, language, input, minhash, duplicate_of,
      n_entities, n_quotes, n_events, body, record, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      id, item.hash, url, rec.article.headline, rec.article.source, rec.article.published, day, rec.article.language, input,
      fp, dupOf, rec.entities.length, rec.quotes.length, rec.events.length, rec.article.body, blob, new Date().toISOString(),
    ).lastInsertRowid);
    this.stmt('INSERT INTO articles_fts (rowid, headline, body) VALUES (?, ?, ?)').run(n, rec.article.headline ?? '', rec.article.body);
    keys.forEach((v, b) => this.stmt('INSERT INTO lsh_bands (band, value, article) VALUES (?, ?, ?)').run(b, v, n));

    const global = new Map<string, number>();
    const count = (entity: number | null, col: 'events' | 'quotes') => {
      if (entity !== null && !dup) this.stmt(`UPDATE entity_counts SET ${col} = ${col} + 1 WHERE entity = ?`).run(entity);
    };
    for (const e of rec.entities) {
      const gid = this.entityId(e.name, e.kind, e.code, e.sector);
      global.set(e.id, gid);
      const r = this.stmt('INSERT OR IGNORE INTO article_entities (article, entity, local_id, mentions, dup, day) VALUES (?, ?, ?, ?, ?, ?)')
        .run(n, gid, e.id, Math.max(1, e.mentions.length), dup, day);
      if (r.changes && !dup) this.stmt('UPDATE entity_counts SET mentions = mentions + ?, articles = articles + 1 WHERE entity = ?').run(Math.max(1, e.mentions.length), gid);
      for (const m of e.mentions) {
        this.stmt('INSERT INTO mentions (article, entity, start, "end", text, type) VALUES (?, ?, ?, ?, ?, ?)').run(n, gid, m.start, m.end, m.text, m.type);
      }
    }
    const gl = (local: string | null | undefined) => (local ? (global.get(local) ?? null) : null);
    for (const q of rec.quotes) {
      const sp = q.speaker;
      const qn = Number(this.stmt(`INSERT OR IGNORE INTO quotes (article, qid, content, kind, cue, speaker_name, speaker_code, speaker_sector, speaker_entity, start, "end", dup, day)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        n, q.id, q.content, q.kind, q.cue, sp?.name ?? null, sp?.code ? sp.code.toUpperCase() : null,
        sp?.entity ? (rec.entities.find((e) => e.id === sp.entity)?.sector ?? null) : null, gl(sp?.entity), q.contentSpan.start, q.contentSpan.end, dup, day,
      ).lastInsertRowid);
      if (qn) {
        this.stmt('INSERT INTO quotes_fts (rowid, content) VALUES (?, ?)').run(qn, q.content);
        count(gl(sp?.entity), 'quotes');
      }
    }
    for (const e of rec.events) {
      const s = e.source, t = e.target;
      const ins = this.stmt(`INSERT OR IGNORE INTO events (article, eid, type, mode, cameo, src_name, src_code, src_sector, src_entity, tgt_name, tgt_code, tgt_sector, tgt_entity,
        date, day, location, negated, intensity, ev_start, ev_end, evidence, sentence, quote, pattern, dup)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        n, e.id, e.type, e.mode, e.cameo,
        s?.name ?? null, s?.code ? s.code.toUpperCase() : null, s?.sector ?? null, gl(s?.entity),
        t?.name ?? null, t?.code ? t.code.toUpperCase() : null, t?.sector ?? null, gl(t?.entity),
        e.date, dayOf(e.date) ?? day, e.location, e.negated ? 1 : 0, e.intensity,
        e.evidence.start, e.evidence.end, rec.text.slice(e.evidence.start, e.evidence.end), sentenceOf(rec, e.evidence.start, e.evidence.end), e.quote, e.pattern, dup,
      );
      if (ins.changes && !e.negated) {
        const se = gl(s?.entity), te = gl(t?.entity);
        count(se, 'events');
        if (te !== se) count(te, 'events');
      }
    }
    return { id, dup: !!dup };
  }

  async getArticle(id: string): Promise<DyadRecord | null> {
    const r = this.stmt('SELECT record FROM articles WHERE id = ?').get(id) as { record: Buffer } | undefined;
    if (!r) return null;
    return JSON.parse(zlib.inflateRawSync(r.record).toString('utf8')) as DyadRecord;
  }

  private articleWhere(f: ArticleFilters): Where {
    const w = new Where();
    if (f.source) w.add('a.source = ?', f.source);
    dateRange(w, 'a.day', f);
    if (f.duplicates === true) w.add('a.duplicate_of IS NOT NULL');
    if (f.duplicates === false) w.add('a.duplicate_of IS NULL');
    if (f.text) w.add('a.n IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)', ftsQuery(f.text));
    return w;
  }

  async listArticles(f: ArticleFilters = {}): Promise<ArticleRow[]> {
    const w = this.articleWhere(f);
    const [limit, offset] = pageOf(f);
    const rows = this.fts(() => this.db.prepare(`SELECT ${ARTICLE_COLS} FROM articles a LEFT JOIN articles d ON d.n = a.duplicate_of ${w.sql}
      ORDER BY a.day DESC, a.n DESC LIMIT ? OFFSET ?`).all(...w.params, limit, offset)) as ArticleDbRow[];
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
      if (types.length) w.add(`e.type IN (${types.map(() => '?').join(',')})`, ...types);
    }
    if (f.cameo) w.add(`e.cameo LIKE ?`, `${f.cameo.replace(/[%_]/g, '')}%`);
    dateRange(w, 'e.day', f);
    if (f.text) for (const word of f.text.match(/[\p{L}\p{N}]+/gu) ?? []) w.add(`(e.sentence LIKE ? OR e.evidence LIKE ?)`, `%${word}%`, `%${word}%`);
    if (f.articleId) w.add('a.id = ?', f.articleId);
    if (!f.includeNegated) w.add('e.negated = 0');
    if (!f.includeDuplicates) w.add('e.dup = 0');
    return w;
  }

  async events(f: EventFilters = {}): Promise<EventRow[]> {
    const w = this.eventWhere(f);
    const [limit, offset] = pageOf(f);
    const dir = f.order === 'date-asc' ? 'ASC' : 'DESC';
    const rows = this.db.prepare(`SELECT ${EVENT_COLS} FROM events e JOIN articles a ON a.n = e.article ${w.sql}
      ORDER BY e.day ${dir}, e.article ${dir}, e.n LIMIT ? OFFSET ?`).all(...w.params, limit, offset) as EventDbRow[];
    return rows.map(eventRow);
  }

  private quoteWhere(f: QuoteFilters): Where {
    const w = new Where();
    if (f.speaker) {
      const t = f.speaker.trim();
      const like = `%${t.replace(/[%_]/g, '')}%`;
      const byName = `(q.speaker_name LIKE ? OR q.speaker_entity IN (SELECT id FROM entities WHERE name LIKE ?))`;
      if (isCodeQuery(t)) w.add(`(q.speaker_code = ? OR (q.speaker_code || ifnull(q.speaker_sector, '')) = ? OR ${byName})`, t, t, like, like);
      else w.add(byName, like, like);
    }
    if (f.text) w.add('q.n IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)', ftsQuery(f.text));
    if (f.kind) w.add('q.kind = ?', f.kind);
    if (f.articleId) w.add('a.id = ?', f.articleId);
    dateRange(w, 'q.day', f);
    if (!f.includeDuplicates) w.add('q.dup = 0');
    return w;
  }

  async quotes(f: QuoteFilters = {}): Promise<QuoteRow[]> {
    const w = this.quoteWhere(f);
    const [limit, offset] = pageOf(f);
    const rows = this.fts(() => this.db.prepare(`SELECT ${QUOTE_COLS} FROM quotes q JOIN articles a ON a.n = q.article ${w.sql}
      ORDER BY q.day DESC, q.article DESC, q.n LIMIT ? OFFSET ?`).all(...w.params, limit, offset)) as QuoteDbRow[];
    return rows.map(quoteRow);
  }

  async actors(f: ActorFilters = {}): Promise<ActorRow[]> {
    if (!f.since && !f.until && !f.includeDuplicates) return this.actorsByCounts(f);
    return this.actorsByScan(f);
  }

  /** top actors from the running counts (first copies, whole time range): an index walk */
  actorsByCounts(f: ActorFilters = {}): ActorRow[] {
    const w = new Where().add('c.articles > 0');
    if (f.kind) w.add('e.kind = ?', f.kind);
    if (f.code) w.add('e.code = ?', f.code.toUpperCase());
    if (f.name) w.add('e.name LIKE ?', `%${f.name.replace(/[%_]/g, '')}%`);
    const [limit, offset] = pageOf(f);
    return this.db.prepare(`SELECT e.id, e.name, e.kind, e.code, e.sector, c.mentions, c.articles, c.events, c.quotes
      FROM entity_counts c JOIN entities e ON e.id = c.entity ${w.sql}
      ORDER BY c.mentions DESC, c.articles DESC, e.name LIMIT ? OFFSET ?`).all(...w.params, limit, offset) as ActorRow[];
  }

  /** top actors by scanning article_entities (date ranges, duplicates included) */
  async actorsByScan(f: ActorFilters = {}): Promise<ActorRow[]> {
    const w = new Where();
    if (!f.includeDuplicates) w.add('ae.dup = 0');
    dateRange(w, 'ae.day', f);
    if (f.kind) w.add('e.kind = ?', f.kind);
    if (f.code) w.add('e.code = ?', f.code.toUpperCase());
    if (f.name) w.add('e.name LIKE ?', `%${f.name.replace(/[%_]/g, '')}%`);
    const [limit, offset] = pageOf(f);
    const rows = this.db.prepare(`SELECT e.id, e.name, e.kind, e.code, e.sector, sum(ae.mentions) AS mentions, count(*) AS articles
      FROM article_entities ae JOIN entities e ON e.id = ae.entity ${w.sql}
      GROUP BY ae.entity ORDER BY mentions DESC, articles DESC, e.name LIMIT ? OFFSET ?`).all(...w.params, limit, offset) as Array<Omit<ActorRow, 'events' | 'quotes'>>;
    const ew = new Where().add('negated = 0'), qw = new Where();
    if (!f.includeDuplicates) { ew.add('dup = 0'); qw.add('dup = 0'); }
    dateRange(ew, 'day', f);
    dateRange(qw, 'day', f);
    const and = (w2: Where) => (w2.parts.length ? ` AND ${w2.parts.join(' AND ')}` : '');
    const evSrc = this.db.prepare(`SELECT count(*) AS c FROM events WHERE src_entity = ?${and(ew)}`);
    const evTgt = this.db.prepare(`SELECT count(*) AS c FROM events WHERE tgt_entity = ? AND (src_entity IS NULL OR src_entity <> tgt_entity)${and(ew)}`);
    const qs = this.db.prepare(`SELECT count(*) AS c FROM quotes WHERE speaker_entity = ?${and(qw)}`);
    return rows.map((r) => ({
      ...r,
      events: (evSrc.get(r.id, ...ew.params) as { c: number }).c + (evTgt.get(r.id, ...ew.params) as { c: number }).c,
      quotes: (qs.get(r.id, ...qw.params) as { c: number }).c,
    }));
  }

  async dyad(a: ActorQuery, b: ActorQuery, by: DyadPeriod, o: DyadOptions = {}): Promise<DyadBucket[]> {
    const period: Record<DyadPeriod, string> = {
      day: `substr(e.day, 1, 10)`,
      week: `date(e.day, '-' || ((CAST(strftime('%w', e.day) AS INTEGER) + 6) % 7) || ' days')`,
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
    if (!o.includeNegated) w.add('e.negated = 0');
    if (!o.includeDuplicates) w.add('e.dup = 0');
    const rows = this.db.prepare(`SELECT ${period[by]} AS p, e.type, CASE WHEN ${sa} AND ${tb} THEN 1 ELSE 0 END AS fwd,
      count(*) AS c, sum(e.intensity) AS s, count(e.intensity) AS ci
      FROM events e ${w.sql} GROUP BY p, e.type, fwd ORDER BY p`).all(...pa, ...pb, ...w.params) as Array<{ p: string | null; type: string; fwd: number; c: number; s: number | null; ci: number }>;
    const out = new Map<string, DyadBucket & { _s: number; _ci: number }>();
    for (const r of rows) {
      if (!r.p) continue;
      let bk = out.get(r.p);
      if (!bk) { bk = { period: r.p, total: 0, forward: 0, backward: 0, byType: {}, meanIntensity: null, _s: 0, _ci: 0 }; out.set(r.p, bk); }
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

  /** runs a query using FTS; an FTS syntax error becomes a one-line message */
  private fts<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      const msg = (e as Error).message;
      if (/fts5|MATCH/i.test(msg)) throw Object.assign(new Error(`bad search query (${msg})`), { name: 'UserError' });
      throw e;
    }
  }

  async search(q: string, o: SearchOptions = {}): Promise<SearchHit[]> {
    const query = ftsQuery(q);
    if (!query.trim()) return [];
    const [limit, offset] = pageOf(o);
    const where = o.in ?? 'all';
    const hits: SearchHit[] = [];
    const dupA = o.includeDuplicates ? '' : 'AND a.duplicate_of IS NULL';
    const dupQ = o.includeDuplicates ? '' : 'AND q.dup = 0';
    this.fts(() => {
      if (where !== 'quotes') {
        const rows = this.db.prepare(`SELECT a.id, a.headline, a.published, snippet(articles_fts, -1, '[', ']', '…', 14) AS snip, bm25(articles_fts) AS r
          FROM articles_fts JOIN articles a ON a.n = articles_fts.rowid WHERE articles_fts MATCH ? ${dupA} ORDER BY r LIMIT ?`)
          .all(query, limit + offset) as Array<{ id: string; headline: string | null; published: string | null; snip: string; r: number }>;
        for (const r of rows) hits.push({ kind: 'article', articleId: r.id, quoteId: null, headline: r.headline, published: r.published, snippet: r.snip, score: -r.r });
      }
      if (where !== 'articles') {
        const rows = this.db.prepare(`SELECT a.id, q.qid, a.headline, a.published, snippet(quotes_fts, 0, '[', ']', '…', 14) AS snip, bm25(quotes_fts) AS r
          FROM quotes_fts JOIN quotes q ON q.n = quotes_fts.rowid JOIN articles a ON a.n = q.article WHERE quotes_fts MATCH ? ${dupQ} ORDER BY r LIMIT ?`)
          .all(query, limit + offset) as Array<{ id: string; qid: string; headline: string | null; published: string | null; snip: string; r: number }>;
        for (const r of rows) hits.push({ kind: 'quote', articleId: r.id, quoteId: r.qid, headline: r.headline, published: r.published, snippet: r.snip, score: -r.r });
      }
    });
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
        const r = this.db.prepare(`SELECT ${EVENT_COLS} FROM events e JOIN articles a ON a.n = e.article ${w.sql} ORDER BY e.n LIMIT ?`).all(...w.params, CHUNK) as EventDbRow[];
        rows = r.map(eventRow); ns = r.map((x) => x.n);
      } else if (kind === 'quotes') {
        const w = this.quoteWhere(f).add('q.n > ?', last);
        const r = this.fts(() => this.db.prepare(`SELECT ${QUOTE_COLS} FROM quotes q JOIN articles a ON a.n = q.article ${w.sql} ORDER BY q.n LIMIT ?`).all(...w.params, CHUNK)) as QuoteDbRow[];
        rows = r.map(quoteRow); ns = r.map((x) => x.n);
      } else if (kind === 'articles') {
        const w = this.articleWhere(f).add('a.n > ?', last);
        const r = this.fts(() => this.db.prepare(`SELECT ${ARTICLE_COLS} FROM articles a LEFT JOIN articles d ON d.n = a.duplicate_of ${w.sql} ORDER BY a.n LIMIT ?`).all(...w.params, CHUNK)) as ArticleDbRow[];
        rows = r.map(articleRow); ns = r.map((x) => x.n);
      } else throw new Error(`unknown export kind "${kind as string}"`);
      yield* rows;
      if (rows.length < CHUNK) return;
      last = ns[ns.length - 1]!;
    }
  }

  async stats(): Promise<StoreStats> {
    const one = (sql: string) => (this.db.prepare(sql).get() as { c: number }).c;
    const range = this.db.prepare(`SELECT min(day) AS lo, max(day) AS hi FROM events`).get() as { lo: string | null; hi: string | null };
    return {
      schemaVersion: this.schemaVersion(),
      articles: one('SELECT count(*) AS c FROM articles'),
      nearDuplicates: one('SELECT count(*) AS c FROM articles WHERE duplicate_of IS NOT NULL'),
      entities: one('SELECT count(*) AS c FROM entities'),
      mentions: one('SELECT count(*) AS c FROM mentions'),
      quotes: one('SELECT count(*) AS c FROM quotes'),
      events: one('SELECT count(*) AS c FROM events'),
      firstDate: range.lo, lastDate: range.hi,
    };
  }

  async close(): Promise<void> {
    this.closeSync();
  }

  closeSync(): void {
    if (!this.db.open) return;
    this.stmts.clear();
    if (!this.db.readonly) {
      try { this.db.pragma('optimize'); } catch { /* read-only or busy: fine */ }
    }
    this.db.close();
  }
}

/** Opens (creating when needed) a SQLite store and applies pending migrations. */
export async function openSqliteStore(file: string, opts: OpenOptions = {}): Promise<SqliteStore> {
  if (opts.readonly && !fs.existsSync(file)) {
    throw Object.assign(new Error(`no database at ${file} (run "dyad ingest <inputs>" first, or choose one with --db)`), { name: 'UserError' });
  }
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const s = new SqliteStore(file, opts);
  if (!opts.readonly) s.migrateSync();
  else if (s.schemaVersion() === 0) { s.closeSync(); throw Object.assign(new Error(`${file} is not a dyad database`), { name: 'UserError' }); }
  return s;
}
