/**
 * Page metadata for the HTML reader, read from the parsed DOM before Readability changes it:
 * JSON-LD (NewsArticle and kin, @graph arrays), OpenGraph, twitter:, article:*, meta name=author, byl, parsely-* and
 * sailthru.*, Dublin Core, itemprop microdata, <time datetime>, <html lang>, canonical link, figure captions
 * and credit spans. Structured sources come first, loose page text last.
 */
import type { Article } from '../record.js';
import { normalizeDate } from './dates.js';

export interface PageMetadata {
  article: Pick<Article, 'headline' | 'subheadline' | 'authors' | 'published' | 'updated' | 'imageCredits' | 'language' | 'url' | 'source'>;
  /** which source each field came from (for debugging and tests) */
  from: Partial<Record<'headline' | 'subheadline' | 'authors' | 'published' | 'updated' | 'language' | 'url' | 'source', string>>;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const ARTICLE_TYPES = /^(NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|ReviewNewsArticle|AskPublicNewsArticle|SatiricalArticle|Article|BlogPosting|LiveBlogPosting|Report|ScholarlyArticle|TechArticle|SocialMediaPosting|DiscussionForumPosting|Review|Recipe|WebPage|ItemPage)$/i;

const typesOf = (o: Obj): string[] => {
  const t = o['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/#]/, ''));
};

/** Parses JSON-LD text tolerantly (CDATA wrappers, comments, trailing semicolons, raw newlines in strings). */
export function parseJsonLd(src: string): Json[] {
  let s = src.trim().replace(/^<!\[CDATA\[|\]\]>$/g, '').replace(/^\s*\/\/.*$/gm, '').trim().replace(/;\s*$/, '');
  if (!s) return [];
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const v = JSON.parse(s) as Json;
      return Array.isArray(v) ? v : [v];
    } catch {
      // unescaped control characters inside strings are the usual fault
      s = s.replace(/[\u0000-\u001f]+/g, ' ');
    }
  }
  return [];
}

/** Every object in a JSON-LD value, flattening arrays and @graph. */
function flatten(v: Json, out: Obj[] = [], depth = 0): Obj[] {
  if (depth > 4 || v === null || typeof v !== 'object') return out;
  if (Array.isArray(v)) { for (const x of v) flatten(x, out, depth + 1); return out; }
  out.push(v);
  if (v['@graph']) flatten(v['@graph'], out, depth + 1);
  return out;
}

const str = (v: Json | undefined): string | null => {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) { for (const x of v) { const s = str(x); if (s) return s; } return null; }
  if (v && typeof v === 'object') return str(v['@value'] ?? v.name ?? v['@id']);
  return null;
};

const decodeEntities = (s: string) => s.replace(/&(#x[0-9a-f]+|#\d+|amp|quot|apos|lt|gt|nbsp|#039);/gi, (m, e: string) => {
  const k = e.toLowerCase();
  if (k[0] === '#') { const cp = k[1] === 'x' ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10); return Number.isFinite(cp) ? String.fromCodePoint(cp) : m; }
  return ({ amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: ' ' } as Record<string, string>)[k] ?? m;
});
const clean = (s: string | null | undefined): string | null => {
  if (!s) return null;
  const t = decodeEntities(s).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  return t || null;
};

// ---------------------------------------------------------------- authors

const URLISH = /^(https?:|www\.|\/|@)|\.(com|org|net|co\.\w+)(\/|$)/i;
const NOT_A_NAME = /^(staff|admin|administrator|editor|editors|editorial( staff| team)?|news desk|web desk|desk|team|guest|author|unknown|anonymous|null|undefined|none)$/i;

