/**
 * HTML reader: one linkedom parse per page. Page metadata (JSON-LD, OpenGraph, meta tags, <time>, captions) is
 * read first (metadata.ts), then Readability picks the article container; dyad walks that container's blocks
 * itself (paragraphs, crossheads, list items, quotes) and drops page furniture Readability keeps, by named rules:
 * markup (figure captions, class names of share/newsletter/related/caption/byline boxes), link density, and
 * line patterns from data/read/html-boilerplate.tsv. Every dropped line is listed in `article.removed` with its
 * rule (offsets: a zero-width span at the place in `text` where the line stood).
 * The record's text is the headline, a blank line, then the body paragraphs separated by blank lines.
 */
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import type { RawDocument } from './types.js';
import type { Paragraph, TextSpan } from '../record.js';
import { emptyArticle, type ReadResult } from './index.js';
import { readTsv } from '../util/data.js';
import { readMetadata, type PageMetadata } from './metadata.js';
import { parseDateline } from './text.js';
import { detectLanguage } from './language.js';
import { MAX_DOM_DEPTH, domDepth, flatHtml } from './flatten.js';

/** A block of text from the article container: a paragraph, heading, list item, quote line. */
export interface Block {
  text: string;
  /** local name of the block element */
  tag: string;
  heading: boolean;
  /** inside a list item */
  li: boolean;
  /** inside a figure / figcaption */
  caption: boolean;
  /** characters of the text inside links */
  linkChars: number;
  /** class and id names of the block element and its block ancestors up to the article root */
  classes: string[];
  /** elements of `classes`, for grouping class-rule removals (same order) */
  owners: unknown[];
}

export interface BoilerplateRule {
  name: string;
  kind: 'line' | 'start' | 'class' | 'tail' | 'cut';
  maxWords: number;
  re: RegExp;
}

let rulesCache: BoilerplateRule[] | null = null;
/** The rules of data/read/html-boilerplate.tsv, compiled once. */
export function boilerplateRules(): BoilerplateRule[] {
  if (rulesCache) return rulesCache;
  const out: BoilerplateRule[] = [];
  for (const row of readTsv('read/html-boilerplate.tsv')) {
    const [name, kind, max, pattern, flags] = row;
    if (!name || !kind || !pattern) continue;
    if (!['line', 'start', 'class', 'tail', 'cut'].includes(kind)) throw new Error(`html-boilerplate.tsv: rule ${name}: unknown kind ${kind}`);
    const src = kind === 'line' || kind === 'tail' || kind === 'cut' ? `^(?:${pattern})$` : kind === 'start' ? `^(?:${pattern})` : pattern;
    out.push({ name, kind: kind as BoilerplateRule['kind'], maxWords: Number(max) || 0, re: new RegExp(src, flags === 'case' ? 'u' : 'iu') });
  }
  rulesCache = out;
  return out;
}

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'button', 'select', 'option', 'iframe', 'input', 'textarea', 'canvas', 'video', 'audio', 'object', 'embed', 'form', 'nav', 'head', 'math']);
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'caption', 'figure', 'figcaption',
  'hr', 'address', 'center', 'details', 'summary', 'fieldset', 'legend', 'picture', 'body', 'html',
]);
const HEADING = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

interface El {
  nodeType: number;
  localName?: string;
  childNodes: ArrayLike<El>;
  textContent: string | null;
  getAttribute?(n: string): string | null;
}

/** Splits the article container into text blocks (one DOM walk, no re-parse). */
export function blocksOf(root: El): Block[] {
  const blocks: Block[] = [];
  let buf = '';
  let linkChars = 0;
  let inLink = 0;
  const ctx: { tag: string; heading: number; li: number; caption: number; classes: string[]; owners: unknown[] } = {
    tag: 'div', heading: 0, li: 0, caption: 0, classes: [], owners: [],
  };
  const flush = () => {
    const text = buf.replace(/\s+/g, ' ').trim();
    if (text) {
      blocks.push({
        text, tag: ctx.tag, heading: ctx.heading > 0, li: ctx.li > 0, caption: ctx.caption > 0, linkChars: Math.min(linkChars, text.length),
        classes: [...ctx.classes], owners: [...ctx.owners],
      });
    }
    buf = '';
    linkChars = 0;
  };
  const walk = (node: El) => {
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) {
      const n = kids[i]!;
      if (n.nodeType === 3) {
        const t = n.textContent ?? '';
        buf += t;
        if (inLink) linkChars += t.replace(/\s+/g, ' ').length;
        continue;
      }
      if (n.nodeType !== 1) continue;
      const tag = n.localName ?? '';
      if (SKIP.has(tag)) continue;
      if (tag === 'br') { buf += '\n'; if (/\n\s*\n\s*$/.test(buf)) flush(); else flushLine(); continue; }
      if (!BLOCK.has(tag)) {
        // table cells stay on their row's line
        if (tag === 'td' || tag === 'th') buf += ' ';
        if (tag === 'a') { inLink++; walk(n); inLink--; } else walk(n);
        continue;
      }
      flush();
      const saved = { tag: ctx.tag, classes: ctx.classes.length };
      const cls = `${n.getAttribute?.('class') ?? ''} ${n.getAttribute?.('id') ?? ''}`.trim().toLowerCase();
      if (cls) { ctx.classes.push(cls); ctx.owners.push(n); }
      ctx.tag = tag;
      const h = HEADING.has(tag), l = tag === 'li', c = tag === 'figure' || tag === 'figcaption';
      if (h) ctx.heading++;
      if (l) ctx.li++;
      if (c) ctx.caption++;
      walk(n);
      flush();
      if (h) ctx.heading--;
      if (l) ctx.li--;
      if (c) ctx.caption--;
      ctx.tag = saved.tag;
      ctx.classes.length = saved.classes;
      ctx.owners.length = saved.classes;
    }
  };
  // A single <br> ends a line: lines are kept as separate blocks so line rules can judge them.
  const flushLine = () => flush();
  walk(root);
  flush();
  return blocks;
}

