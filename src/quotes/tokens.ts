/**
 * A light token view for the quotes stage: the document's non-space tokens with lower-case forms and
 * offsets, plus the noun-phrase walks that find the source next to a cue verb without a parser.
 */
import type { Doc, Token } from '../doc.js';
import type { CueForm, Lexicon } from './lexicon.js';
import { wordClass } from './lexicon.js';

export interface Toks {
  t: Token[];
  low: string[];
}

export function docToks(doc: Doc): Toks {
  // the document's tokens as they are (a rare whitespace token inside a paragraph acts as punctuation);
  // lower-case forms are made on first use (lw), only for the tokens the stage looks at
  return { t: doc.tokens, low: new Array<string>(doc.tokens.length) };
}

/** Lower-case form of token k (’ as '), or '' past either end. */
export function lw(T: Toks, k: number): string {
  const v = T.low[k];
  if (v !== undefined) return v;
  const tok = T.t[k];
  if (!tok) return '';
  const s = tok.text;
  const c = s.charCodeAt(0);
  let l = (c >= 65 && c <= 90) || c > 127 ? s.toLowerCase() : s;
  if (s.length <= 3 && l.includes('’')) l = l.replace(/’/g, "'");
  T.low[k] = l;
  return l;
}

/** Index of the first token starting at or after `pos`. */
export function tokAt(T: Toks, pos: number): number {
  let lo = 0, hi = T.t.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (T.t[m]!.start < pos) lo = m + 1; else hi = m; }
  return lo;
}

export const QUOTE_CHARS = /^(?:["“”„«»'‘’‹›‛‟]|''|``)$/;
export const isQuoteTok = (s: string) => QUOTE_CHARS.test(s);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const UPPER = /^\p{Lu}/u;
/** No letter or digit in the token (fast path for ASCII). */
export function isPunct(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return false;
    if (c > 127) return !LETTER_OR_DIGIT.test(s);
  }
  return true;
}
export function isCap(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  return UPPER.test(s);
}
const POSSESSIVE = new Set(["'s", "'", 's']);

export interface CueHit {
  /** token index of the first and last word of the cue */
  a: number;
  b: number;
  form: CueForm;
}

/** The cue verb form starting at token k, if any. */
export function cueAt(T: Toks, lex: Lexicon, k: number): CueHit | null {
  const forms = lex.cues.get(lw(T, k)!);
  if (!forms) return null;
  // a capitalised cue word mid-sentence is a name or a noun ("the United States", "Said Jalili")
  if (isCap(T.t[k]!.text) && k > 0 && !isPunct(lw(T, k - 1)!)) return null;
  for (const f of forms) {
    let ok = true;
    for (let j = 1; j < f.words.length; j++) if (lw(T, k + j) !== f.words[j]) { ok = false; break; }
    if (ok) return { a: k, b: k + f.words.length - 1, form: f };
  }
  return null;
}

export interface NP {
  /** token range, inclusive */
  a: number;
  b: number;
  kind: 'name' | 'pronoun' | 'relative' | 'noun';
  /** the head token when it is not b (a trailing parenthetical: "Gwen Moore (D-Wis.)") */
  h?: number;
  /** for a relative pronoun ("…, who said"), the noun phrase it stands for */
  antecedent?: NP;
}

const isAdverb = (w: string) => /^[a-z]+ly$/.test(w) && w.length > 4;
export const TIME = /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|week|weekend|month|year|morning|afternoon|evening|night|january|february|march|april|june|july|august|september|october|november|december|jan|feb|aug|sept|oct|nov|dec)$/;

