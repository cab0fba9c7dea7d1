/**
 * Plain-text reader (first cut): paragraphs are runs of non-blank lines; offsets point into the input.
 * Metadata from the JSONL fields when given.
 */
import type { RawDocument } from './types.js';
import type { Paragraph } from '../record.js';
import { emptyArticle, type ReadResult } from './index.js';

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

export function readText(raw: RawDocument): ReadResult {
  const text = raw.text ?? '';
  const article = emptyArticle();
  article.headline = raw.title ?? null;
  article.published = raw.date ?? null;
  if (raw.authors) article.authors = Array.isArray(raw.authors) ? raw.authors : raw.authors.split(/\s*(?:,|\band\b)\s*/).filter(Boolean);
  const paragraphs = splitParagraphs(text);
  article.body = paragraphs.map((p) => text.slice(p.start, p.end)).join('\n\n');
  return { text, article, paragraphs };
}
