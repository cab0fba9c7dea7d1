/**
 * HTML reader (first cut): Readability over linkedom for the body; the record's text is the headline,
 * a blank line, then the body paragraphs separated by blank lines.
 */
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import type { RawDocument } from './types.js';
import type { Paragraph } from '../record.js';
import { emptyArticle, type ReadResult } from './index.js';

export function readHtml(raw: RawDocument): ReadResult {
  const article = emptyArticle();
  const { document } = parseHTML(raw.html ?? '');
  let paras: string[] = [];
  try {
    const parsed = new Readability(document as unknown as Document).parse();
    article.headline = parsed?.title?.trim() || null;
    const content = parsed?.textContent ?? '';
    paras = content.split(/\n\s*\n|\r?\n/).map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean);
  } catch {
    paras = [];
  }
  const head = article.headline ?? raw.title ?? '';
  let text = head ? head + '\n\n' : '';
  const paragraphs: Paragraph[] = [];
  for (const p of paras) {
    const start = text.length;
    text += p;
    paragraphs.push({ start, end: text.length, kind: 'body' });
    text += '\n\n';
  }
  article.body = paras.join('\n\n');
  return { text, article, paragraphs };
}