/** Splits and cleans author strings: no "By", no URLs or e-mails, "A and B" → [A, B], trailing roles dropped. */
export function cleanAuthors(list: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of list) {
    let s = clean(raw);
    if (!s) continue;
    s = s.replace(/^(written |reported |posted |text |words |story )?(by|from|por|von|par|di|oleh)\s*:?\s+/i, '').replace(/^by:\s*/i, '');
    s = s.replace(/\s*\|.*$/, '').replace(/\s*[-–—]\s*(the )?[\w\s.]*(staff|writer|reporter|correspondent|editor|contributor)s?$/i, '');
    const parts = s.split(/\s*(?:,\s*(?:and\s+)?|;|\s+and\s+|\s+&\s+|\s+e\s+|\s+y\s+|\s+und\s+|\s+et\s+)\s*/i);
    for (let p of parts) {
      p = p.replace(/^(by|and)\s+/i, '').replace(/[,.;:]+$/, '').trim();
      // drop job titles that follow a name: "Jane Roe, Ap Auto Writer" was split at the comma; a part made only of
      // role words is not a name
      if (!p || URLISH.test(p) || /@/.test(p) || NOT_A_NAME.test(p)) continue;
      if (/^(the )?([\w-]+ )*(staff|writer|reporter|correspondent|editor|contributor|columnist|associated press|reuters|afp|wire services?|news agency)s?$/i.test(p) && !/^[A-Z][a-z]+ [A-Z]/.test(p.replace(/ (Staff|Writer|Reporter|Correspondent|Editor|Contributor|Columnist)s?$/, '§'))) {
        continue;
      }
      if (/^(senior |chief |staff |contributing |special |national |political |sports |business |auto |ap |foreign )*(writer|reporter|correspondent|editor|columnist|contributor)$/i.test(p)) continue;
      if (/\d{3,}/.test(p) || p.length > 60 || p.split(/\s+/).length > 5) continue;
      // credentials after a comma ("Jane Roe, MS, RDN"; "PhD") are not names
      if (/^(?:[A-Z]{2,4}|Ph\.?D|M\.?D|Jr|Sr|[A-Z]\.[A-Z]\.?)$/.test(p) && out.length) continue;
      // an all-capitals byline ("JANIE HAR") is written in title case
      if (p === p.toUpperCase() && /\p{Lu}{2}/u.test(p)) p = p.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase());
      const key = p.toLowerCase();
      if (!seen.has(key)) { seen.add(key); out.push(p); }
    }
  }
  return out;
}

function authorNames(v: Json | undefined): string[] {
  if (v == null) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap((x) => authorNames(x));
  if (typeof v === 'object') {
    const n = v.name ?? v.alternateName;
    if (typeof n === 'string') return [n];
    if (Array.isArray(n)) return n.filter((x): x is string => typeof x === 'string');
    if (typeof v.givenName === 'string') return [`${v.givenName} ${typeof v.familyName === 'string' ? v.familyName : ''}`.trim()];
  }
  return [];
}

// ---------------------------------------------------------------- dates

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Normalises a machine-readable date from metadata to ISO 8601, keeping the page's own offset
 * ("2019-11-19T23:04:00-05:00" stays as it is; "2019-11-19 23:04:00 +0000" → "2019-11-19T23:04:00+00:00";
 * RFC 2822 "Tue, 19 Nov 2019 23:04:00 GMT" → "2019-11-19T23:04:00Z"); a bare date stays YYYY-MM-DD.
 * Returns null for what it cannot read (human dates are left to the plain-text date parser).
 */
