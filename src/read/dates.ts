/**
 * Dates and times as news pages print them, turned into ISO 8601:
 *   "December 18th, 2021 at 08:55 IST" → 2021-12-18T08:55:00+05:30
 *   "Dec. 18, 2021 3:12 p.m. ET"       → 2021-12-18T15:12:00-05:00 (EST in winter, EDT in summer)
 *   "Sat 18 Dec 2021 08.55 GMT", "2021-12-18T08:55:00Z", "12/18/2021", "Updated at 5 p.m. ET" (+ a fallback date)
 * A date without a time gives YYYY-MM-DD; a time without a zone gives a local time without offset.
 * Zone abbreviations come from data/read/timezones.tsv, ambiguous ones (IST, BST, CST, AST, PST) resolved by
 * clue words in the article (see the comments in that file). Hand-written regexes, no chrono: this runs on a
 * few short lines per article and must stay fast and predictable.
 */
import { readTsv } from '../util/data.js';

export interface Stamp {
  /** ISO 8601: date-time with offset, date-time without offset (zone unknown) or YYYY-MM-DD */
  iso: string;
  /** span of the date/time expression inside the parsed string */
  start: number;
  end: number;
  hasTime: boolean;
  /** the zone as written ("IST", "GMT+5:30", "Z"), or null */
  zone: string | null;
  /** true when the year was not written and came from the fallback date */
  yearGuessed: boolean;
  /** false when only a time was written and the whole date came from the fallback date */
  hasDate: boolean;
}

export interface StampOptions {
  /** YYYY-MM-DD (or any ISO date) used when the string has a time but no date, or a date without a year */
  fallbackDate?: string | null;
  /** text whose words decide ambiguous zone abbreviations (usually the article) */
  context?: string;
}

type DstRule = 'US' | 'EU' | 'AU' | 'NZ';
interface ZoneAlt { offset: number; clues: RegExp }
interface Zone { abbr: string; offset: number; dst: { rule: DstRule; offset: number } | null; ownClues: RegExp | null; alts: ZoneAlt[] }

