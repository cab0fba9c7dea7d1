/**
 * Query commands over the event database: `dyad events | quotes | actors | dyad | search`.
 * Output: a table on a terminal, JSON Lines when piped; --format table|jsonl|json|csv chooses.
 */
import type { Command } from 'commander';
import { UserError } from '../read/types.js';
import { openStore } from '../store/index.js';
import {
  DEFAULT_DB, type ActorRow, type DyadBucket, type DyadPeriod, type EventRow, type QuoteRow, type SearchHit, type Store,
} from '../store/types.js';

export const QUERY_FORMATS = ['table', 'jsonl', 'json', 'csv'] as const;
export type QueryFormat = (typeof QUERY_FORMATS)[number];

export interface Column<T> {
  name: string;
  get: (row: T) => string | number | boolean | null | undefined;
  /** table only: the column that shrinks to fit the terminal */
  flex?: boolean;
  /** table only: widest this column gets (longer values are cut with an ellipsis) */
  max?: number;
  align?: 'right';
}

/** CSV field: quoted when it holds a comma, quote, or line break (RFC 4180). */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(',') + '\n';
}

const oneLine = (s: string) => s.replace(/\s*[\r\n\t\f\v]+\s*/g, ' ');

/** A plain-text table that fits `width` columns: the flex column is cut with an ellipsis. */
export function renderTable<T>(rows: T[], cols: Array<Column<T>>, width = 120): string {
  const cells = rows.map((r) => cols.map((c) => oneLine(String(c.get(r) ?? ''))));
  const w = cols.map((c, i) => Math.min(c.max ?? Infinity, Math.max(c.name.length, ...cells.map((row) => row[i]!.length))));
  const total = () => w.reduce((a, b) => a + b, 0) + 2 * (cols.length - 1);
  const flex = cols.findIndex((c) => c.flex);
  if (flex >= 0 && total() > width) w[flex] = Math.max(cols[flex]!.name.length, 12, w[flex]! - (total() - width));
  const fit = (s: string, n: number, right?: boolean) => {
    const t = s.length > n ? s.slice(0, Math.max(0, n - 1)) + '…' : s;
    return right ? t.padStart(n) : t.padEnd(n);
  };
  const line = (vals: string[]) => vals.map((v, i) => fit(v, w[i]!, cols[i]!.align === 'right')).join('  ').trimEnd();
  return [line(cols.map((c) => c.name)), line(w.map((n) => '─'.repeat(n))), ...cells.map(line)].join('\n') + '\n';
}

export function formatRows<T>(rows: T[], cols: Array<Column<T>>, format: QueryFormat, flat?: (r: T) => Record<string, unknown>): string {
  switch (format) {
    case 'jsonl': return rows.map((r) => JSON.stringify(r) + '\n').join('');
    case 'json': return JSON.stringify(rows, null, 2) + '\n';
    case 'csv': {
      if (flat) {
        const objs = rows.map(flat);
        const keys = objs.length ? Object.keys(objs[0]!) : [];
        return csvLine(keys) + objs.map((o) => csvLine(keys.map((k) => o[k]))).join('');
      }
      return csvLine(cols.map((c) => c.name)) + rows.map((r) => csvLine(cols.map((c) => c.get(r)))).join('');
    }
    default: return renderTable(rows, cols, process.stdout.columns || 120);
  }
}

export interface CommonOptions {
  db: string;
  format?: string;
  limit: string;
  offset: string;
  since?: string;
  until?: string;
  duplicates?: boolean;
}

export function chooseFormat(f: string | undefined): QueryFormat {
  if (f === undefined) return process.stdout.isTTY ? 'table' : 'jsonl';
  if (!(QUERY_FORMATS as readonly string[]).includes(f)) throw new UserError(`unknown format "${f}" (known: ${QUERY_FORMATS.join(', ')})`);
  return f as QueryFormat;
}

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
export function dateOpt(v: string | undefined, name: string): string | undefined {
  if (v === undefined) return undefined;
  if (!DATE.test(v)) throw new UserError(`${name} takes a date: YYYY, YYYY-MM or YYYY-MM-DD (got "${v}")`);
  return v;
}

function intOpt(v: string, name: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UserError(`${name} must be an integer ≥ ${min}`);
  return n;
}

