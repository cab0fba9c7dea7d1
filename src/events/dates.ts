/**
 * Event dates: the article's date moved by what the sentence says ("yesterday", "on Tuesday", "last week",
 * "Dec. 12"), parsed with chrono-node against the reference (published) time.
 */
import * as chrono from 'chrono-node';

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** The calendar date of the reference time, in the article's own time zone when the published string has one. */
export function refDay(ref: Date | null, published: string | null): string | null {
  if (published && /^\d{4}-\d{2}-\d{2}/.test(published)) return published.slice(0, 10);
  if (!ref) return null;
  return ymd(ref.getUTCFullYear(), ref.getUTCMonth() + 1, ref.getUTCDate());
}

const WEEKDAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
/** Date phrases worth handing to chrono (chrono on whole sentences is the slowest part of the stage). */
const DATE_PHRASE = new RegExp([
  '\\b(?:yesterday|today|tonight|tomorrow)\\b',
  `\\b(?:(?:last|this|next|on|earlier on|late on|early on)\\s+)?${WEEKDAY}\\b`,
  '\\b(?:last|earlier this|this) (?:week|weekend)\\b',
  '\\b\\d{1,2} (?:days|weeks) ago\\b',
  `\\b${MONTH}\\.? \\d{1,2}(?:st|nd|rd|th)?\\b(?:,? \\d{4})?`,
  `\\b\\d{1,2}(?:st|nd|rd|th)? (?:of )?${MONTH}\\b(?:,? \\d{4})?`,
  '\\b\\d{4}-\\d{2}-\\d{2}\\b',
].join('|'), 'gi');
const RELATIVE_WORD = new RegExp(`\\b(?:yesterday|today|tonight|tomorrow|${WEEKDAY}|week|weekend|ago)\\b`, 'i');

export interface DateHit { date: string; start: number; end: number }

/**
 * Dates stated in a sentence (offsets relative to the sentence text). Only expressions that fix a day
 * (or a relative day) count: a bare year ("in 1988") or "for the last 20 years" do not date an event.
 */
export function sentenceDates(text: string, ref: Date | null): DateHit[] {
  if (!ref) return [];
  const out: DateHit[] = [];
  for (const m of text.matchAll(DATE_PHRASE)) {
    const start = m.index ?? 0;
    const rel = relativeDay(m[0], ref);
    if (rel !== undefined) {
      if (rel) out.push({ date: rel, start, end: start + m[0].length });
      continue;
    }
    let results: chrono.ParsedResult[];
    try { results = chrono.parse(m[0], ref); } catch { continue; }
    const r = results[0];
    if (!r) continue;
    const s = r.start;
    if (!s.isCertain('day') && !RELATIVE_WORD.test(r.text)) continue;
    const y = s.get('year'), mo = s.get('month'), d = s.get('day');
    if (y == null || mo == null || d == null) continue;
    let date = new Date(Date.UTC(y, mo - 1, d));
    // a bare weekday in news means the most recent one, never a future one
    if (new RegExp(`^(on )?${WEEKDAY}$`, 'i').test(m[0].trim()) && date.getTime() > ref.getTime() + 86400000) {
      date = new Date(date.getTime() - 7 * 86400000);
    }
    out.push({ date: ymd(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()), start, end: start + m[0].length });
  }
  return out;
}

const MONTH_DAY = new RegExp(`^(${MONTH})\\.? (\\d{1,2})(?:st|nd|rd|th)?(?:,? (\\d{4}))?$`, 'i');
const DAY_MONTH = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)? (?:of )?(${MONTH})(?:,? (\\d{4}))?$`, 'i');
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * The common day phrases without chrono (which costs about a millisecond a call): yesterday, today, a weekday
 * (the most recent one, "next" the coming one), last week, N days/weeks ago, "Dec. 3". undefined = leave it to
 * chrono; null = a phrase that fixes no day ("this week").
 */
function relativeDay(phrase: string, ref: Date): string | null | undefined {
  const p = phrase.toLowerCase().trim();
  const day = (offset: number) => {
    const d = new Date(Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth(), ref.getUTCDate()) + offset * 86400000);
    return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  };
  if (p === 'yesterday') return day(-1);
  if (p === 'today' || p === 'tonight') return day(0);
  if (p === 'tomorrow') return day(1);
  const wd = DAYS.findIndex((d) => p.endsWith(d));
  if (wd >= 0) {
    const cur = ref.getUTCDay();
    if (p.startsWith('next')) return day(((wd - cur + 7) % 7) || 7);
    if (p.startsWith('this')) return day(wd - cur);
    // "on Tuesday", "last Tuesday", "Tuesday": the most recent one (today counts)
    return day(-((cur - wd + 7) % 7) - (p.startsWith('last') && wd === cur ? 7 : 0));
  }
  const ago = /^(\d{1,2}) (days|weeks) ago$/.exec(p);
  if (ago) return day(-Number(ago[1]) * (ago[2] === 'weeks' ? 7 : 1));
  if (p === 'last week') return day(-7);
  // "Dec. 3", "December 3rd, 2021", "3 December"
  const a = MONTH_DAY.exec(p);
  const b = a ? null : DAY_MONTH.exec(p);
  const md: Array<string | undefined> | null = a ? [a[0], a[1], a[2], a[3]] : b ? [b[0], b[2], b[1], b[3]] : null;
  if (md) {
    const mon = MONTHS.findIndex((m) => md[1]!.toLowerCase().startsWith(m)) + 1;
    const dd = Number(md[2]);
    if (mon < 1 || dd < 1 || dd > 31) return null;
    let y = md[3] ? Number(md[3]) : ref.getUTCFullYear();
    // without a year, a date more than half a year ahead is last year's
    if (!md[3] && Date.UTC(y, mon - 1, dd) - ref.getTime() > 183 * 86400000) y--;
    return ymd(y, mon, dd);
  }
  if (/week/.test(p)) return null;
  return undefined;
}