const parseOffset = (s: string): number => {
  const m = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(s.trim());
  if (!m) throw new Error(`bad offset ${s}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
};
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const clueRe = (list: string) => new RegExp(`\\b(?:${list.split(',').map((c) => escapeRe(c.trim())).filter(Boolean).join('|')})\\b`, 'g');

let zones: Map<string, Zone> | null = null;
export function zoneTable(): Map<string, Zone> {
  if (zones) return zones;
  zones = new Map();
  for (const [abbr, off, dst, meaning, alts] of readTsv('read/timezones.tsv')) {
    if (!abbr || !off) continue;
    const dm = dst && dst !== '-' ? /^(US|EU|AU|NZ)\s+([+-]\d{2}:\d{2})$/.exec(dst) : null;
    const own = meaning?.includes('|') ? meaning.split('|')[1]! : '';
    zones.set(abbr, {
      abbr, offset: parseOffset(off),
      dst: dm ? { rule: dm[1] as DstRule, offset: parseOffset(dm[2]!) } : null,
      ownClues: own ? clueRe(own) : null,
      alts: (alts ?? '').split(';').map((a) => a.trim()).filter(Boolean).map((a) => {
        const sp = a.indexOf(' ');
        return { offset: parseOffset(a.slice(0, sp)), clues: clueRe(a.slice(sp + 1)) };
      }),
    });
  }
  return zones;
}

const countMatches = (re: RegExp, s: string) => { re.lastIndex = 0; let n = 0; while (re.exec(s)) n++; return n; };

/** nth (1-based) weekday `wd` (0 = Sunday) of month m (1-12); n = -1 for the last one. */
function nthWeekday(y: number, m: number, wd: number, n: number): number {
  if (n > 0) { const first = new Date(Date.UTC(y, m - 1, 1)).getUTCDay(); return 1 + ((wd - first + 7) % 7) + (n - 1) * 7; }
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const last = new Date(Date.UTC(y, m - 1, lastDay)).getUTCDay();
  return lastDay - ((last - wd + 7) % 7);
}

/** Is local date y-m-d inside daylight-saving time under `rule`? (Decided by the date alone.) */
export function isDst(rule: DstRule, y: number, m: number, d: number): boolean {
  const k = m * 100 + d;
  switch (rule) {
    case 'US': return k >= 300 + nthWeekday(y, 3, 0, 2) && k < 1100 + nthWeekday(y, 11, 0, 1);
    case 'EU': return k >= 300 + nthWeekday(y, 3, 0, -1) && k < 1000 + nthWeekday(y, 10, 0, -1);
    case 'AU': return k >= 1000 + nthWeekday(y, 10, 0, 1) || k < 400 + nthWeekday(y, 4, 0, 1);
    case 'NZ': return k >= 900 + nthWeekday(y, 9, 0, -1) || k < 400 + nthWeekday(y, 4, 0, 1);
  }
}

/** Offset in minutes of zone abbreviation `abbr` on local date y-m-d, or null when unknown. */
export function zoneOffset(abbr: string, y: number, m: number, d: number, context = ''): number | null {
  const z = zoneTable().get(abbr);
  if (!z) return null;
  if (z.dst) return isDst(z.dst.rule, y, m, d) ? z.dst.offset : z.offset;
  if (!z.alts.length || !context) return z.offset;
  let best = z.offset, bestN = z.ownClues ? countMatches(z.ownClues, context) : 0;
  for (const a of z.alts) {
    const n = countMatches(a.clues, context);
    if (n > bestN) { best = a.offset; bestN = n; }
  }
  return best;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MON = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const ISO_RE = /\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?/;
const MDY_RE = new RegExp(`\\b${MON}\\s*(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s*(\\d{4})\\b)?`, 'i');
const DMY_RE = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MON}(?![a-z])(?:,?\\s*(\\d{4})\\b)?`, 'i');
const NUM_RE = /\b(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d/.-]?\d)/;
const TIME_AMPM_RE = /\b(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?/i;
const TIME_24_RE = /\b([01]?\d|2[0-3])[:.]([0-5]\d)(?::([0-5]\d))?(?![\d.:]?\d)/;
const TIME_HRS_RE = /\b([01]\d|2[0-3])([0-5]\d)\s*(?:hrs|hours|h)\b/i;
const ZONE_RE = /^\s*(?:\(\s*)?(?:(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?|([A-Z]{1,5})\b)(?:\s*\))?/;

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
const fmtOffset = (min: number) => `${min < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(min) / 60))}:${pad(Math.abs(min) % 60)}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const validDate = (y: number, m: number, d: number) => y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);

interface DateHit { y: number | null; m: number; d: number; start: number; end: number; iso?: Stamp }

function fallbackParts(fb: string | null | undefined): [number, number, number] | null {
  const m = fb ? /^(\d{4})-(\d{2})-(\d{2})/.exec(fb) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** The earliest date expression in s. */
function findDate(s: string, context: string): DateHit | null {
  const hits: DateHit[] = [];
  const iso = ISO_RE.exec(s);
  if (iso) {
    const y = Number(iso[1]), m = Number(iso[2]), d = Number(iso[3]);
    if (validDate(y, m, d)) {
      const hit: DateHit = { y, m, d, start: iso.index, end: iso.index + iso[0].length };
      if (iso[4]) {
        const hh = Number(iso[4]), mi = Number(iso[5]), ss = Number(iso[6] ?? 0);
        const z = iso[7];
        let off: number | null = null, zone: string | null = z ?? null;
        if (z) off = z === 'Z' ? 0 : parseOffset(z.length === 3 ? `${z}:00` : z);
        else {
          const zm = ZONE_RE.exec(s.slice(hit.end));
          if (zm?.[4]) { off = zoneOffset(zm[4], y, m, d, context); if (off !== null) { hit.end += zm[0].length; zone = zm[4]; } }
        }
        hit.iso = { iso: `${iso[1]}-${iso[2]}-${iso[3]}T${pad(hh)}:${pad(mi)}:${pad(ss)}${off === null ? '' : fmtOffset(off)}`, start: hit.start, end: hit.end, hasTime: true, zone, yearGuessed: false, hasDate: true };
      }
      hits.push(hit);
    }
  }
  const mdy = MDY_RE.exec(s);
  if (mdy) {
    const m = MONTHS[mdy[1]!.toLowerCase().slice(0, 3)]!, d = Number(mdy[2]);
    if (d >= 1 && d <= 31) hits.push({ y: mdy[3] ? Number(mdy[3]) : null, m, d, start: mdy.index, end: mdy.index + mdy[0].length });
  }
  const dmy = DMY_RE.exec(s);
  if (dmy) {
    const m = MONTHS[dmy[2]!.toLowerCase().slice(0, 3)]!, d = Number(dmy[1]);
    if (d >= 1 && d <= 31) hits.push({ y: dmy[3] ? Number(dmy[3]) : null, m, d, start: dmy.index, end: dmy.index + dmy[0].length });
  }
  const num = NUM_RE.exec(s);
  if (num && !(iso && num.index >= iso.index && num.index < iso.index + iso[0].length)) {
    const a = Number(num[1]), b = Number(num[3]), sep = num[2]!;
    let y: number | null = num[4] ? Number(num[4]) : null;
    if (y !== null && y < 100) y += 2000;
    // "/" is month-first (US) unless the first number cannot be a month; "." and "-" are day-first.
    const [m, d] = sep === '/' ? (a > 12 ? [b, a] : [a, b]) : (b > 12 ? [a, b] : [b, a]);
    if ((y !== null || sep === '/') && m >= 1 && m <= 12 && d >= 1 && d <= 31) hits.push({ y, m, d, start: num.index, end: num.index + num[0].length });
  }
  if (!hits.length) return null;
  hits.sort((p, q) => p.start - q.start || (q.end - q.start) - (p.end - p.start));
  return hits[0]!;
}

interface TimeHit { hh: number; mi: number; ss: number; start: number; end: number }

function findTimeIn(s: string, offset: number): TimeHit | null {
  let best: TimeHit | null = null;
  const a = TIME_AMPM_RE.exec(s);
  if (a) {
    let hh = Number(a[1]);
    const mi = Number(a[2] ?? 0);
    if (hh >= 1 && hh <= 12 && mi < 60) {
      if (a[4]!.toLowerCase() === 'p' && hh < 12) hh += 12;
      if (a[4]!.toLowerCase() === 'a' && hh === 12) hh = 0;
      best = { hh, mi, ss: Number(a[3] ?? 0), start: offset + a.index, end: offset + a.index + a[0].length };
    }
  }
  const t = TIME_24_RE.exec(s);
  if (t && (!best || offset + t.index < best.start)) {
    // a 24-hour time must not be the start of an am/pm time already found
    if (!best || offset + t.index + t[0].length <= best.start || offset + t.index >= best.end) {
      best = { hh: Number(t[1]), mi: Number(t[2]), ss: Number(t[3] ?? 0), start: offset + t.index, end: offset + t.index + t[0].length };
    }
  }
  if (!best) {
    const h = TIME_HRS_RE.exec(s);
    if (h) best = { hh: Number(h[1]), mi: Number(h[2]), ss: 0, start: offset + h.index, end: offset + h.index + h[0].length };
  }
  return best;
}

/**
 * Finds the first date (and the time beside it) in `s` and returns it as ISO 8601, or null.
 * With only a time, or a date without a year, `fallbackDate` supplies the missing parts.
 */
export function parseStamp(s: string, opts: StampOptions = {}): Stamp | null {
  const context = opts.context ?? '';
  const date = findDate(s, context);
  if (date?.iso) return date.iso;
  let time: TimeHit | null;
  if (date) {
    const before = findTimeIn(s.slice(0, date.start), 0);
    const after = findTimeIn(s.slice(date.end), date.end);
    // the time closest to the date wins
    time = after && (!before || after.start - date.end <= date.start - before.end) ? after : before;
    if (time && Math.min(Math.abs(time.start - date.end), Math.abs(date.start - time.end)) > 40) time = null;
  } else time = findTimeIn(s, 0);
  const fb = fallbackParts(opts.fallbackDate);
  let y: number, m: number, d: number, yearGuessed = false;
  if (date) {
    m = date.m; d = date.d;
    if (date.y !== null) y = date.y;
    else if (fb) { y = fb[0]; yearGuessed = true; }
    else return null;
  } else if (time && fb) [y, m, d] = fb;
  else return null;
  if (!validDate(y, m, d)) return null;
  let start = date ? date.start : time!.start, end = date ? date.end : time!.end;
  const ymd = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
  if (!time) return { iso: ymd, start, end, hasTime: false, zone: null, yearGuessed, hasDate: true };
  start = Math.min(start, time.start);
  end = Math.max(end, time.end);
  let off: number | null = null, zone: string | null = null;
  const zm = ZONE_RE.exec(s.slice(time.end));
  if (zm) {
    if (zm[1]) { off = (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3] ?? 0)); zone = zm[0].replace(/[()\s]/g, ''); }
    else if (zm[4]) { off = zoneOffset(zm[4], y, m, d, context); if (off !== null) zone = zm[4]; }
    if (zone) end = Math.max(end, time.end + zm[0].length);
  }
  const iso = `${ymd}T${pad(time.hh)}:${pad(time.mi)}:${pad(time.ss)}${off === null ? '' : fmtOffset(off)}`;
  return { iso, start, end, hasTime: true, zone, yearGuessed, hasDate: !!date };
}

/** Normalises a date given beside the text (JSONL `date`): ISO kept (validated), other forms parsed; else null. */
export function normalizeDate(s: string | null | undefined, context = ''): string | null {
  if (!s) return null;
  const t = s.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return validDate(Number(t.slice(0, 4)), Number(t.slice(5, 7)), Number(t.slice(8, 10))) ? t : null;
  return parseStamp(t, { context })?.iso ?? null;
}
