/**
 * Plain-text reader: news text as scraped (headline, dek, byline, time stamps, image credits, ads and share
 * lines around the body) or as clean body text (JSONL corpora), turned into article metadata and body
 * paragraphs whose offsets point into the input exactly as read.
 *
 * Three linear passes over the lines, all regexes precompiled:
 *  1. every non-blank line is classified: boilerplate (data/read/boilerplate.tsv), image credit or caption,
 *     byline, date line — or content;
 *  2. content lines become paragraphs (blank lines and removed lines separate them; short hard-wrapped lines
 *     are joined); the header is read: headline (or the JSONL title), subheadline;
 *  3. the body: crossheads marked, dateline parsed, language identified.
 * Every removed line is listed in `article.removed` with the rule that removed it.
 */
import type { RawDocument } from './types.js';
import type { Article, Dateline, Paragraph, TextSpan } from '../record.js';
import { emptyArticle, type ReadResult } from './index.js';
import { readTsv } from '../util/data.js';
import { normalizeDate, parseStamp, type Stamp } from './dates.js';
import { detectLanguage } from './language.js';

// ---------------------------------------------------------------------------------------------------------
// Rules

interface BoilerRule { rule: string; re: RegExp; needle?: string }
let compiled: { list: BoilerRule[]; all: RegExp; caseSensitive: BoilerRule[] } | null = null;

function rules(): { list: BoilerRule[]; all: RegExp; caseSensitive: BoilerRule[] } {
  if (!compiled) {
    const rows = readTsv('read/boilerplate.tsv').filter((r) => r.length >= 2);
    const list = rows.filter((r) => r[2] !== 'case').map(([rule, pat]) => ({ rule: rule!, re: new RegExp(`^(?:${pat})$`, 'i') }));
    const caseSensitive = rows.filter((r) => r[2] === 'case').map(([rule, pat, , needle]) => ({ rule: rule!, re: new RegExp(`^(?:${pat})$`, 'u'), ...(needle ? { needle } : {}) }));
    // one alternation for the common case (no rule matches): a single regex run per line
    const all = new RegExp(`^(?:${list.map((r) => r.re.source.slice(1, -1)).join('|')})$`, 'i');
    compiled = { list, all, caseSensitive };
  }
  return compiled;
}