export function normalizeIsoDate(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.trim();
  let m = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(\.\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$/i.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, se, frac, z] = m;
    if (+mo! < 1 || +mo! > 12 || +d! < 1 || +d! > 31) return null;
    if (h === undefined) return `${y}-${mo}-${d}`;
    let off = '';
    if (z) off = /^(z|utc|gmt)$/i.test(z) ? 'Z' : z.length === 3 ? `${z}:00` : z.includes(':') ? z : `${z.slice(0, 3)}:${z.slice(3)}`;
    return `${y}-${mo}-${d}T${h}:${mi}:${se ?? '00'}${frac ?? ''}${off}`;
  }
  // RFC 2822 / 1123: "Tue, 19 Nov 2019 23:04:00 GMT", "19 Nov 2019 23:04:00 +0100"
  m = /^(?:\w{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|UT|UTC|GMT|[+-]\d{4})?)?$/.exec(s);
  if (m && MONTHS[m[2]!.slice(0, 3).toLowerCase()]) {
    const [, d, mon, y, h, mi, se, z] = m;
    const date = `${y}-${pad(MONTHS[mon!.slice(0, 3).toLowerCase()]!)}-${pad(+d!)}`;
    if (h === undefined) return date;
    const off = !z ? '' : /^(z|ut|utc|gmt)$/i.test(z) ? 'Z' : `${z.slice(0, 3)}:${z.slice(3)}`;
    return `${date}T${pad(+h)}:${mi}:${se ?? '00'}${off}`;
  }
  // Unix epoch seconds or milliseconds
  if (/^\d{10}(\d{3})?$/.test(s)) {
    const t = s.length === 13 ? +s : +s * 1000;
    return new Date(t).toISOString().replace('.000Z', 'Z');
  }
  return null;
}

/** A human date line ("November 19, 2019", "Nov. 19, 2019 4:20am", "19 November 2019") → ISO date or null. */
export function looseDate(s: string): string | null {
  const m1 = /\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/.exec(s);
  const m2 = /\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/.exec(s);
  let y: string | undefined, mo: number | undefined, d: string | undefined;
  if (m1 && MONTHS[m1[1]!.slice(0, 3).toLowerCase()]) { [y, mo, d] = [m1[3], MONTHS[m1[1]!.slice(0, 3).toLowerCase()], m1[2]]; }
  else if (m2 && MONTHS[m2[2]!.slice(0, 3).toLowerCase()]) { [y, mo, d] = [m2[3], MONTHS[m2[2]!.slice(0, 3).toLowerCase()], m2[1]]; }
  if (!y || !mo || !d || +d > 31) return null;
  return `${y}-${pad(mo)}-${pad(+d)}`;
}

// ---------------------------------------------------------------- language

/** html lang / og:locale / content-language → ISO 639-1 ("en-US" → "en", "pt_BR" → "pt"). */
export function languageCode(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = /^\s*([a-z]{2,3})(?:[-_][a-z0-9]+)*\s*(?:,|$)/i.exec(s);
  if (!m) return null;
  const c = m[1]!.toLowerCase();
  return c.length === 2 ? c : null;
}

// ---------------------------------------------------------------- credits

/** Agency/photographer credits inside a caption or credit line: "(AP Photo/David Goldman)" → "AP Photo/David Goldman". */
export function creditsIn(s: string): string[] {
  const out: string[] = [];
  const t = s.replace(/\s+/g, ' ').trim();
  let m: RegExpExecArray | null;
  const re1 = /\((?:photo|image|picture|credit|foto)?:?\s*((?:AP|AFP|Reuters|Getty|EPA|Xinhua|PA|ANI|PTI|Bloomberg|Shutterstock|iStock|NASA|ESA|UPI)[^()]{0,60})\)\s*$/i;
  const re2 = /(?:^|[\s(.])(?:photo|image|picture|credit|foto|illustration)s?(?: credit)?\s*(?::|by|courtesy(?: of)?)\s*([^()|]{2,80}?)\s*\)?\s*$/i;
  const re3 = /^(?:image copyright|©|\(c\)|copyright)\s*(.{2,60})$/i;
  if ((m = re1.exec(t))) out.push(m[1]!.trim());
  else if ((m = re2.exec(t))) out.push(m[1]!.trim());
  else if ((m = re3.exec(t))) out.push(m[1]!.trim());
  return out.map((c) => c.replace(/[.;,]+$/, '').replace(/^[©\s]+/, '').trim()).filter((c) => c && c.length <= 80);
}

// ---------------------------------------------------------------- the reader

interface MetaMap { get(k: string): string | null; all(k: string): string[] }