export async function withStore<T>(db: string, fn: (s: Store) => Promise<T>): Promise<T> {
  const store = await openStore(db, { readonly: true });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function common(cmd: Command, defaultLimit = 50): Command {
  return cmd
    .option('--db <file>', 'the database file', DEFAULT_DB)
    .option('-f, --format <format>', `${QUERY_FORMATS.join(' | ')} (default: table on a terminal, jsonl when piped)`)
    .option('-n, --limit <n>', 'rows at most', String(defaultLimit))
    .option('--offset <n>', 'skip this many rows first', '0')
    .option('--since <date>', 'from this date on (YYYY, YYYY-MM or YYYY-MM-DD, inclusive)')
    .option('--until <date>', 'up to this date (inclusive)');
}

const page = (o: CommonOptions) => ({ limit: intOpt(o.limit, '--limit', 1), offset: intOpt(o.offset, '--offset', 0) });
const range = (o: CommonOptions) => ({ since: dateOpt(o.since, '--since'), until: dateOpt(o.until, '--until') });
const actorName = (a: EventRow['source']) => (a ? (a.code && a.name !== a.code ? `${a.name} (${a.code})` : a.name) : '');

export const EVENT_COLUMNS: Array<Column<EventRow>> = [
  { name: 'date', get: (e) => e.date ?? e.published?.slice(0, 10) },
  { name: 'source', get: (e) => actorName(e.source), max: 22 },
  { name: 'type', get: (e) => e.type },
  { name: 'target', get: (e) => actorName(e.target), max: 22 },
  { name: 'int', get: (e) => e.intensity, align: 'right' },
  { name: 'sentence', get: (e) => e.sentence, flex: true },
  { name: 'article', get: (e) => e.articleId, max: 18 },
];

/** An event as one flat row (CSV). */
export function flatEvent(e: EventRow): Record<string, unknown> {
  return {
    key: e.key, article: e.articleId, event: e.eventId, date: e.date, type: e.type, mode: e.mode, cameo: e.cameo,
    source: e.source?.name ?? null, source_code: e.source?.code ?? null, source_sector: e.source?.sector ?? null,
    target: e.target?.name ?? null, target_code: e.target?.code ?? null, target_sector: e.target?.sector ?? null,
    intensity: e.intensity, negated: e.negated, location: e.location, evidence: e.evidence, sentence: e.sentence, quote: e.quote, pattern: e.pattern,
    headline: e.headline, outlet: e.outlet, published: e.published, url: e.url,
  };
}

export const QUOTE_COLUMNS: Array<Column<QuoteRow>> = [
  { name: 'date', get: (q) => q.published?.slice(0, 10) },
  { name: 'speaker', get: (q) => q.speaker?.name ?? '', max: 28 },
  { name: 'quote', get: (q) => q.content, flex: true },
  { name: 'article', get: (q) => q.articleId, max: 24 },
];

export function flatQuote(q: QuoteRow): Record<string, unknown> {
  return {
    key: q.key, article: q.articleId, quote: q.quoteId, published: q.published, speaker: q.speaker?.name ?? null,
    speaker_code: q.speaker?.code ?? null, kind: q.kind, cue: q.cue, content: q.content, headline: q.headline, outlet: q.outlet, url: q.url,
  };
}

const ACTOR_COLUMNS: Array<Column<ActorRow>> = [
  { name: 'name', get: (a) => a.name, flex: true },
  { name: 'kind', get: (a) => a.kind },
  { name: 'code', get: (a) => a.code },
  { name: 'mentions', get: (a) => a.mentions, align: 'right' },
  { name: 'articles', get: (a) => a.articles, align: 'right' },
  { name: 'events', get: (a) => a.events, align: 'right' },
  { name: 'quotes', get: (a) => a.quotes, align: 'right' },
];

/** A bar from -10 (conflict, left) to +10 (cooperation, right) around a centre mark. */
export function intensityBar(v: number | null, half = 10): string {
  if (v === null) return ' '.repeat(half) + '┊' + ' '.repeat(half);
  const n = Math.round((Math.max(-10, Math.min(10, v)) / 10) * half);
  const left = n < 0 ? ' '.repeat(half + n) + '█'.repeat(-n) : ' '.repeat(half);
  const right = n > 0 ? '█'.repeat(n) + ' '.repeat(half - n) : ' '.repeat(half);
  return left + '┊' + right;
}

const SEARCH_COLUMNS: Array<Column<SearchHit>> = [
  { name: 'date', get: (h) => h.published?.slice(0, 10) },
  { name: 'in', get: (h) => h.kind },
  { name: 'article', get: (h) => h.articleId + (h.quoteId ? `#${h.quoteId}` : ''), max: 28 },
  { name: 'match', get: (h) => h.snippet, flex: true },
];

async function print(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise((r) => process.stdout.once('drain', r));
}

/** On an empty table: say what the database holds, so an empty answer is not a mystery. */
async function noneHint(n: number, what: string, fmt: QueryFormat, db: string): Promise<void> {
  if (n !== 0 || fmt !== 'table') return;
  const st = await withStore(db, (s) => s.stats());
  const holds = `${db} holds ${st.articles} articles, ${st.entities} actors, ${st.quotes} quotes, ${st.events} events${st.firstDate ? ` (${st.firstDate} … ${st.lastDate})` : ''}`;
  process.stderr.write(`dyad: no ${what} match; ${holds}${st.articles ? '' : ' (run: dyad ingest <inputs>)'}\n`);
}

export function registerQuery(program: Command): void {
  common(program.command('events').description('events in the database, newest first'))
    .option('-s, --source <actor>', 'source actor: a code (USA, RUS, USAGOV) or a name ("Vladimir Putin")')
    .option('-t, --target <actor>', 'target actor: a code or a name')
    .option('-a, --actor <actor>', 'either side')
    .option('--type <types>', 'PLOVER type(s), comma-separated: CONSULT,ACCUSE')
    .option('--cameo <prefix>', 'CAMEO code prefix: 04, 042')
    .option('--text <words>', 'words that must all occur in the evidence')
    .option('--article <id>', 'events of one article')
    .option('--negated', 'include negated events ("did not attack")')
    .option('--duplicates', 'include events of near-duplicate copies')
    .option('--oldest-first', 'oldest first')
    .addHelpText('after', `
Examples:
  $ dyad events --source USA --target RUS --since 2017-01-01
  $ dyad events --actor "Vladimir Putin" --type ACCUSE,THREATEN -f csv > putin.csv`)
    .action(async (o: CommonOptions & { source?: string; target?: string; actor?: string; type?: string; cameo?: string; text?: string; article?: string; negated?: boolean; oldestFirst?: boolean }) => {
      const fmt = chooseFormat(o.format);
      const rows = await withStore(o.db, (s) => s.events({
        ...page(o), ...range(o), source: o.source, target: o.target, actor: o.actor, type: o.type, cameo: o.cameo, text: o.text,
        articleId: o.article, includeNegated: !!o.negated, includeDuplicates: !!o.duplicates, order: o.oldestFirst ? 'date-asc' : 'date-desc',
      }));
      await print(formatRows(rows, EVENT_COLUMNS, fmt, flatEvent));
      await noneHint(rows.length, 'events', fmt, o.db);
    });

  common(program.command('quotes').description('quotes in the database, newest first'))
    .option('--speaker <who>', 'speaker: part of a name ("Putin") or a code (RUS)')
    .option('--text <query>', 'full-text query over the quote')
    .option('--kind <kind>', 'direct | indirect | partial | mixed')
    .option('--article <id>', 'quotes of one article')
    .option('--duplicates', 'include quotes of near-duplicate copies')
    .addHelpText('after', `
Examples:
  $ dyad quotes --speaker "Vladimir Putin"
  $ dyad quotes --text "sanctions" --since 2022-02`)
    .action(async (o: CommonOptions & { speaker?: string; text?: string; kind?: string; article?: string }) => {
      const fmt = chooseFormat(o.format);
      const rows = await withStore(o.db, (s) => s.quotes({
        ...page(o), ...range(o), speaker: o.speaker, text: o.text, kind: o.kind as QuoteRow['kind'] | undefined, articleId: o.article, includeDuplicates: !!o.duplicates,
      }));
      await print(formatRows(rows, QUOTE_COLUMNS, fmt, flatQuote));
      await noneHint(rows.length, 'quotes', fmt, o.db);
    });

  // `dyad actors` may already hold the knowledge-base subcommands (import, lookup): the ranking is then its
  // default subcommand `top`, so `dyad actors` and `dyad actors top` both rank
  const kb = program.commands.find((c) => c.name() === 'actors');
  const actorsCmd = kb
    ? kb.command('top', { isDefault: true }).description('top actors in the database by mentions (each story counted once) — the default')
    : program.command('actors').description('top actors in the database by mentions (each story counted once)');
  common(actorsCmd, 20)
    .option('--kind <kind>', 'person | state | igo | ngo | organization | location | group')
    .option('--code <code>', 'actors of one country or organisation code')
    .option('--name <part>', 'part of the name')
    .option('--duplicates', 'count near-duplicate copies too')
    .action(async (o: CommonOptions & { kind?: string; code?: string; name?: string }) => {
      const fmt = chooseFormat(o.format);
      const rows = await withStore(o.db, (s) => s.actors({
        ...page(o), ...range(o), kind: o.kind as ActorRow['kind'] | undefined, code: o.code, name: o.name, includeDuplicates: !!o.duplicates,
      }));
      await print(formatRows(rows, ACTOR_COLUMNS, fmt));
      await noneHint(rows.length, 'actors', fmt, o.db);
    });

  program.command('dyad')
    .description('the relation between two actors over time: events per type and mean intensity per period')
    .argument('<a>', 'first actor: a code (USA) or a name')
    .argument('<b>', 'second actor')
    .option('--db <file>', 'the database file', DEFAULT_DB)
    .option('--by <period>', 'day | week | month | year', 'month')
    .option('--since <date>', 'from this date on')
    .option('--until <date>', 'up to this date')
    .option('--forward', 'only A as source and B as target (default: both directions)')
    .option('--negated', 'include negated events')
    .option('--duplicates', 'include events of near-duplicate copies')
    .option('-f, --format <format>', `${QUERY_FORMATS.join(' | ')} (default: table on a terminal, jsonl when piped)`)
    .addHelpText('after', `
The "mean" column is the cooperation–conflict line: mean intensity from -10 (conflict) to +10 (cooperation).

Examples:
  $ dyad dyad USA RUS --by month
  $ dyad dyad "Vladimir Putin" UKR --by week --since 2022 -f csv`)
    .action(async (a: string, b: string, o: { db: string; by: string; since?: string; until?: string; forward?: boolean; negated?: boolean; duplicates?: boolean; format?: string }) => {
      const fmt = chooseFormat(o.format);
      if (!['day', 'week', 'month', 'year'].includes(o.by)) throw new UserError(`--by takes day, week, month or year (got "${o.by}")`);
      const rows = await withStore(o.db, (s) => s.dyad(a, b, o.by as DyadPeriod, {
        since: dateOpt(o.since, '--since'), until: dateOpt(o.until, '--until'), direction: o.forward ? 'forward' : 'both',
        includeNegated: !!o.negated, includeDuplicates: !!o.duplicates,
      }));
      const cols: Array<Column<DyadBucket>> = [
        { name: o.by, get: (r) => r.period },
        { name: 'events', get: (r) => r.total, align: 'right' },
        { name: `${a}→${b}`, get: (r) => r.forward, align: 'right' },
        ...(o.forward ? [] : [{ name: `${b}→${a}`, get: (r: DyadBucket) => r.backward, align: 'right' as const }]),
        { name: 'mean', get: (r) => (r.meanIntensity === null ? '' : r.meanIntensity.toFixed(1)), align: 'right' },
        { name: 'conflict ┊ cooperation', get: (r) => intensityBar(r.meanIntensity) },
        { name: 'types', get: (r) => Object.entries(r.byType).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([t, n]) => `${t} ${n}`).join(', '), flex: true },
      ];
      if (fmt !== 'table') cols.splice(cols.findIndex((c) => c.name.startsWith('conflict')), 1);
      await print(formatRows(rows, cols, fmt, (r) => ({ period: r.period, total: r.total, forward: r.forward, backward: r.backward, mean_intensity: r.meanIntensity, by_type: r.byType })));
      if (!rows.length && fmt === 'table') process.stderr.write(`dyad: no events between ${a} and ${b} (try codes such as USA RUS, or dyad actors to see who is in the database)\n`);
    });

  program.command('search')
    .description('full-text search over article bodies and quotes')
    .argument('<query...>', 'words (all must occur; stemmed), or an FTS5 query: "exact phrase", a OR b, word*')
    .option('--db <file>', 'the database file', DEFAULT_DB)
    .option('--in <where>', 'articles | quotes | all', 'all')
    .option('-n, --limit <n>', 'hits at most', '20')
    .option('--offset <n>', 'skip this many hits first', '0')
    .option('--duplicates', 'include near-duplicate copies')
    .option('-f, --format <format>', `${QUERY_FORMATS.join(' | ')} (default: table on a terminal, jsonl when piped)`)
    .action(async (words: string[], o: { db: string; in: string; limit: string; offset: string; duplicates?: boolean; format?: string }) => {
      const fmt = chooseFormat(o.format);
      if (!['articles', 'quotes', 'all'].includes(o.in)) throw new UserError(`--in takes articles, quotes or all`);
      const rows = await withStore(o.db, (s) => s.search(words.join(' '), {
        in: o.in as 'all', limit: intOpt(o.limit, '--limit', 1), offset: intOpt(o.offset, '--offset', 0), includeDuplicates: !!o.duplicates,
      }));
      await print(formatRows(rows, SEARCH_COLUMNS, fmt));
      if (!rows.length && fmt === 'table') process.stderr.write(`dyad: nothing found for "${words.join(' ')}"\n`);
    });
}
