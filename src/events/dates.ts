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

const DAY_WORDS = /\b(yesterday|today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|last (week|month|year)|earlier this (week|month)|this (week|month)|ago)\b/i;

export interface DateHit { date: string; start: number; end: number }

/**
 * Dates stated in a sentence (offsets relative to the sentence text). Only expressions that fix a day
 * (or a relative day) count: a bare year ("in 1988") or "for the last 20 years" do not date an event.
 */
export function sentenceDates(text: string, ref: Date | null): DateHit[] {
  if (!ref) return [];
  if (!DAY_WORDS.test(text) && !/\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d{4}-\d{2}-\d{2}/i.test(text)) return [];
  let results: chrono.ParsedResult[];
  try { results = chrono.parse(text, ref); } catch { return []; }
  const out: DateHit[] = [];
  for (const r of results) {
    const s = r.start;
    const relative = DAY_WORDS.test(r.text);
    if (!s.isCertain('day') && !relative) continue;
    const y = s.get('year'), m = s.get('month'), d = s.get('day');
    if (y == null || m == null || d == null) continue;
    let date = new Date(Date.UTC(y, m - 1, d));
    // a bare weekday in news means the most recent one, never a future one
    if (/^(on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i.test(r.text.trim()) && date.getTime() > ref.getTime() + 86400000) {
      date = new Date(date.getTime() - 7 * 86400000);
    }
    out.push({ date: ymd(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()), start: r.index, end: r.index + r.text.length });
  }
  return out;
}