const AGENCIES = /^(?:the )?(?:associated press|ap|afp|agence france[- ]presse|reuters|ani|pti|ians|upi|xinhua|tass|ria novosti|interfax|dpa|efe|ansa|kyodo|yonhap|bernama|antara|aa|anadolu|cnn|bbc|bbc news|fox news|npr|bloomberg|getty images|epa|staff|staff writer|staff reporter|news desk|web desk|newsroom|agencies|wire services?|[\w .'-]{1,30} (?:staff|correspondent|reporter|bureau|desk|news|times|post|press|agency|online|world|tv))$/i;
/** A line naming only the outlet or agency (printed under the author's name by some sites). */
const OUTLET_RE = /^(?:(?:special )?(?:for|to) )?(?:USA TODAY|USAToday|Associated Press|The Associated Press|Reuters|AFP|Agence France-Presse|ABC News|CBS News|NBC News|CNN|CNN Wire|Fox News|BBC News|Bloomberg|Bloomberg News|Al Jazeera|The Guardian|NPR|Politico|POLITICO|The Hill|Vox|Newsweek|TIME|Time Magazine|The Washington Post|The New York Times|The Wall Street Journal|Los Angeles Times|Washington Times|The Washington Times|Xinhua|TASS|PTI|IANS|ANI)$/i;
const NAME_PARTICLES = new Set(['de', 'da', 'das', 'do', 'dos', 'du', 'del', 'della', 'der', 'den', 'van', 'von', 'ter', 'ten', 'bin', 'bint', 'ibn', 'al', 'el', 'la', 'le', 'di', 'abu', 'y', 'e']);

/** "By JOHN SMITH and Jane Doe, Reuters" → ["John Smith", "Jane Doe"]; null when it does not read as names. */
export function parseAuthors(s: string): string[] | null {
  let t = s.trim().replace(/\s*[|•·]\s*.*$/, '').replace(/[.;:]+$/, '');
  // trailing affiliation: ", Reuters" / " - Associated Press" / " in Washington"
  const parts = t.split(/\s*,\s*|\s+(?:and|&)\s+/i).map((p) => p.replace(/\s+in\s+\p{Lu}[\p{L} .'-]{1,30}$/u, '').trim()).filter(Boolean);
  const names: string[] = [];
  for (const p of parts) {
    if (AGENCIES.test(p)) continue;
    const words = p.split(/\s+/);
    if (words.length > 5 || /\d|@|https?:/.test(p)) return null;
    if (!words.every((w) => /^[\p{Lu}][\p{L}.'’-]*$/u.test(w) || NAME_PARTICLES.has(w.toLowerCase()) || /^[\p{Lu}]\.$/u.test(w))) return null;
    if (words.length === 1 && names.length === 0 && parts.length === 1 && /^[\p{Lu}]+$/u.test(p) && p.length < 4) return null;
    names.push(p === p.toUpperCase() && /[A-Z]{2}/.test(p) ? titleCase(p) : p);
  }
  return names.length ? names : parts.length ? [] : null;
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/\b(?:\p{L}\.){2,}/gu, (w) => w.toUpperCase()).replace(/(^|[\s'’-])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase())
    .replace(/\bMc(\p{L})/gu, (_m, b: string) => `Mc${b.toUpperCase()}`)
    .replace(/\b(De|Da|Van|Von|Bin|Al|El|La|Le|Di|Of|And|The)\b/g, (w, _x, i: number) => (i === 0 ? w : w.toLowerCase()));
}

const BYLINE_RE = /^(?:(by)|(reported by|written by|words by|story by|text by|authors?|posted by|reporter|correspondent))\s*[:\-–]?\s+(.+)$/i;
const CREDIT_LINE_RE = /^(?:image|photo|picture|photograph|pic|illustration|photo credit|image credit|image source|credit|credits|courtesy)\s*(?::|\.{3}|…)\s*(.{1,120})$/i;
const ROLE_RE = /^(?:[\w .'’&-]{0,40}\b)?(?:correspondent|editor|reporter|writer|columnist|contributor|analyst|staff|bureau chief|producer)\b[\w ,.'’&-]{0,40}$/i;
const CAPTION_PREFIX_RE = /^(?:image (?:copyright|caption)|media (?:playback|caption)|video caption|(?:enlarge this image\s+)?(?:toggle|hide) caption)\b/i;
const HAS_DIGIT_RE = /\d/;
const BBC_CREDIT_RE = /^image copyright\s+(.+?)(?:\s+image caption\b.*)?$/i;
const NPR_CREDIT_RE = /^(?:enlarge this image\s+)?(?:toggle|hide) caption\s+(.+)$/i;
const AP_CAPTION_RE = /\(((?:AP|AFP|EPA|UPI|Xinhua|Yonhap|Kyodo|Reuters|Getty Images|Sputnik|TASS|ANI|PTI)(?: Photo| Images)?(?:\/[^()]{1,80}?)?|Photo(?:graph)?(?: by|:)\s*[^()]{1,80}?)(?:,\s*(?:File|Pool))?\)\.?$/;
const REUTERS_CAPTION_RE = /\b(REUTERS\/[\p{Lu}][\p{L} .'’-]{1,60}?)(?:\/(?:File(?: Photo)?|Pool|Illustration)(?: Photo)?)?\.?$/u;
const PHOTOGRAPH_RE = /\b(?:Photograph|Photo|Picture|Image)s?:\s*([\p{Lu}][^:]{1,80}?)\.?$/u;
const CREDIT_ONLY_RE = /^(?:[\p{Lu}][\p{L}.'’ -]{0,40}\/)+(?:Getty Images|AFP via Getty Images|AFP|AP|EPA|Reuters|REUTERS|Bloomberg|Sipa|Shutterstock|Pool|The New York Times|The Washington Post|[\p{Lu}]{2,8})$/u;
const FILE_CAPTION_RE = /^(?:FILE(?: PHOTO)?\s*[-–—:]|In this (?:file |undated |handout )?photo\b)/;
const NAV_RE = /^(?:[\p{L}&'’. -]{1,30}\s*(?:\||>|»|\/|›)\s*){2,}[\p{L}&'’. -]{1,30}$/u;
const DATE_KEY_RE = /^(?:((?:this (?:post|story|article|page|report) (?:was|has been) )?(?:last |most recently )?(?:updated|modified|edited|revised)|(?:most recent|last) update)|((?:first |originally )?(?:published|posted)|date|dated|created|released|issued))\b\s*(?:on|at)?\s*:?\s*/i;
const RESIDUE_RE = /\b(?:on|at|the|of|hrs?|local time|(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b|[\s,.:;|•·()\-–—/]+/gi;
const ZONE_RESIDUE_RE = /\b[A-Z]{2,5}\b/g;
const SEG_SPLIT_RE = /\s+[|•·]\s+|\s{3,}/;

type Kind = 'boilerplate' | 'credit' | 'caption' | 'byline' | 'date' | 'headline' | 'subheadline' | 'duplicate';
interface Removal { kind: Kind; rule: string; credits?: string[]; authors?: string[]; date?: { field: 'published' | 'updated'; line: string; stamp: Stamp } }

const residue = (s: string, st: Stamp) => (s.slice(0, st.start) + ' ' + s.slice(st.end)).replace(ZONE_RESIDUE_RE, '').replace(RESIDUE_RE, '');

/** A date line: "Updated December 18th, 2021 at 08:55 IST", "Published: 2021-12-18", "18 Dec 2021 08:55 GMT". */
function dateLine(line: string, fallback: string | null, context: string): Removal | null {
  const s = line.replace(/^\(\s*|\s*\)\.?$|\.$/g, '');
  const k = DATE_KEY_RE.exec(s);
  const rest = k ? s.slice(k[0].length) : s;
  // a keyworded time without a date ("Updated at 5 p.m. ET") is recognised even before the date is known:
  // the placeholder date is replaced by the article's date below, or the stamp is dropped
  const st = parseStamp(rest, { fallbackDate: fallback ?? (k ? '2000-01-01' : null), context });
  if (!st) return null;
  if (residue(rest, st).length > 2) return null;
  // a bare stamp must carry a full date ("December 18" or "11:30 a.m." alone are timeline crossheads)
  if (!k && (st.yearGuessed || !/\d{4}/.test(rest.slice(st.start, st.end)))) return null;
  return { kind: 'date', rule: k ? (k[1] ? 'date-updated' : 'date-published') : 'date', date: { field: k?.[1] ? 'updated' : 'published', line: rest, stamp: st } };
}

function half(s: string): string {
  const t = s.trim();
  const h = t.length >> 1;
  if (t.length % 2 === 1 && t[h] === ' ' && t.slice(0, h) === t.slice(h + 1)) return t.slice(0, h);
  return t;
}

function cleanCredit(s: string): string {
  return s.trim().replace(/[,/]\s*(?:File(?: Photo)?|Pool)$/i, '').replace(/\.$/, '').trim();
}

/** Classifies one trimmed line (content → null). `header` allows bare "By …" bylines. */
function classify(s: string, header: boolean, fallback: string | null, context: string): Removal | null {
  const len = s.length;
  const first = s.charCodeAt(0), last = s.charCodeAt(len - 1);
  // captions carrying a credit at their end (AP, Reuters, Guardian) and caption/credit prefixes, any length
  if (last === 41 /* ) */) {
    const m = AP_CAPTION_RE.exec(s);
    if (m) return { kind: 'caption', rule: 'caption-credit', credits: [cleanCredit(m[1]!)] };
  }
  if (len > 20 && s.includes('REUTERS/')) {
    const m = REUTERS_CAPTION_RE.exec(s);
    if (m) return { kind: 'caption', rule: 'caption-credit', credits: [cleanCredit(m[1]!)] };
  }
  if (len > 40 && len < 1200 && (first === 70 /* F */ || first === 73 /* I */) && FILE_CAPTION_RE.test(s)) return { kind: 'caption', rule: 'caption-file-photo' };
  if (first === 67 /* C */ && len > 20 && s.startsWith('CLOSE ')) return { kind: 'caption', rule: 'video-caption' };
  if (len > 10 && len < 600 && CAPTION_PREFIX_RE.test(s)) {
    let m: RegExpExecArray | null;
    if ((m = BBC_CREDIT_RE.exec(s))) return { kind: 'credit', rule: 'image-credit', credits: [cleanCredit(m[1]!)] };
    if ((m = NPR_CREDIT_RE.exec(s))) return { kind: 'credit', rule: 'image-credit', credits: [cleanCredit(half(m[1]!))] };
    return { kind: 'caption', rule: 'caption' };
  }
  let m = len <= 200 ? CREDIT_LINE_RE.exec(s) : null;
  if (m) {
    const credit = m[1]!.split(/\s*\|\s*/)[0]!;
    if (credit.length <= 60 && credit.split(/\s+/).length <= 8) return { kind: 'credit', rule: 'image-credit', credits: credit ? [cleanCredit(credit)] : [] };
  }
  if (len < 600 && s.includes(': ') && (len > 200 || s.indexOf(': ') > 0)) {
    const pm = PHOTOGRAPH_RE.exec(s);
    if (pm && (pm.index === 0 || pm[1]!.includes('/'))) return { kind: 'caption', rule: 'caption-credit', credits: [cleanCredit(pm[1]!)] };
  }
  if (len > 200) return null;
  if (len < 120 && s.includes('/') && CREDIT_ONLY_RE.test(s)) return { kind: 'credit', rule: 'image-credit', credits: [cleanCredit(half(s))] };
  const segmented = !SENTENCE_END_RE.test(s) && SEG_SPLIT_RE.test(s);
  if (len <= 150 && !segmented) {
    const b = BYLINE_RE.exec(s);
    if (b && (header || b[2])) {
      const names = parseAuthors(b[3]!);
      if (names) return { kind: 'byline', rule: 'byline', authors: names };
      // "Posted by Jane Doe on December 18, 2021 at 08:55 IST"
      const st = HAS_DIGIT_RE.test(b[3]!) ? parseStamp(b[3]!, { fallbackDate: fallback, context }) : null;
      if (st) {
        const who = parseAuthors(b[3]!.slice(0, st.start).replace(/\s*(?:\b(?:on|at|updated|published)\b|[,|•·-])\s*$/gi, ''));
        const tail = b[3]!.slice(st.end).replace(/[\s,.:;()\-–—]+|\b[A-Z]{2,5}\b/g, '');
        if (who && !tail) return { kind: 'byline', rule: 'byline', authors: who, date: { field: 'published', line: b[3]!, stamp: st } };
      }
    }
  }
  if (len <= 130 && HAS_DIGIT_RE.test(s)) {
    const d = dateLine(s, fallback, context);
    if (d) return d;
  }
  const { list, all, caseSensitive } = rules();
  for (const r of caseSensitive) if ((!r.needle || s.includes(r.needle)) && r.re.test(s)) return { kind: 'boilerplate', rule: r.rule };
  if (all.test(s)) {
    for (const r of list) if (r.re.test(s)) return { kind: 'boilerplate', rule: r.rule };
  }
  if (len < 120 && NAV_RE.test(s) && /\s[|>»›]\s/.test(s)) return { kind: 'boilerplate', rule: 'navigation' };
  // "Published: … | Updated: …", "By X | December 18, 2021": every segment must be metadata
  if (segmented) {
    const segs = s.split(SEG_SPLIT_RE).filter((x) => x.trim());
    if (segs.length > 1) {
      const parts = segs.map((x) => classify(x.trim(), true, fallback, context));
      if (parts.every((p) => p && p.kind !== 'boilerplate') || parts.every((p) => p)) {
        const merged: Removal = { kind: parts.find((p) => p!.kind === 'byline') ? 'byline' : parts[0]!.kind, rule: 'metadata-line' };
        for (const p of parts) {
          if (p!.credits) (merged.credits ??= []).push(...p!.credits);
          if (p!.authors) (merged.authors ??= []).push(...p!.authors);
        }
        const dates = parts.filter((p) => p!.date).map((p) => p!.date!);
        if (dates.length) Object.assign(merged, { date: dates[0], dates });
        return merged;
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Paragraph helpers

const TERMINAL_RE = /[.!?…:;,]["”’'»)\]]*$/;
const SENTENCE_END_RE = /[.!?…]["”’'»)\]]*$/;
const MONTH_ABBR = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?';
const DATELINE_RE = new RegExp(
  `^(?:((?:[\\p{Lu}][\\p{Lu}.'’\\-]*)(?: [\\p{Lu}][\\p{Lu}.'’\\-]*){0,3}|[\\p{Lu}][\\p{Ll}\\p{Lu}.'’\\-]+(?: [\\p{Lu}][\\p{Ll}.'’\\-]+){0,2})` +
  `((?:,\\s*[\\p{Lu}][\\p{L}.'’\\-]*(?: [\\p{Lu}][\\p{L}.'’\\-]*){0,3}){0,2})` +
  `(?:,?\\s+(${MONTH_ABBR}\\s+\\d{1,2}(?:,\\s*\\d{4})?))?\\s*)?` +
  `(?:\\(([\\p{Lu}][\\p{L} .&/-]{0,30}?)\\)\\s*([-–—―]{1,2}|:)?|([-–—―]{1,2}))\\s*`, 'u');

/** Parses "WASHINGTON (Reuters) -", "SEOUL, South Korea (AP) —", "BEIJING, Dec 18 (Reuters) -", "LONDON —". */
export function parseDateline(p: string): { place: string | null; agency: string | null; length: number } | null {
  const m = DATELINE_RE.exec(p);
  if (!m || !m[0].trim()) return null;
  const [, place1, place2, , agency, dashAfterAgency, dashAlone] = m;
  const dash = dashAfterAgency ?? dashAlone;
  if (!agency && !dash) return null;
  if (!agency && place1 && /^(?:EXCLUSIVE|UPDATE|UPDATED|DEVELOPING|BREAKING|ANALYSIS|OPINION|EDITORIAL|COMMENTARY|REVIEW|WATCH|VIDEO|PHOTOS|LIVE|NOTE|CORRECTION|FILE)\b/.test(place1)) return null;
  if (!agency) {
    // without an agency the place must be written in capitals and followed by a dash (or a colon)
    if (!place1 || !/^[\p{Lu}][\p{Lu}.'’-]+(?: [\p{Lu}.'’-]+)*$/u.test(place1) || place1.replace(/[^\p{Lu}]/gu, '').length < 3) return null;
  } else if (!dash && !/^\s*[\p{Lu}"“‘'(]/u.test(p.slice(m[0].length)) && m[0].length < p.length) return null;
  const placeRaw = ((place1 ?? '') + (place2 ?? '')).trim();
  const place = placeRaw ? placeRaw.split(/,\s*/).map((x) => (x === x.toUpperCase() && /\p{Lu}{2}/u.test(x) ? titleCase(x) : x)).join(', ') : null;
  // a capitalised sentence opener ("The White House (...)") is not a place
  if (place && !agency && /^(?:The|A|An|In|On|At|But|And|It|He|She|They|We|I)\b/.test(place)) return null;
  let length = m[0].length;
  while (length > 0 && /\s/.test(p[length - 1]!)) length--;
  return { place, agency: agency?.trim() ?? null, length };
}

const normTitle = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

function titleCaseRatio(s: string): number {
  const words = s.match(/[\p{L}][\p{L}'’-]{3,}/gu) ?? [];
  if (words.length < 5) return 0;
  return words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length;
}

interface Para { start: number; end: number; lines: number; text: string }

function headlineLike(p: Para, next: Para | undefined): boolean {
  const t = p.text;
  if (p.lines > 1 || t.length < 8 || t.length > 200 || !next) return false;
  if (!/^[\p{Lu}\p{N}"“‘'$]/u.test(t)) return false;
  const words = t.split(/\s+/).length;
  if (words < 2 || words > 35) return false;
  if (parseDateline(t)) return false;
  const nextIsDateline = !!parseDateline(next.text);
  if (!TERMINAL_RE.test(t)) return true;
  if (/[:;,]["”’']?$/.test(t)) return false;
  if (/[?!]["”’']?$/.test(t)) return t.length <= 150 && !/^["“‘']/.test(t) && !/[.!?]["”’']?\s+\p{Lu}/u.test(t);
  // ends with a full stop: headline-style capitalisation, a dateline next, or a "Label: ..." headline
  if (nextIsDateline || titleCaseRatio(t) >= 0.75) return true;
  const colon = /^([\p{L}\p{N}' ’.-]{2,40}):\s+\p{Lu}/u.exec(t);
  return !!colon && !/\b(?:said|says|told|added|wrote|tweeted|asked)$/i.test(colon[1]!) && t.length <= 150 && next.text.length > t.length;
}

function isCrosshead(p: Para): boolean {
  const t = p.text;
  if (p.lines > 1 || t.length > 120 || t.length < 2) return false;
  if (!/^[\p{Lu}\p{N}"“‘'(]/u.test(t)) return false;
  if (t.split(/\s+/).length > 20) return false;
  if (/[.:;,…]["”’'»)\]]*$/.test(t)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------

interface Item { start: number; end: number; removal: Removal | null }

export function readText(raw: RawDocument): ReadResult {
  const text = raw.text ?? '';
  const article: Article = emptyArticle();
  const fallback = normalizeDate(raw.date ?? null);
  const context = text.length > 20000 ? text.slice(0, 20000) : text;

  // pass 1: lines, classified. `header` is true until the first long content line.
  const items: Item[] = [];
  const blankBefore: boolean[] = [];
  const block: number[] = [];
  let header = true, blank = true;
  for (let pos = 0; pos <= text.length;) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    let s = pos, e = nl;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (e > s) {
      const line = text.slice(s, e);
      const removal = classify(line, header, fallback, context);
      if (!removal && e - s > 200) header = false;
      items.push({ start: s, end: e, removal });
      block.push(blank || !block.length ? block.length : block[block.length - 1]!);
      blankBefore.push(blank);
      blank = false;
    } else blank = true;
    pos = nl + 1;
  }

  // pass 2: paragraphs = runs of content lines (hard-wrapped lines joined); removed lines break paragraphs
  // a block (lines between blank lines) holding metadata lines is a header block: its lines are never joined
  const blockSize = new Map<number, number>(), metaBlock = new Set<number>();
  for (let i = 0; i < items.length; i++) {
    blockSize.set(block[i]!, (blockSize.get(block[i]!) ?? 0) + 1);
    if (items[i]!.removal) metaBlock.add(block[i]!);
  }
  const paras: Array<Para & { item: number }> = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.removal) continue;
    const prev = paras[paras.length - 1];
    const prevItem = items[i - 1];
    if (prev && !blankBefore[i] && prevItem && !prevItem.removal && prev.item === i - 1 && !metaBlock.has(block[i]!) && wrapped(text, prevItem, it, blockSize.get(block[i]!)!)) {
      prev.end = it.end; prev.lines++; prev.text = text.slice(prev.start, prev.end); prev.item = i;
      continue;
    }
    paras.push({ start: it.start, end: it.end, lines: 1, text: text.slice(it.start, it.end), item: i });
  }

  let firstLong = items.length;
  for (let i = 0; i < items.length; i++) if (!items[i]!.removal && items[i]!.end - items[i]!.start > 200) { firstLong = i; break; }
  const removedParas = new Set<number>();
  const headerAuthors: string[] = [];
  const paraRemoval = new Map<number, Removal>();
  const removeP = (k: number, kind: Kind, rule: string) => { removedParas.add(k); paraRemoval.set(k, { kind, rule }); };

  // "Adam Shell" / "USA TODAY" at the top: an author line followed by the outlet's name
  for (let k = 0; k < Math.min(paras.length, 5); k++) {
    const p = paras[k]!;
    if (p.lines > 1 || p.text.length > 40 || !OUTLET_RE.test(p.text)) continue;
    removeP(k, 'byline', 'source-label');
    const prev = paras[k - 1];
    if (prev && !removedParas.has(k - 1) && prev.lines === 1 && prev.text.length <= 100) {
      const names = parseAuthors(prev.text);
      if (names?.length && names.every((n) => n.split(/\s+/).length >= 2)) { removeP(k - 1, 'byline', 'byline-name'); headerAuthors.push(...names); }
    }
  }

  // in the header, a short line right after a byline or date naming a role ("BBC diplomatic correspondent"), or a
  // line of names right before/after one ("Julian Borger in Washington" above "Mon 14 Jun 2021 18.30 BST")
  for (let k = 0; k < Math.min(paras.length, 6); k++) {
    const p = paras[k]!;
    if (removedParas.has(k) || p.lines > 1 || p.text.length > 80 || p.item >= firstLong) continue;
    const prevR = items[p.item - 1]?.removal, nextR = items[p.item + 1]?.removal;
    const besideMeta = (r: Removal | null | undefined) => !!r && (r.kind === 'byline' || r.kind === 'date');
    if (prevR?.kind === 'byline' && ROLE_RE.test(p.text)) { removeP(k, 'byline', 'byline-role'); continue; }
    if (besideMeta(prevR) || besideMeta(nextR)) {
      const names = parseAuthors(p.text);
      if (names?.length && names.every((n) => { const w = n.split(/\s+/).length; return w >= 2 && w <= 4; }) && !TERMINAL_RE.test(p.text)) {
        removeP(k, 'byline', 'byline-name'); headerAuthors.push(...names);
      }
    }
  }

  // header: the headline (JSONL title, or the first line when it reads as one), then a subheadline
  let headIdx = -1;
  const title = raw.title?.trim() || null;
  if (title) {
    article.headline = title;
    const nt = normTitle(title);
    for (let k = 0; k < Math.min(paras.length, 4); k++) {
      const np = normTitle(paras[k]!.text);
      if (np === nt || (paras[k]!.lines === 1 && np.length > 10 && (nt.startsWith(np) || np.startsWith(nt)) && Math.min(np.length, nt.length) / Math.max(np.length, nt.length) > 0.7)) {
        removeP(k, 'headline', headIdx < 0 ? 'headline' : 'headline-repeat');
        headIdx = k;
      } else if (paras[k]!.text.length > 200) break;
    }
  } else {
    const live = paras.map((_, k) => k).filter((k) => !removedParas.has(k));
    let k0 = live[0], k1 = live[1];
    // a section label ("World", "Russia-Ukraine war", "MIDDLE EAST") above the headline
    if (k0 !== undefined && k1 !== undefined && live[2] !== undefined && paras[k0]!.lines === 1 && paras[k0]!.text.length <= 40) {
      const t = paras[k0]!.text, w = t.split(/\s+/).length;
      if ((w <= 2 || (t === t.toUpperCase() && w <= 5)) && !TERMINAL_RE.test(t) && headlineLike(paras[k1]!, paras[live[2]!]) && paras[k1]!.text.length > t.length) {
        removeP(k0, 'boilerplate', 'kicker');
        k0 = k1; k1 = live[2];
      }
    }
    if (k0 !== undefined && k0 <= 2 && paras[k0]!.item <= firstLong && headlineLike(paras[k0]!, k1 !== undefined ? paras[k1] : undefined)) {
      article.headline = paras[k0]!.text;
      removeP(k0, 'headline', 'headline');
      headIdx = k0;
    }
  }
  if (headIdx >= 0) {
    // a repeated headline
    const nh = normTitle(article.headline!);
    for (let k = headIdx + 1; k < Math.min(paras.length, headIdx + 4); k++) if (normTitle(paras[k]!.text) === nh) { removeP(k, 'headline', 'headline-repeat'); headIdx = k; }
    // subheadline: the next paragraph when header metadata (byline, date, credit) follows it, or when it is a
    // sentence without a full stop
    const k = headIdx + 1, p1 = paras[k], p2 = paras[k + 1];
    if (p1 && p2 && p1.text.length <= 400 && !parseDateline(p1.text)) {
      let meta = false;
      for (let i = p1.item + 1; i < p2.item; i++) { const r = items[i]!.removal; if (r && (r.kind === 'byline' || r.kind === 'date')) meta = true; }
      const noStop = p1.lines === 1 && !SENTENCE_END_RE.test(p1.text) && !/[:;,]$/.test(p1.text) && p1.text.length >= 30 && p1.text.length <= 300 && p1.text.split(/\s+/).length >= 6;
      if (meta || noStop) {
        article.subheadline = p1.text;
        removeP(k, 'subheadline', 'subheadline');
      }
    }
  }
  // repeated paragraphs (captions and headlines printed twice)
  // (only near the top, or repeating a removed paragraph: a live blog may legitimately repeat a line)
  const seen = new Map<string, number>();
  for (let k = 0; k < paras.length; k++) {
    const t = paras[k]!.text;
    if (t.length < 20) continue;
    const before = seen.get(t);
    if (before !== undefined && !removedParas.has(k) && (k < 6 || removedParas.has(before))) removeP(k, 'duplicate', 'duplicate');
    if (before === undefined) seen.set(t, k);
  }

  // metadata from removed lines
  const credits: string[] = [], authors: string[] = [];
  const dates: Array<{ field: 'published' | 'updated'; line: string; stamp: Stamp }> = [];
  const removed: Article['removed'] = [];
  for (const it of items) {
    const r = it.removal;
    if (!r) continue;
    removed.push({ start: it.start, end: it.end, text: text.slice(it.start, it.end), rule: r.rule });
    if (r.credits) for (const c of r.credits) if (c && !credits.includes(c)) credits.push(c);
    if (r.authors) for (const a of r.authors) if (!authors.includes(a)) authors.push(a);
    const ds = (r as Removal & { dates?: Removal['date'][] }).dates ?? (r.date ? [r.date] : []);
    for (const d of ds) if (d) dates.push(d);
  }
  for (const [k, r] of paraRemoval) {
    const p = paras[k]!;
    removed.push({ start: p.start, end: p.end, text: p.text, rule: r.rule });
  }
  removed.sort((a, b) => a.start - b.start);

  // published / updated: full stamps first, then time-only ones completed with the best date known
  for (const pass of [0, 1]) {
    for (const d of dates) {
      const full = d.stamp.hasDate && !d.stamp.yearGuessed;
      if ((pass === 0) !== full) continue;
      let iso = d.stamp.iso;
      if (pass === 1) {
        const base = article.published ?? article.updated ?? fallback;
        const again = base ? parseStamp(d.line, { fallbackDate: base.slice(0, 10), context }) : null;
        if (!again) continue;
        iso = again.iso;
      }
      if (!article[d.field]) article[d.field] = iso;
    }
  }
  // the date given beside the text (JSONL `date`) when the text itself has none
  if (!article.published && fallback) article.published = fallback;

  if (raw.authors) {
    const given = Array.isArray(raw.authors) ? raw.authors.map(String) : parseAuthors(raw.authors) ?? raw.authors.split(/\s*(?:,|\band\b)\s*/);
    article.authors = given.map((a) => a.trim()).filter(Boolean);
  } else article.authors = [...authors, ...headerAuthors.filter((a) => !authors.includes(a))];
  article.imageCredits = credits;
  article.removed = removed;

  // pass 3: body paragraphs, crossheads, dateline
  const body = paras.filter((_, k) => !removedParas.has(k));
  const paragraphs: Paragraph[] = body.map((p, k) => ({ start: p.start, end: p.end, kind: k > 0 && k < body.length - 1 && isCrosshead(p) ? 'crosshead' : 'body' }));
  if (body.length) {
    const dl = parseDateline(body[0]!.text);
    if (dl && dl.length < body[0]!.text.length) {
      const dateline: Dateline = { place: dl.place, agency: dl.agency, start: body[0]!.start, end: body[0]!.start + dl.length };
      article.dateline = dateline;
    }
  }
  article.body = body.map((p) => p.text).join('\n\n');
  article.language = detectLanguage(article.body || text);
  return { text, article, paragraphs };
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 13 || c === 10 || c === 0xa0 || c === 0xfeff || c === 0x200b || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);

/**
 * Is `cur` the continuation of a hard-wrapped paragraph ending in `prev`? Both lines short, and either `cur`
 * starts in lower case, or the block has three lines or more and `prev` does not end a sentence.
 */
function wrapped(text: string, prev: Item, cur: Item, blockLines: number): boolean {
  const pl = prev.end - prev.start, cl = cur.end - cur.start;
  if (pl < 40 || pl > 100 || cl > 100) return false;
  const first = text.charCodeAt(cur.start);
  if (first >= 97 && first <= 122) return true;
  return blockLines >= 3 && !/[.!?:"”’)]/.test(text.slice(prev.end - 1, prev.end));
}

/** Body paragraphs split on blank lines, offsets into `text` (used by readers of already clean text). */
export function splitParagraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  const re = /[^\n]+(?:\n(?![ \t\r]*\n)[^\n]*)*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let start = m.index, end = m.index + m[0].length;
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end > start) out.push({ start, end, kind: 'body' });
  }
  return out;
}

export type { TextSpan };
