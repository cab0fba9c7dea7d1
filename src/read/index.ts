/**
 * The read stage: a RawDocument in, a Doc out with `text`, `article` and `paragraphs` filled.
 * Plain text goes through the debris-aware text reader; HTML through Readability + page metadata.
 */
import type { Doc } from '../doc.js';
import type { RawDocument } from './types.js';
import type { Article, Paragraph } from '../record.js';
import { readText } from './text.js';
import { readHtml } from './html.js';
import { VERSION } from '../version.js';

export interface ReadResult {
  text: string;
  article: Article;
  paragraphs: Paragraph[];
}

export function emptyArticle(): Article {
  return {
    headline: null, subheadline: null, authors: [], published: null, updated: null, imageCredits: [], body: '',
    language: null, url: null, source: null, dateline: null, removed: [],
  };
}

/** Parses the reference date for relative expressions: published, else the input's `date`. */
function refDateOf(article: Article, raw: RawDocument): Date | null {
  for (const s of [article.published, article.updated, raw.date]) {
    if (!s) continue;
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return new Date(t);
  }
  return null;
}

export function read(raw: RawDocument): Doc {
  const r: ReadResult = raw.html !== undefined && raw.text === undefined ? readHtml(raw) : readText(raw);
  const article = r.article;
  article.url ??= raw.url ?? null;
  article.source ??= raw.source ?? null;
  return {
    id: raw.id,
    input: { path: raw.path ?? null, url: raw.url ?? null, format: raw.format ?? (raw.html !== undefined ? 'html' : 'text'), ...(raw.line ? { line: raw.line } : {}) },
    text: r.text,
    article,
    paragraphs: r.paragraphs,
    sentences: [],
    entities: [],
    quotes: [],
    events: [],
    meta: { dyad: VERSION, timings: {} },
    tokens: [],
    refDate: refDateOf(article, raw),
  };
}