function metaMap(doc: Document): MetaMap {
  const m = new Map<string, string[]>();
  for (const el of Array.from(doc.querySelectorAll('meta'))) {
    const content = el.getAttribute('content');
    if (content == null || !content.trim()) continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      const k = el.getAttribute(attr);
      if (!k) continue;
      for (const key of k.toLowerCase().split(/\s+/)) {
        const a = m.get(key) ?? [];
        a.push(content.trim());
        m.set(key, a);
      }
    }
  }
  return { get: (k) => m.get(k)?.[0] ?? null, all: (k) => m.get(k) ?? [] };
}

const first = <T>(...xs: Array<[T | null | undefined, string]>): [T | null, string | undefined] => {
  for (const [v, src] of xs) if (v != null && (typeof v !== 'string' || v.trim())) return [v, src];
  return [null, undefined];
};

/** Strips a trailing " - Site Name" / " | Site" from a page title when the site name is known or it looks like one. */
function stripSiteSuffix(title: string, site: string | null): string {
  const parts = title.split(/\s+[|–—-]\s+|\s+::\s+|\s+»\s+/);
  if (parts.length < 2) return title;
  const last = parts[parts.length - 1]!.trim().toLowerCase();
  const s = site?.toLowerCase().replace(/^www\./, '');
  if ((s && (last === s || last.includes(s) || s.includes(last))) || (parts.length >= 2 && last.split(/\s+/).length <= 4 && parts[0]!.split(/\s+/).length >= 4)) {
    return title.slice(0, title.lastIndexOf(parts[parts.length - 1]!)).replace(/\s+[|–—:»-]+\s*$/, '').trim();
  }
  return title;
}