/** Skips auxiliaries and adverbs leftwards from token k (inclusive); returns the first index that is not one. */
export function skipAuxLeft(T: Toks, lex: Lexicon, k: number, lo: number): number {
  const aux = wordClass(lex, 'aux');
  for (;;) {
    while (k >= lo && (aux.has(lw(T, k)!) || isAdverb(lw(T, k)!))) k--;
    // a time adjunct between subject and verb: "Huntsman on Sunday said", "Trump last week said"
    if (k >= lo && TIME.test(lw(T, k)!)) {
      let j = k - 1;
      if (j >= lo && /^(on|last|this|early|late|earlier|later|next)$/.test(lw(T, j)!)) j--;
      if (j >= lo && /^(on|last|this)$/.test(lw(T, j)!)) j--;
      if (j < k - 1 || /^(on|last|this)$/.test(lw(T, k - 1) ?? '')) { k = j; continue; }
    }
    return k;
  }
}

/**
 * The noun phrase ending just before a cue at token `cue` (its subject), not reaching before `lo`.
 * Handles "X, the Y of Z, said" (appositive), "X, who said" (relative), pronouns, names and common-noun sources.
 */
export function npBefore(T: Toks, lex: Lexicon, cue: number, lo: number): NP | null {
  let k = skipAuxLeft(T, lex, cue - 1, lo);
  if (k < lo) return null;
  const rel = wordClass(lex, 'relative');
  const pron = wordClass(lex, 'pronoun');
  if (rel.has(lw(T, k)!) && lw(T, k) !== 'that') {
    const ante = lw(T, k - 1) === ',' ? npEndingAt(T, lex, k - 2, lo) : null;
    if (lw(T, k) === 'who' || ante) return { a: k, b: k, kind: 'relative', ...(ante ? { antecedent: ante } : {}) };
    return null;
  }
  if (lw(T, k) === ',') {
    // appositive: "Scott Pruitt, the attorney general of Oklahoma, said"
    let j = k - 1;
    let n = 0;
    while (j >= lo && lw(T, j) !== ',' && n < 16) { if (isQuoteTok(T.t[j]!.text) || lw(T, j) === '.' || lw(T, j) === ';') return null; j--; n++; }
    if (j < lo || lw(T, j) !== ',' || j === k - 1) return null;
    const head = npEndingAt(T, lex, j - 1, lo);
    if (!head || head.kind === 'pronoun') return null;
    const appo = npEndingAt(T, lex, k - 1, j + 1);
    if (!appo || appo.a !== j + 1) return null;
    return { a: head.a, b: k - 1, kind: head.kind };
  }
  return npEndingAt(T, lex, k, lo);
}

