/**
 * The Store: dyad's queryable event database. One interface, several backends (SQLite now through
 * better-sqlite3, PostgreSQL later); every method is async so a networked backend fits unchanged.
 * The shared behaviour suite (store.case.test.ts) runs the same cases against every backend.
 *
 * Identity and duplicates:
 *  - an article is keyed by the content hash of its input (`hash`, sha256 hex of the raw text/html)
 *    and by its URL; putRecords skips an article whose hash or URL is already stored, so re-ingesting
 *    the same input adds nothing;
 *  - a near-duplicate (the same wire story re-published by another outlet, found by MinHash over
 *    word shingles of the body) is stored and linked to the first copy (`duplicateOf`); aggregates (actors, dyad, and events /
 *    quotes unless `includeDuplicates`) count each story once;
 *  - entities are merged across articles by canonical name + code.
 *
 * Dates are ISO strings: an event's `date` is YYYY-MM-DD; `since` / `until` filters are inclusive and
 * compare on the date prefix (YYYY, YYYY-MM or YYYY-MM-DD all work).
 */
import type { DyadRecord, EntityKind, QuoteKind } from '../record.js';

/** One article handed to the store. `hash` is computed from the raw input by `contentHash` (ingest does it). */
export interface PutItem {
  record: DyadRecord;
  /** sha256 hex of the raw input (text or html), the article's identity */
  hash: string;
  /** MinHash signature of the body (src/store/minhash.ts), null when too short; computed by the store when absent */
  fingerprint?: string | null;
}

export interface PutResult {
  /** articles written */
  inserted: number;
  /** articles skipped because their hash or URL was already stored (or repeated in the batch) */
  skipped: number;
  /** of the inserted, how many were linked as near-duplicates of an earlier article */
  nearDuplicates: number;
  /** store ids of the inserted articles, in batch order (skipped ones left out) */
  ids: string[];
}

/** Paging: at most `limit` rows (default 50, cap 10,000) after skipping `offset`. */
export interface Page {
  limit?: number;
  offset?: number;
}

export interface DateRange {
  /** inclusive lower bound on the date prefix: 2017, 2017-03, 2017-03-05 */
  since?: string;
  /** inclusive upper bound on the date prefix */
  until?: string;
}

export interface ArticleFilters extends DateRange, Page {
  /** the outlet (`article.source`), exact */
  source?: string;
  /** full-text query over headline and body (FTS syntax of the backend; plain words always work) */
  text?: string;
  /** true: only articles that are near-duplicates; false: only first copies; absent: all */
  duplicates?: boolean;
}

export interface ArticleRow {
  id: string;
  hash: string;
  url: string | null;
  headline: string | null;
  /** the outlet (`article.source`) */
  source: string | null;
  /** `article.published`, else the input's date as given */
  published: string | null;
  language: string | null;
  /** id of the earlier article this one is a near-duplicate of, or null */
  duplicateOf: string | null;
  /** where it was read from: file path, path:line, or URL */
  input: string | null;
  entities: number;
  quotes: number;
  events: number;
  /** ISO timestamp of the ingest */
  ingestedAt: string;
}

/**
 * An actor filter: matches an event's source/target (or a quote's speaker) by code (`USA`, `RUS`,
 * exact, case-insensitive) or by name (case-insensitive, exact on the entity's canonical name or the
 * actor's name as written). A value of 3 upper-case letters or a known code is tried as a code first.
 */
export type ActorQuery = string;

export interface EventFilters extends DateRange, Page {
  source?: ActorQuery;
  target?: ActorQuery;
  /** either side: source or target */
  actor?: ActorQuery;
  /** PLOVER type(s), e.g. CONSULT, ACCUSE */
  type?: string | string[];
  /** CAMEO code prefix, e.g. 04 or 042 */
  cameo?: string;
  /** words that must all occur (case-insensitive) in the evidence sentence */
  text?: string;
  articleId?: string;
  /** include negated events (default false: "did not attack" is not an attack) */
  includeNegated?: boolean;
  /** include events of near-duplicate articles (default false) */
  includeDuplicates?: boolean;
  /** sort order; default date descending, then article and event order */
  order?: 'date-desc' | 'date-asc';
}

export interface ActorSide {
  name: string;
  code: string | null;
  sector: string | null;
  /** global entity id (merged across articles), when the actor resolved to an entity */
  entityId: number | null;
}

export interface EventRow {
  /** `${articleId}#${eventId}`: unique in the store */
  key: string;
  articleId: string;
  /** the event's id inside its record */
  eventId: string;
  type: string;
  mode: string | null;
  cameo: string | null;
  source: ActorSide | null;
  target: ActorSide | null;
  date: string | null;
  location: string | null;
  negated: boolean;
  intensity: number | null;
  /** the evidence text (record.text sliced at evidence) */
  evidence: string;
  /** the sentence(s) holding the evidence (the evidence itself when the record has no sentences) */
  sentence: string;
  /** id of the quote reporting it, inside the record */
  quote: string | null;
  pattern: string;
  headline: string | null;
  url: string | null;
  /** the outlet */
  outlet: string | null;
  published: string | null;
}

