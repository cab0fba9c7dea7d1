/**
 * The segment stage: sentences and tokens of every paragraph, with offsets into doc.text.
 * wink-nlp (sentence boundaries + tokeniser) does the work; the fixes news text needs are applied after:
 *  - no sentence ends on a title or month abbreviation ("Gen.", "Sept. 12"), nor on "U.S." before a lower-case word;
 *  - a closing quote mark that follows the full stop stays with its sentence (`dialogue.” He said` );
 *  - a sentence that starts in lower case continues the previous one (a split inside a quotation).
 * Sentences never cross paragraphs.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Doc, Token } from '../doc.js';
import type { Sentence } from '../record.js';
import { ABBREVIATIONS } from './abbreviations.js';

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | null = null;
/** The shared wink-nlp instance (sentence boundaries only: POS tagging halves throughput and is run by the stages that need it). */
export function wink(): Nlp {
  nlp ??= winkNLP(model, ['sbd']);
  return nlp;
}

const CLOSERS = new Set(['”', '’', '"', "'", '»', ')']);

interface Seg { start: number; end: number }

/** Runs of non-space characters longer than this are cut for wink-nlp (see winkSafe). */
export const LONG_RUN = 100;
/**
 * The text as handed to wink-nlp: wink's tokeniser is quadratic in the length of a run without spaces
 * (16,000 characters of `ab.ab.`: 5 s; a 1 MB token: hours), so a run longer than LONG_RUN gets a space
 * every LONG_RUN/2 characters. Same length, same offsets; surrogate pairs are never split.
 */
export function winkSafe(text: string): string {
  const re = new RegExp(`\\S{${LONG_RUN + 1},}`, 'g');
  if (!re.test(text)) return text;
  re.lastIndex = 0;
  return text.replace(re, (run) => {
    const cs = run.split('');
    for (let i = LONG_RUN >> 1; i < cs.length; i += LONG_RUN >> 1) {
      while (i < cs.length && /[\ud800-\udfff]/.test(cs[i]!)) i++;
      if (i < cs.length - 1) cs[i] = ' ';
    }
    return cs.join('');
  });
}

/** Segments one stretch of text (offset `base` in the document). Returns tokens and sentence spans. */
export function segmentText(text: string, base = 0): { tokens: Array<Omit<Token, 'sentence'>>; sentences: Seg[] } {
  const n = wink();
  const its = n.its;
  const safe = winkSafe(text);
  const wd = n.readDoc(safe);
  const values = wd.tokens().out(its.value) as string[];
  const types = wd.tokens().out(its.type) as string[];
  const tokens: Array<Omit<Token, 'sentence'>> = [];
  const tokStart: number[] = [];
  let pos = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let at = safe.indexOf(v, pos);
    // wink may normalise a token (rare); fall back to the next non-space character.
    if (at < 0 || at - pos > 64) { at = pos; while (at < text.length && /\s/.test(text[at]!)) at++; }
    const end = Math.min(text.length, at + v.length);
    tokStart.push(at);
    tokens.push({ start: base + at, end: base + end, text: text.slice(at, end), type: types[i] ?? 'word' });
    pos = end;
  }
  // sentence spans in token indices
  const spans: Array<[number, number]> = [];
  wd.sentences().each((s: { out: (f: unknown) => unknown }) => {
    const sp = s.out(its.span) as [number, number];
    spans.push([sp[0], sp[1]]);
  });
  if (!spans.length && tokens.length) spans.push([0, tokens.length - 1]);
  // fixes: merge false boundaries
  const merged: Array<[number, number]> = [];
  for (const sp of spans) {
    const prev = merged[merged.length - 1];
    if (prev && shouldMerge(tokens, prev[1], sp[0], text, base)) prev[1] = sp[1];
    else merged.push([sp[0], sp[1]]);
  }
  // closing quote marks that wink put at the start of the next sentence go back to the previous one
  for (let k = 1; k < merged.length; k++) {
    const cur = merged[k]!, prev = merged[k - 1]!;
    while (cur[0] <= cur[1] && CLOSERS.has(tokens[cur[0]]!.text) && tokens[cur[0]]!.start === tokens[prev[1]]!.end) {
      prev[1] = cur[0];
      cur[0]++;
    }
  }
  const sentences: Seg[] = [];
  for (const [a, b] of merged) if (a <= b) sentences.push({ start: tokens[a]!.start, end: tokens[b]!.end });
  return { tokens, sentences };
}

function shouldMerge(tokens: Array<Omit<Token, 'sentence'>>, lastIdx: number, nextIdx: number, _text: string, _base: number): boolean {
  const last = tokens[lastIdx]!, next = tokens[nextIdx];
  if (!next) return false;
  const prevTok = tokens[lastIdx - 1];
  // "Gen." may come out as one token or as "Gen" + "."
  const word = last.text === '.' && prevTok && prevTok.end === last.start ? prevTok.text + '.' : last.text;
  const first = next.text[0] ?? '';
  const kind = ABBREVIATIONS.get(word.toLowerCase());
  if (kind === 'title') return true;
  if (kind === 'month') return /[0-9]/.test(first);
  if (kind === 'acronym' || kind === 'other') return /[a-z0-9]/.test(first);
  // a sentence that starts in lower case continues the previous one (wink split inside a quotation)
  if (/^[a-z]/.test(next.text) && !/[.!?]["”’']?$/.test(last.text) ) return true;
  return false;
}

export function segment(doc: Doc): void {
  const sentences: Sentence[] = [];
  const tokens: Token[] = [];
  doc.paragraphs.forEach((p, pi) => {
    const r = segmentText(doc.text.slice(p.start, p.end), p.start);
    let t = 0;
    for (const s of r.sentences) {
      const si = sentences.length;
      sentences.push({ start: s.start, end: s.end, paragraph: pi });
      while (t < r.tokens.length && r.tokens[t]!.start < s.end) { tokens.push({ ...r.tokens[t]!, sentence: si }); t++; }
    }
    // tokens after the last sentence end (none expected) join the last sentence
    while (t < r.tokens.length) { tokens.push({ ...r.tokens[t]!, sentence: Math.max(0, sentences.length - 1) }); t++; }
  });
  doc.sentences = sentences;
  doc.tokens = tokens;
}

let nlpPos: Nlp | null = null;
const posCache = new WeakMap<Doc, string[]>();

/**
 * Part-of-speech tags (Universal POS, from wink-nlp) for every token of doc.tokens, computed on first
 * use and cached: stages that need POS pay for it, read+segment does not.
 */
export function posTags(doc: Doc): string[] {
  const cached = posCache.get(doc);
  if (cached) return cached;
  nlpPos ??= winkNLP(model, ['sbd', 'pos']);
  const its = nlpPos.its;
  const tags: string[] = new Array(doc.tokens.length).fill('X');
  let k = 0;
  for (const p of doc.paragraphs) {
    const wd = nlpPos.readDoc(winkSafe(doc.text.slice(p.start, p.end)));
    const vals = wd.tokens().out(its.value) as string[];
    const pos = wd.tokens().out(its.pos) as string[];
    // same tokeniser as segment(): tokens line up one to one; resynchronise on text if ever they do not
    for (let i = 0; i < vals.length && k < doc.tokens.length; i++) {
      if (doc.tokens[k]!.text === vals[i]) tags[k++] = pos[i] ?? 'X';
      else if (doc.tokens[k + 1]?.text === vals[i]) { k++; tags[k++] = pos[i] ?? 'X'; }
    }
    while (k < doc.tokens.length && doc.tokens[k]!.start < p.end) k++;
  }
  posCache.set(doc, tags);
  return tags;
}
