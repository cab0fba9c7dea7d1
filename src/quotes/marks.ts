/**
 * Quotation-mark scanner: finds the spans enclosed in quotation marks of every style (" “ ” „ « » and,
 * outside double quotes, ' ‘ ’ ‹ ›), tolerant of mixed and unbalanced marks, in one linear pass.
 *
 * - A double mark opens when nothing is open, and closes the open quote otherwise (a mark that can only
 *   open — preceded by a space — still closes when the quoted words so far end in punctuation, as in
 *   `with Russia, "White House …`; an explicit opener “ or « after unpunctuated words restarts instead).
 * - A quote still open at the end of its paragraph continues into the next paragraph when that paragraph
 *   opens with a quotation mark (the news convention for a multi-paragraph quote); otherwise it ends
 *   with its paragraph, flagged unclosed.
 * - Single marks count only outside double quotes; an apostrophe (a mark between letters) never opens or
 *   closes; an unmatched single opener is dropped.
 */
import type { Paragraph, Span } from '../record.js';

export interface QuoteSpan {
  /** offset of the opening mark */
  open: number;
  /** offset of the closing mark, or -1 when the quote runs unclosed to the end of its paragraph */
  close: number;
  /** the content, marks excluded: from the first part's start to the last part's end */
  start: number;
  end: number;
  /** content parts: one per paragraph for a quote continued over paragraph breaks */
  parts: Span[];
  single: boolean;
  /** index of the paragraph the quote opens in, and of the one it ends in */
  para: number;
  endPara: number;
}

const DOUBLE_OPEN = new Set(['“', '„', '«']);
const DOUBLE_CLOSE = new Set(['”', '»']);
const DOUBLE = new Set(['"', '“', '”', '„', '«', '»', '‟']);
const SINGLE_OPEN = new Set(['‘', "'", '‹', '‛']);
const SINGLE_CLOSE = new Set(['’', "'", '›']);
const SINGLE = new Set(["'", '‘', '’', '‹', '›', '‛']);

const MARK = /["'`“”„«»‘’‹›‛‟]/g;
const isSpace = (c: string | undefined) => c === undefined || c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\u00a0' || c === '\u2009' || c === '\u202f';
const WORD = /[\p{L}\p{N}]/u;
const isWord = (c: string | undefined) => c !== undefined && WORD.test(c);
const OPEN_PREV = /[([{\u2014\u2013\-/"“‘'«:;,]/;
const CLOSE_NEXT = /[.,;:!?)\]}\u2014\u2013\-"”’'»…]/;

function canOpen(text: string, i: number, lo: number, w = 1): boolean {
  const next = text[i + w];
  const prev = i > lo ? text[i - 1] : undefined;
  return !isSpace(next) && (prev === undefined || isSpace(prev) || OPEN_PREV.test(prev));
}

function canClose(text: string, i: number, hi: number, w = 1): boolean {
  const prev = text[i - 1];
  const next = i + w < hi ? text[i + w] : undefined;
  return !isSpace(prev) && (next === undefined || isSpace(next) || CLOSE_NEXT.test(next));
}

/** First non-space offset of a paragraph, or -1. */
function firstChar(text: string, p: Paragraph): number {
  let i = p.start;
  while (i < p.end && isSpace(text[i])) i++;
  return i < p.end ? i : -1;
}

const endsPunct = (text: string, a: number, b: number) => {
  let j = b - 1;
  while (j > a && isSpace(text[j])) j--;
  return j > a && /[,.!?;:…]/.test(text[j]!);
};

export function scanQuotes(text: string, paragraphs: Paragraph[]): QuoteSpan[] {
  const out: QuoteSpan[] = [];
  // a double quote carried over a paragraph break
  let carry: QuoteSpan | null = null;
  for (let pi = 0; pi < paragraphs.length; pi++) {
    const p = paragraphs[pi]!;
    let openD = -1; // offset of the open double mark in this paragraph
    let contStart = -1; // content start in this paragraph of a carried quote
    let openS = -1;
    let openW = 1;
    let i = p.start;
    if (carry) {
      const f = firstChar(text, p);
      const w2 = (text[f] === "'" && text[f + 1] === "'") || (text[f] === '`' && text[f + 1] === '`') ? 2 : 1;
      if (f >= 0 && (DOUBLE.has(text[f]!) || w2 === 2) && canOpen(text, f, p.start, w2)) { contStart = f + w2; i = f + w2; }
      else { out.push(carry); carry = null; }
    }
    for (; i < p.end; i++) {
      // jump to the next quotation mark (the regex scan is much faster than a character loop)
      MARK.lastIndex = i;
      const m = MARK.exec(text);
      if (!m || m.index >= p.end) break;
      i = m.index;
      let c = text[i]!;
      // '' and `` stand for a double mark (older wire and newspaper styles)
      let width = 1;
      if ((c === "'" && text[i + 1] === "'") || (c === '`' && text[i + 1] === '`')) { width = 2; c = c === '`' ? '“' : '"'; }
      if (DOUBLE.has(c)) {
        if (contStart >= 0 && carry) {
          // closes the carried quote
          carry.parts.push({ start: contStart, end: i });
          carry.end = i; carry.close = i; carry.endPara = pi;
          out.push(carry); carry = null; contStart = -1;
          i += width - 1;
          continue;
        }
        if (openD < 0) {
          const o = canOpen(text, i, p.start, width), cl = canClose(text, i, p.end, width);
          if (o || (!cl && !isSpace(text[i + width]))) { openD = i; openW = width; openS = -1; }
          i += width - 1;
          continue;
        }
        const o = canOpen(text, i, p.start, width), cl = canClose(text, i, p.end, width);
        if (!cl && o && DOUBLE_OPEN.has(c) && !DOUBLE_CLOSE.has(text[openD]!) && !endsPunct(text, openD, i)) { openD = i; openW = width; i += width - 1; continue; }
        if (i > openD + openW) out.push({ open: openD, close: i, start: openD + openW, end: i, parts: [{ start: openD + openW, end: i }], single: false, para: pi, endPara: pi });
        openD = -1;
        i += width - 1;
        continue;
      }
      if (openD >= 0 || contStart >= 0 || !SINGLE.has(c)) continue;
      if (openS < 0) {
        if (SINGLE_OPEN.has(c) && canOpen(text, i, p.start) && isWord(text[i + 1]) && !isWord(text[i - 1])) openS = i;
      } else if (SINGLE_CLOSE.has(c) && canClose(text, i, p.end) && !isWord(text[i + 1])) {
        if (i > openS + 1) out.push({ open: openS, close: i, start: openS + 1, end: i, parts: [{ start: openS + 1, end: i }], single: true, para: pi, endPara: pi });
        openS = -1;
      }
    }
    // end of paragraph
    const pend = trimEnd(text, p.start, p.end);
    if (carry && contStart >= 0) {
      carry.parts.push({ start: contStart, end: pend });
      carry.end = pend; carry.endPara = pi;
      // stays carried: the next paragraph decides
    } else if (openD >= 0 && pend > openD + openW) {
      carry = { open: openD, close: -1, start: openD + openW, end: pend, parts: [{ start: openD + openW, end: pend }], single: false, para: pi, endPara: pi };
    }
  }
  if (carry) out.push(carry);
  out.sort((a, b) => a.start - b.start);
  return out;
}

function trimEnd(text: string, a: number, b: number): number {
  while (b > a && isSpace(text[b - 1])) b--;
  return b;
}