export interface QuoteFilters extends DateRange, Page {
  /** speaker's name (as written or canonical entity name, case-insensitive; a substring matches) or code */
  speaker?: ActorQuery;
  /** full-text query over the quote content */
  text?: string;
  kind?: QuoteKind;
  articleId?: string;
  includeDuplicates?: boolean;
}

export interface QuoteRow {
  /** `${articleId}#${quoteId}` */
  key: string;
  articleId: string;
  quoteId: string;
  content: string;
  kind: QuoteKind;
  cue: string | null;
  speaker: ActorSide | null;
  /** the article's published date (quotes carry no date of their own) */
  published: string | null;
  headline: string | null;
  url: string | null;
  outlet: string | null;
}

export interface ActorFilters extends DateRange, Page {
  kind?: EntityKind;
  code?: string;
  /** case-insensitive substring of the canonical name */
  name?: string;
  includeDuplicates?: boolean;
}

export interface ActorRow {
  /** global entity id */
  id: number;
  name: string;
  kind: EntityKind;
  code: string | null;
  sector: string | null;
  /** mentions over the matching articles */
  mentions: number;
  /** articles mentioning it */
  articles: number;
  /** events with it as source or target */
  events: number;
  /** quotes it is the speaker of */
  quotes: number;
}

export type DyadPeriod = 'day' | 'week' | 'month' | 'year';

export interface DyadOptions extends DateRange {
  /** 'both' (default): A→B and B→A; 'forward': only A as source and B as target */
  direction?: 'both' | 'forward';
  includeNegated?: boolean;
  includeDuplicates?: boolean;
}

/** One period of a relation: the cooperation–conflict line is `meanIntensity` over `period`. */
export interface DyadBucket {
  /** day: YYYY-MM-DD; week: the Monday YYYY-MM-DD; month: YYYY-MM; year: YYYY */
  period: string;
  /** events in the period, both directions unless `direction: 'forward'` */
  total: number;
  /** A as source, B as target */
  forward: number;
  /** B as source, A as target */
  backward: number;
  /** counts per PLOVER type */
  byType: Record<string, number>;
  /** mean of the events' intensity (those that have one), or null */
  meanIntensity: number | null;
}

export interface SearchOptions extends Page {
  /** what to search: article bodies + headlines, quote contents, or both (default) */
  in?: 'articles' | 'quotes' | 'all';
  includeDuplicates?: boolean;
}

export interface SearchHit {
  kind: 'article' | 'quote';
  articleId: string;
  /** the quote's id inside its record, for kind 'quote' */
  quoteId: string | null;
  headline: string | null;
  published: string | null;
  /** a short excerpt around the match, the matched words wrapped in [ ] */
  snippet: string;
  /** relevance, higher is better (backend-specific scale) */
  score: number;
}

export type ExportKind = 'events' | 'quotes' | 'articles';

export interface StoreStats {
  /** schema version (highest migration applied) */
  schemaVersion: number;
  articles: number;
  /** articles linked as near-duplicates of another */
  nearDuplicates: number;
  entities: number;
  mentions: number;
  quotes: number;
  events: number;
  /** earliest and latest event date */
  firstDate: string | null;
  lastDate: string | null;
}

export interface Store {
  /** 'sqlite' | 'postgres' */
  readonly backend: string;
  /** applies pending migrations; returns the schema version. `openStore` calls it. */
  migrate(): Promise<number>;
  /** writes a batch in one transaction; idempotent (see PutResult) */
  putRecords(batch: PutItem[]): Promise<PutResult>;
  /** true when an article with this hash or this URL is stored */
  hasArticle(key: { hash?: string; url?: string | null }): Promise<boolean>;
  /** the full record as extracted, or null */
  getArticle(id: string): Promise<DyadRecord | null>;
  listArticles(filters?: ArticleFilters): Promise<ArticleRow[]>;
  events(filters?: EventFilters): Promise<EventRow[]>;
  quotes(filters?: QuoteFilters): Promise<QuoteRow[]>;
  /** top actors by mentions */
  actors(filters?: ActorFilters): Promise<ActorRow[]>;
  /** the relation between A and B per period, oldest period first */
  dyad(a: ActorQuery, b: ActorQuery, by: DyadPeriod, opts?: DyadOptions): Promise<DyadBucket[]>;
  search(q: string, opts?: SearchOptions): Promise<SearchHit[]>;
  /** streams every row of a kind (no paging), in store order; filters as for the matching query */
  exportRows(kind: 'events', filters?: EventFilters): AsyncIterable<EventRow>;
  exportRows(kind: 'quotes', filters?: QuoteFilters): AsyncIterable<QuoteRow>;
  exportRows(kind: 'articles', filters?: ArticleFilters): AsyncIterable<ArticleRow>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** open without writing (queries only); migrations are not applied */
  readonly?: boolean;
  /** estimated Jaccard similarity of the bodies' word 3-shingles at or above which two articles are the same story (default 0.7) */
  nearDuplicateThreshold?: number;
}

export const DEFAULT_DB = 'dyad.db';
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 10_000;