const words = (s: string) => (s.match(/\S+/g) ?? []).length;
const PROSE_END = /[.!?…:;"'”’»)\]]$/u;
/** A line that reads as running text (not a label, menu entry, credit or title). */
export const isProse = (s: string) => words(s) >= 12 || (words(s) >= 5 && PROSE_END.test(s));

export interface FilterResult {
  kept: Block[];
  removed: Array<{ block: Block; rule: string; index: number }>;
}

const CLASS_SHARE_LIMIT = 0.35;
/** A link whose text is its address is shown on purpose (a source, a shop): not furniture. */
const URL_TEXT = /(https?:\/\/|www\.)\S+$/i;
/** A short line that carries a date stamp (a year or a clock time next to a month or day): page furniture. */
const DATE_LINE = /(\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}|\b\d{1,2}(st|nd|rd|th)?\s+(de\s+)?[\p{L}]{3,}\.?,?\s+(de\s+)?\d{4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{1,2}:\d{2}\s*(am|pm|a\.m\.|p\.m\.)|\b(today|yesterday)\s+\d{1,2}:\d{2})/iu;

/** Applies the boilerplate rules to the blocks of one article. `headline` blocks at the top are dropped too. */
export function filterBlocks(blocks: Block[], opts: { headline?: string | null; subheadline?: string | null } = {}): FilterResult {
  const rules = boilerplateRules();
  const total = blocks.reduce((n, b) => n + b.text.length, 0) || 1;
  const verdict: Array<string | null> = blocks.map(() => null);

  // 1. class rules, grouped by the outermost matching element so a class never removes most of the article
  const classRules = rules.filter((r) => r.kind === 'class');
  const groups = new Map<unknown, { rule: string; idx: number[]; chars: number }>();
  blocks.forEach((b, i) => {
    for (let k = 0; k < b.classes.length; k++) {
      const names = b.classes[k]!.split(/\s+/);
      const rule = classRules.find((r) => names.some((n) => r.re.test(n)));
      if (!rule) continue;
      const owner = b.owners[k];
      let g = groups.get(owner);
      if (!g) { g = { rule: rule.name, idx: [], chars: 0 }; groups.set(owner, g); }
      g.idx.push(i);
      g.chars += b.text.length;
      break;
    }
  });
  for (const g of groups.values()) if (g.chars / total < CLASS_SHARE_LIMIT) for (const i of g.idx) verdict[i] ??= g.rule;

  // 2. markup and line rules
  const lineRules = rules.filter((r) => r.kind === 'line' || r.kind === 'start' || r.kind === 'cut');
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  const head = opts.headline ? norm(opts.headline) : null;
  blocks.forEach((b, i) => {
    if (verdict[i]) return;
    const n = words(b.text);
    if (b.caption) { verdict[i] = 'caption'; return; }
    for (const r of lineRules) {
      if (r.maxWords && n > r.maxWords) continue;
      if (r.re.test(b.text)) { verdict[i] = r.name; return; }
    }
    if (head && norm(b.text) === head) { verdict[i] = 'headline'; return; }
    if (n <= 12 && DATE_LINE.test(b.text) && !/[.!?]$/.test(b.text) && !/^[—–-]/.test(b.text)) { verdict[i] = 'date-line'; return; }
  });

  // 3. tail sections: "About the author", "Related stories" ... late in the body cut the rest
  const tailRules = rules.filter((r) => r.kind === 'tail');
  let before = 0;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (before / total >= 0.35 && !isProse(b.text)) {
      const r = tailRules.find((t) => (!t.maxWords || words(b.text) <= t.maxWords) && t.re.test(b.text.replace(/[:.]$/, '')));
      // a section title that would cut more than it keeps is a crosshead, not the start of the page's tail
      if (r && total - before < before) {
        for (let k = i; k < blocks.length; k++) verdict[k] ??= r.name;
        break;
      }
    }
    before += b.text.length;
  }

  // 4. link lists: link-dense short blocks in lists, in runs, or after the last paragraph of prose
  const kept = blocks.map((_, i) => i).filter((i) => !verdict[i]);
  const lastProse = [...kept].reverse().find((i) => isProse(blocks[i]!.text)) ?? -1;
  const firstProse = kept.find((i) => isProse(blocks[i]!.text)) ?? blocks.length;
  const dense = (i: number | undefined) => i !== undefined && blocks[i]!.linkChars >= 0.6 * blocks[i]!.text.length && words(blocks[i]!.text) <= 30
    && !URL_TEXT.test(blocks[i]!.text);
  kept.forEach((i, k) => {
    if (!dense(i)) return;
    if (blocks[i]!.li || dense(kept[k - 1]) || dense(kept[k + 1]) || i > lastProse) verdict[i] = 'link-dense';
  });
  // 5. the page title repeated at the top of the article container
  for (const i of kept) if (i < firstProse && blocks[i]!.tag === 'h1' && !verdict[i]) verdict[i] = 'headline';

  const out: FilterResult = { kept: [], removed: [] };
  blocks.forEach((b, i) => (verdict[i] ? out.removed.push({ block: b, rule: verdict[i]!, index: i }) : out.kept.push(b)));
  return out;
}

