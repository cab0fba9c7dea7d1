/**
 * Query-string parsing for the API and the pages: every parameter is checked, and a bad one is a 400
 * with a message that names it (never a silent default, never a 500).
 */
import type { DyadPeriod, EventFilters, QuoteFilters, ArticleFilters, ActorFilters } from '../store/types.js';
import type { EntityKind, QuoteKind } from '../record.js';

/** An error with an HTTP status, turned into a JSON body (API) or an error page (UI). */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly code = codeFor(status)) {
    super(message);
  }
}

function codeFor(status: number): string {
  switch (status) {
    case 400: return 'bad_request';
    case 401: return 'unauthorized';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 405: return 'method_not_allowed';
    case 413: return 'payload_too_large';
    case 415: return 'unsupported_media_type';
    default: return status >= 500 ? 'internal_error' : 'error';
  }
}

/** Largest page the API hands out in one response (the store caps at 10,000; responses stay small). */
export const API_MAX_LIMIT = 1000;
export const PERIODS: DyadPeriod[] = ['day', 'week', 'month', 'year'];
export const ENTITY_KINDS: EntityKind[] = ['person', 'state', 'igo', 'ngo', 'organization', 'location', 'group', 'former-state'];
export const QUOTE_KINDS: QuoteKind[] = ['direct', 'indirect', 'partial', 'mixed'];
export const PLOVER_TYPES = [
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
  'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT',
];

const DATE_RE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const MAX_PARAM_CHARS = 500;

export type Query = Record<string, string | undefined>;

/** Reads a string parameter: trimmed, empty means absent, bounded in length. */
export function str(q: Query, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  const t = v.trim();
  if (!t) return undefined;
  if (t.length > MAX_PARAM_CHARS) throw new HttpError(400, `parameter "${name}" is longer than ${MAX_PARAM_CHARS} characters`);
  return t;
}

export function int(q: Query, name: string, min: number, max: number): number | undefined {
  const v = str(q, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new HttpError(400, `parameter "${name}" must be a whole number, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new HttpError(400, `parameter "${name}" must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function bool(q: Query, name: string): boolean | undefined {
  const v = str(q, name);
  if (v === undefined) return undefined;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new HttpError(400, `parameter "${name}" must be true or false, got "${v}"`);
}

export function date(q: Query, name: string): string | undefined {
  const v = str(q, name);
  if (v === undefined) return undefined;
  if (!DATE_RE.test(v)) throw new HttpError(400, `parameter "${name}" must be a date YYYY, YYYY-MM or YYYY-MM-DD, got "${v}"`);
  return v;
}

export function oneOf<T extends string>(q: Query, name: string, allowed: readonly T[]): T | undefined {
  const v = str(q, name);
  if (v === undefined) return undefined;
  const hit = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
  if (!hit) throw new HttpError(400, `parameter "${name}" must be one of ${allowed.join(', ')}, got "${v}"`);
  return hit;
}

/** `limit` and `offset`; the default page is `defLimit` rows. */
export function page(q: Query, defLimit = 50, maxLimit = API_MAX_LIMIT): { limit: number; offset: number } {
  return { limit: int(q, 'limit', 1, maxLimit) ?? defLimit, offset: int(q, 'offset', 0, 1_000_000) ?? 0 };
}

function dates(q: Query): { since?: string; until?: string } {
  const out: { since?: string; until?: string } = {};
  const since = date(q, 'since');
  const until = date(q, 'until');
  if (since) out.since = since;
  if (until) out.until = until;
  return out;
}

/** Drops undefined values so filters stay minimal (and print cleanly). */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

export function articleFilters(q: Query, defLimit = 50): ArticleFilters {
  return compact({ ...dates(q), ...page(q, defLimit), source: str(q, 'source'), text: str(q, 'q'), duplicates: bool(q, 'duplicates') });
}

/** Event types: `type=ACCUSE` or `type=ACCUSE,REJECT`, checked against PLOVER's 16. */
function types(q: Query): string[] | undefined {
  const v = str(q, 'type');
  if (!v) return undefined;
  const out: string[] = [];
  for (const t of v.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean)) {
    if (!PLOVER_TYPES.includes(t)) throw new HttpError(400, `parameter "type": unknown PLOVER type "${t}" (known: ${PLOVER_TYPES.join(', ')})`);
    out.push(t);
  }
  return out.length ? out : undefined;
}

export function eventFilters(q: Query, defLimit = 50): EventFilters {
  const cameo = str(q, 'cameo');
  if (cameo && !/^\d{1,4}$/.test(cameo)) throw new HttpError(400, `parameter "cameo" must be a CAMEO code prefix (digits), got "${cameo}"`);
  return compact({
    ...dates(q), ...page(q, defLimit),
    source: str(q, 'source'), target: str(q, 'target'), actor: str(q, 'actor'),
    type: types(q), cameo, text: str(q, 'q'), articleId: str(q, 'article'),
    includeNegated: bool(q, 'negated'), includeDuplicates: bool(q, 'duplicates'),
    order: oneOf(q, 'order', ['date-desc', 'date-asc'] as const),
  });
}

export function quoteFilters(q: Query, defLimit = 50): QuoteFilters {
  return compact({
    ...dates(q), ...page(q, defLimit),
    speaker: str(q, 'speaker'), text: str(q, 'q'), kind: oneOf(q, 'kind', QUOTE_KINDS),
    articleId: str(q, 'article'), includeDuplicates: bool(q, 'duplicates'),
  });
}

export function actorFilters(q: Query, defLimit = 50): ActorFilters {
  return compact({
    ...dates(q), ...page(q, defLimit),
    kind: oneOf(q, 'kind', ENTITY_KINDS), code: str(q, 'code'), name: str(q, 'name'), includeDuplicates: bool(q, 'duplicates'),
  });
}

export function dyadOptions(q: Query): { by: DyadPeriod; since?: string; until?: string; direction?: 'both' | 'forward'; includeNegated?: boolean; includeDuplicates?: boolean } {
  return compact({
    by: oneOf(q, 'by', PERIODS) ?? 'month', ...dates(q),
    direction: oneOf(q, 'direction', ['both', 'forward'] as const),
    includeNegated: bool(q, 'negated'), includeDuplicates: bool(q, 'duplicates'),
  });
}

/** The period an ISO date falls in, as DyadBucket labels it (week: the Monday). */
export function periodOf(d: string, by: DyadPeriod): string {
  if (by === 'year') return d.slice(0, 4);
  if (by === 'month') return d.slice(0, 7);
  const day = d.slice(0, 10);
  if (by === 'day' || day.length < 10) return day;
  const t = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  const dow = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(t - dow * 86_400_000).toISOString().slice(0, 10);
}

/** Start of a period label as epoch seconds (for chart axes). */
export function periodStart(p: string): number {
  const y = Number(p.slice(0, 4));
  const m = p.length >= 7 ? Number(p.slice(5, 7)) - 1 : 0;
  const d = p.length >= 10 ? Number(p.slice(8, 10)) : 1;
  return Date.UTC(y, m, d) / 1000;
}