/** Reads the page metadata of a parsed document. Never throws on odd pages; missing fields are null. */
export function readMetadata(doc: Document, pageUrl: string | null = null): PageMetadata {
  const meta = metaMap(doc);
  const from: PageMetadata['from'] = {};

  // JSON-LD: the first article-typed object, else the first WebPage-typed one
  const ld: Obj[] = [];
  for (const s of Array.from(doc.querySelectorAll('script[type="application/ld+json"], script[type="application/ld+json;charset=utf-8"]'))) {
    for (const v of parseJsonLd(s.textContent ?? '')) flatten(v, ld);
  }
  const typed = ld.filter((o) => typesOf(o).some((t) => ARTICLE_TYPES.test(t)));
  const art = typed.find((o) => typesOf(o).some((t) => !/^(WebPage|ItemPage)$/i.test(t))) ?? typed[0] ?? null;
  const org = ld.find((o) => typesOf(o).some((t) => /^(NewsMediaOrganization|Organization|WebSite)$/i.test(t))) ?? null;

  // itemprop microdata outside <meta>
  const itemprop = (name: string): string | null => {
    const el = doc.querySelector(`[itemprop~="${name}"]`);
    if (!el) return null;
    return el.getAttribute('content') ?? el.getAttribute('datetime') ?? clean(el.textContent);
  };
  const itempropAll = (name: string): string[] =>
    Array.from(doc.querySelectorAll(`[itemprop~="${name}"]`)).map((el) => {
      const nameEl = el.querySelector('[itemprop~="name"]');
      return el.getAttribute('content') ?? clean((nameEl ?? el).textContent) ?? '';
    }).filter(Boolean);

  const site = first<string>(
    [str(art?.publisher as Json), 'json-ld publisher'], [meta.get('og:site_name'), 'og:site_name'], [str(org?.name), 'json-ld organization'],
    [meta.get('application-name'), 'application-name'], [meta.get('twitter:site')?.replace(/^@/, '') ?? null, 'twitter:site'],
  );
  let source = site[0] ? clean(site[0]) : null;
  if (source && /^https?:\/\//i.test(source)) { try { source = new URL(source).hostname.replace(/^www\./, ''); } catch { source = null; } }
  if (source) from.source = site[1];

  // headline
  const titleEl = clean(doc.querySelector('title')?.textContent);
  const h1 = clean(doc.querySelector('h1')?.textContent);
  const [hl, hlFrom] = first<string>(
    [clean(str(art?.headline)), 'json-ld headline'], [clean(meta.get('og:title')), 'og:title'], [clean(meta.get('twitter:title')), 'twitter:title'],
    [clean(meta.get('parsely-title')), 'parsely-title'], [clean(meta.get('sailthru.title')), 'sailthru.title'], [clean(meta.get('dc.title')), 'dc.title'],
    [h1, 'h1'], [titleEl, 'title'],
  );
  let headline = hl ? stripSiteSuffix(hl, source) : null;
  // a <h1> that the structured title starts with, or that equals it without the site name, is the cleaner headline
  if (headline && h1 && h1 !== headline && headline.toLowerCase().startsWith(h1.toLowerCase()) && h1.split(/\s+/).length >= 3) headline = h1;
  if (headline) from.headline = hlFrom;

  // subheadline / dek
  const [dek, dekFrom] = first<string>(
    [clean(str(art?.alternativeHeadline)), 'json-ld alternativeHeadline'], [clean(str(art?.description)), 'json-ld description'],
    [clean(meta.get('og:description')), 'og:description'], [clean(meta.get('twitter:description')), 'twitter:description'],
    [clean(meta.get('description')), 'description'],
  );
  if (dek) from.subheadline = dekFrom;

  // authors
  let authors: string[] = [];
  const authorSources: Array<[string[], string]> = [
    [authorNames(art?.author as Json), 'json-ld author'], [authorNames(art?.creator as Json), 'json-ld creator'],
    [meta.all('author'), 'meta author'], [meta.all('byl'), 'meta byl'], [meta.all('parsely-author'), 'parsely-author'],
    [meta.all('sailthru.author'), 'sailthru.author'], [meta.all('dc.creator'), 'dc.creator'], [meta.all('dcterms.creator'), 'dcterms.creator'],
    [meta.all('article:author').filter((a) => !URLISH.test(a)), 'article:author'], [meta.all('twitter:creator').filter((a) => !a.startsWith('@')), 'twitter:creator'],
    [itempropAll('author'), 'itemprop author'],
    [Array.from(doc.querySelectorAll('[rel="author"], .byline a, .author-name, .byline__name')).map((e) => clean(e.textContent) ?? '').slice(0, 4), 'byline element'],
  ];
  for (const [list, src] of authorSources) {
    const a = cleanAuthors(list);
    if (a.length) { authors = a; from.authors = src; break; }
  }

  // dates
  const timeEls = Array.from(doc.querySelectorAll('time[datetime]'));
  const timePub = timeEls.find((t) => t.hasAttribute('pubdate') || /publish|posted|created|date-?time|timestamp/i.test(`${t.getAttribute('class') ?? ''} ${t.getAttribute('itemprop') ?? ''}`)) ?? timeEls[0];
  const timeUpd = timeEls.find((t) => /update|modif/i.test(`${t.getAttribute('class') ?? ''} ${t.getAttribute('itemprop') ?? ''}`));
  const dateCands = (xs: Array<[string | null | undefined, string]>): [string | null, string | undefined] => {
    for (const [v, src] of xs) { const d = normalizeIsoDate(v ?? null); if (d) return [d, src]; }
    // human-written stamps ("Nov. 19, 2019 4:20 PM EST") go through the plain-text date parser
    for (const [v, src] of xs) { const d = v && v.length <= 80 ? normalizeDate(v) : null; if (d) return [d, src]; }
    return [null, undefined];
  };
  const [published, pubFrom] = dateCands([
    [str(art?.datePublished), 'json-ld datePublished'], [meta.get('article:published_time'), 'article:published_time'],
    [meta.get('og:article:published_time'), 'og:article:published_time'], [meta.get('datepublished'), 'meta datePublished'],
    [meta.get('parsely-pub-date'), 'parsely-pub-date'], [meta.get('sailthru.date'), 'sailthru.date'], [meta.get('pubdate'), 'meta pubdate'],
    [meta.get('publish-date'), 'meta publish-date'], [meta.get('publishdate'), 'meta publishdate'], [meta.get('date'), 'meta date'],
    [meta.get('dc.date.issued'), 'dc.date.issued'], [meta.get('dc.date'), 'dc.date'], [meta.get('dcterms.created'), 'dcterms.created'],
    [meta.get('article.published'), 'article.published'], [str(art?.dateCreated), 'json-ld dateCreated'],
    [itemprop('datePublished'), 'itemprop datePublished'], [timePub?.getAttribute('datetime'), 'time datetime'],
  ]);
  if (published) from.published = pubFrom;
  const [updated, updFrom] = dateCands([
    [str(art?.dateModified), 'json-ld dateModified'], [meta.get('article:modified_time'), 'article:modified_time'],
    [meta.get('og:updated_time'), 'og:updated_time'], [meta.get('datemodified'), 'meta dateModified'], [meta.get('last-modified'), 'meta last-modified'],
    [meta.get('dcterms.modified'), 'dcterms.modified'], [itemprop('dateModified'), 'itemprop dateModified'], [timeUpd?.getAttribute('datetime'), 'time datetime (updated)'],
  ]);
  if (updated) from.updated = updFrom;

  // language
  const [lang, langFrom] = first<string>(
    [languageCode(doc.documentElement?.getAttribute('lang')), 'html lang'], [languageCode(doc.documentElement?.getAttribute('xml:lang')), 'html xml:lang'],
    [languageCode(str(art?.inLanguage)), 'json-ld inLanguage'], [languageCode(meta.get('og:locale')), 'og:locale'],
    [languageCode(meta.get('content-language')), 'content-language'], [languageCode(meta.get('language')), 'meta language'],
    [languageCode(meta.get('dc.language')), 'dc.language'],
  );
  if (lang) from.language = langFrom;

  // url
  const canonical = doc.querySelector('link[rel~="canonical"]')?.getAttribute('href') ?? null;
  const [url, urlFrom] = first<string>(
    [canonical && /^https?:/i.test(canonical) ? canonical : null, 'canonical'], [meta.get('og:url'), 'og:url'],
    [str(art?.url) ?? str(art?.mainEntityOfPage as Json), 'json-ld url'], [pageUrl, 'input'],
  );
  if (url) from.url = urlFrom;

  // image credits: credit elements, captions with a credit, JSON-LD image credit
  const credits: string[] = [];
  const addCredit = (c: string | null) => {
    const t = clean(c)?.replace(/^(photo|image|picture|credit|foto)s?\s*(credit)?\s*[:-]\s*/i, '').replace(/^(by|courtesy( of)?)\s+/i, '').replace(/^[©\s]+/, '').trim();
    if (t && t.length <= 80 && !credits.some((x) => x.toLowerCase() === t.toLowerCase())) credits.push(t);
  };
  for (const el of Array.from(doc.querySelectorAll('figure [class*="credit"], figure [class*="copyright"], [class*="image-credit"], [class*="photo-credit"], [class*="media-credit"], figcaption [class*="source"], [itemprop="copyrightHolder"], [itemprop="creditText"]')).slice(0, 20)) {
    addCredit(el.textContent);
  }
  if (!credits.length) {
    for (const el of Array.from(doc.querySelectorAll('figcaption, [class*="caption"]')).slice(0, 20)) for (const c of creditsIn(el.textContent ?? '')) addCredit(c);
  }
  if (!credits.length && art) {
    for (const img of flatten(art.image ?? null)) addCredit(str(img.creditText) ?? str(img.copyrightHolder as Json) ?? null);
  }

  return {
    article: {
      headline, subheadline: dek && dek !== headline ? dek : null, authors, published, updated, imageCredits: credits.slice(0, 10), language: lang,
      url, source,
    },
    from,
  };
}