export interface HtmlReadOptions {
  /** skip the boilerplate filter (plain Readability blocks), for comparison */
  raw?: boolean;
}

/** Reads one HTML page into the record's text, article and paragraphs. */
export function readHtml(raw: RawDocument, opts: HtmlReadOptions = {}): ReadResult {
  const article = emptyArticle();
  let { document } = parseHTML(raw.html ?? '');
  let meta: PageMetadata | null = null;
  try { meta = readMetadata(document as unknown as Document, raw.url ?? null); } catch { meta = null; }
  // pathologically deep pages are flattened first: Readability's cost grows with depth² (./flatten.ts)
  if (domDepth(document.documentElement, MAX_DOM_DEPTH) > MAX_DOM_DEPTH) document = parseHTML(flatHtml(document)).document;
  let blocks: Block[] = [];
  let rdTitle: string | null = null;
  try {
    const parsed = new Readability(document as unknown as Document, { keepClasses: true, serializer: (el: Node) => el }).parse();
    rdTitle = parsed?.title?.trim() || null;
    if (parsed?.content) blocks = blocksOf(parsed.content as unknown as El);
  } catch {
    blocks = [];
  }
  if (meta) Object.assign(article, meta.article);
  article.headline ??= rdTitle ?? raw.title ?? null;

  let kept: Block[] = blocks;
  let removed: FilterResult['removed'] = [];
  if (!opts.raw) ({ kept, removed } = filterBlocks(blocks, { headline: article.headline, subheadline: article.subheadline }));

  const head = article.headline ?? '';
  let text = head ? head + '\n\n' : '';
  const paragraphs: Paragraph[] = [];
  const removedSpans: Array<TextSpan & { rule: string }> = [];
  let ri = 0;
  const keptSet = new Set(kept);
  blocks.forEach((b, i) => {
    if (!keptSet.has(b)) {
      const r = removed[ri];
      if (r && r.index === i) { removedSpans.push({ start: text.length, end: text.length, text: b.text, rule: r.rule }); ri++; }
      return;
    }
    const start = text.length;
    text += b.text;
    paragraphs.push({ start, end: text.length, kind: b.heading && !isProse(b.text) ? 'crosshead' : 'body' });
    text += '\n\n';
  });
  text = text.replace(/\n\n$/, '');
  for (const x of removedSpans) if (x.start > text.length) x.start = x.end = text.length;
  article.body = kept.map((b) => b.text).join('\n\n');
  // dateline at the head of the first body paragraph ("KYIV, Ukraine (AP) —"), parsed by the plain-text reader
  const firstBody = paragraphs.find((p) => p.kind === 'body');
  if (firstBody) {
    const dl = parseDateline(text.slice(firstBody.start, firstBody.end));
    if (dl) article.dateline = { place: dl.place, agency: dl.agency, start: firstBody.start, end: firstBody.start + dl.length };
  }
  article.language ??= article.body ? detectLanguage(article.body) : null;
  article.removed = removedSpans;
  if (meta && !article.imageCredits.length) article.imageCredits = meta.article.imageCredits ?? [];
  return { text, article, paragraphs };
}
