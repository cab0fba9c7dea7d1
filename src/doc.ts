/**
 * The working document every stage reads and fills (after spaCy's `Doc`): the record plus
 * what stages share but do not publish (tokens, the reference date). `toRecord` strips the rest.
 */
import type { DyadRecord, Span } from './record.js';

export interface Token extends Span {
  text: string;
  /** wink-nlp token type: word, number, punctuation, quoted_phrase, email, url, symbol, ... */
  type: string;
  /** index into doc.sentences */
  sentence: number;
}

export interface Doc extends DyadRecord {
  tokens: Token[];
  /** reference time for relative dates: published time, else the input's date, else null */
  refDate: Date | null;
}

export function toRecord(doc: Doc): DyadRecord {
  const { tokens: _t, refDate: _r, ...record } = doc;
  return record;
}

/** Returns the tokens of sentence `i` (tokens are sorted by offset, sentences by index). */
export function sentenceTokens(doc: Doc, i: number): Token[] {
  const s = doc.sentences[i];
  if (!s) return [];
  let lo = 0, hi = doc.tokens.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (doc.tokens[mid]!.start < s.start) lo = mid + 1; else hi = mid; }
  const out: Token[] = [];
  for (let k = lo; k < doc.tokens.length && doc.tokens[k]!.start < s.end; k++) out.push(doc.tokens[k]!);
  return out;
}

/** Index of the sentence containing offset `pos`, or -1. */
export function sentenceAt(doc: Doc, pos: number): number {
  let lo = 0, hi = doc.sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = doc.sentences[mid]!;
    if (pos < s.start) hi = mid - 1; else if (pos >= s.end) lo = mid + 1; else return mid;
  }
  return -1;
}