/** The noun phrase whose last token is k. */
export function npEndingAt(T: Toks, lex: Lexicon, k: number, lo: number): NP | null {
  if (k < lo) return null;
  const tk = T.t;
  const pron = wordClass(lex, 'pronoun');
  const stop = wordClass(lex, 'stop');
  const det = wordClass(lex, 'determiner');
  const source = wordClass(lex, 'source');
  const end = k;
  if (lw(T, k) === ')') {
    // "Rep. Gwen Moore (D-Wis.) said": the head is before the parenthesis
    let j = k - 1;
    while (j >= lo && j > k - 10 && lw(T, j) !== '(' && lw(T, j) !== ')') j--;
    if (j - 1 < lo || lw(T, j) !== '(') return null;
    k = j - 1;
  }
  const w = lw(T, k)!;
  if (pron.has(w)) return { a: k, b: end, kind: 'pronoun' };
  if (isPunct(w) && w !== '.') return null;
  // a function word or a time word is never the head of a source
  if (stop.has(w) || TIME.test(w) || w === 'and' || w === 'that') return null;
  // walk left over the phrase
  let a = k;
  let n = 0;
  while (a - 1 >= lo && n < 10) {
    const p = lw(T, a - 1)!, pt = tk[a - 1]!.text;
    if (POSSESSIVE.has(p) && a - 2 >= lo && !isPunct(lw(T, a - 2)!)) { a--; n++; continue; }
    if (p === '.' && a - 2 >= lo && /^(mr|mrs|ms|dr|st|gen|sen|rep|gov|lt|col|sgt|jr|u\.s|u\.n)$/i.test(lw(T, a - 2)!)) { a--; n++; continue; }
    if (/^(mr|mrs|ms|dr|gen|sen|rep|gov|lt|col|sgt|prof|u\.s|u\.n|u\.k)\.$/.test(p)) { a--; n++; continue; }
    if (p === '-' || p === '&' || p === '–') { if (a - 2 >= lo && !isPunct(lw(T, a - 2)!)) { a--; n++; continue; } break; }
    if (p === ')') {
      // a parenthetical inside the phrase: "Rep. Gwen Moore (D-Wis.)"
      let j = a - 2;
      while (j >= lo && j > a - 10 && lw(T, j) !== '(' && lw(T, j) !== ')') j--;
      if (j >= lo && lw(T, j) === '(' && j - 1 >= lo && !isPunct(lw(T, j - 1)!)) { a = j; n++; continue; }
      break;
    }
    if (isPunct(p)) break;
    if (p === 'and' || p === 'of' || p === 'for' || p === 'at') {
      // inside a name or a role: "Clinton and Sanders", "Secretary of State", "spokesman for the ministry"
      const before = tk[a - 2];
      if (before && (isCap(before.text) || source.has(lw(T, a - 2)!)) && (isCap(tk[a]!.text) || det.has(lw(T, a)!))) { a--; n++; continue; }
      break;
    }
    if (stop.has(p) || p === 'that') break;
    if (lex.cues.has(p) && !isCap(pt)) break;
    if (pron.has(p) && !det.has(p)) break;
    a--; n++;
  }
  // drop leading conjunctions or sentence adverbs the walk took in
  while (a < k && /^(and|but|so|yet|or|then|now|still|meanwhile|however|also)$/.test(lw(T, a)!)) a++;
  // validate the head
  const head = tk[k]!.text;
  let kind: NP['kind'];
  if (isCap(head) || /^\d/.test(head)) kind = 'name';
  else if (source.has(w)) kind = 'noun';
  else {
    // a lower-case noun preceded by a determiner or possessive inside the phrase ("the ad", "Clinton's campaign")
    let hasDet = false;
    for (let j = a; j < k; j++) if (det.has(lw(T, j)!) || POSSESSIVE.has(lw(T, j)!)) hasDet = true;
    if (!hasDet) return null;
    kind = 'noun';
  }
  // a name phrase must not be just a sentence-initial capitalised function word
  if (kind === 'name' && a === k && stop.has(w)) return null;
  return end !== k ? { a, b: end, kind, h: k } : { a, b: end, kind };
}

/** The noun phrase starting at token k (an inverted source: "said Sullivan", "says the spokesman"). */
export function npAfter(T: Toks, lex: Lexicon, k: number, hi: number): NP | null {
  if (k > hi) return null;
  const tk = T.t;
  const pron = wordClass(lex, 'pronoun');
  const stop = wordClass(lex, 'stop');
  const det = wordClass(lex, 'determiner');
  if (pron.has(lw(T, k)!)) return { a: k, b: k, kind: 'pronoun' };
  let b = k - 1;
  let n = 0;
  while (b + 1 <= hi && n < 12) {
    const w = lw(T, b + 1)!, wt = tk[b + 1]!.text;
    if (POSSESSIVE.has(w) && b >= k) { b++; n++; continue; }
    if (w === '.' && b >= k && /^(mr|mrs|ms|dr|gen|sen|rep|gov|lt|col|sgt|u\.s)$/.test(lw(T, b)!)) { b++; n++; continue; }
    if ((w === '-' || w === '&') && b >= k) { b++; n++; continue; }
    if (isPunct(w)) break;
    if ((w === 'of' || w === 'for' || w === 'and') && b >= k && b + 2 <= hi && (isCap(tk[b + 2]!.text) || det.has(lw(T, b + 2)!))) { b++; n++; continue; }
    if (stop.has(w) && !(det.has(w) && b < k)) break;
    if (lex.cues.has(w) && !isCap(wt)) break;
    b++; n++;
  }
  if (b < k) return null;
  const np = npEndingAt(T, lex, b, k);
  if (!np) return null;
  return { a: k, b, kind: np.kind };
}
