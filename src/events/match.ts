/**
 * Finding lexicon patterns in a sentence: every match of every pattern, then the longest non-overlapping
 * ones (ties: the earlier lexicon row). Linear in the sentence length (the lexicon is indexed by first word;
 * gaps are bounded).
 */
import type { Alt, FormKind, Lexicon, Pattern } from './lexicon.js';
import type { Sent } from './sentence.js';

export interface Match {
  p: Pattern;
  /** local index of the first matched word */
  head: number;
  /** local index after the last matched word */
  end: number;
  /** local indices of the matched words (gaps excluded) */
  toks: number[];
}

const NOT_NOUN = new Set(['VERB', 'AUX', 'ADP', 'DET', 'PRON', 'CCONJ', 'PUNCT']);
const GAP_OK = new Set(['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM', 'ADV', 'PRON', 'AUX', 'PART']);

const VERB_TAGS = new Set(['VERB', 'AUX']);

function formOk(kind: FormKind, S: Sent, k: number): boolean {
  const tag = S.tag[k]!;
  if (kind === 'v') {
    // a verb: tagged as one, and not the second half of a compound adjective ("Saudi-led", "Israeli-occupied")
    if (k > 0 && S.w[k - 1] === '-') return false;
    return VERB_TAGS.has(tag) || (tag === 'ADJ' && /(ed|en)$/.test(S.w[k]!));
  }
  // an event noun is a common noun ("March" the month is no march)
  if (kind === 'n') return !NOT_NOUN.has(tag) && tag !== 'PROPN';
  return true;
}

function gapOk(S: Sent, k: number): boolean {
  const w = S.w[k]!;
  if (w === '-' || w === "'s" || w === 'of') return true;
  // the second half of a hyphenated modifier ("its long-threatened invasion")
  if (k > 0 && S.w[k - 1] === '-') return true;
  return GAP_OK.has(S.tag[k]!) && w !== 'that' && w !== 'who' && w !== 'which' && w !== 'and' && w !== 'but';
}

function matchFrom(S: Sent, p: Pattern, ei: number, k: number, toks: number[]): number[] | null {
  if (ei === p.elems.length) return toks;
  const el = p.elems[ei]!;
  if ('gap' in el) {
    for (let skip = 0; skip <= el.gap; skip++) {
      if (skip > 0 && (k + skip - 1 >= S.n || !gapOk(S, k + skip - 1))) break;
      const r = matchFrom(S, p, ei + 1, k + skip, toks);
      if (r) return r;
    }
    return null;
  }
  if (k >= S.n) return null;
  const alts: Alt[] | undefined = el.forms.get(S.w[k]!);
  if (!alts) return null;
  for (const alt of alts) {
    if (!formOk(alt.kind, S, k)) continue;
    if (!alt.rest.every((x, i) => S.w[k + 1 + i] === x)) continue;
    const used = [k];
    for (let i = 1; i <= alt.rest.length; i++) used.push(k + i);
    const r = matchFrom(S, p, ei + 1, k + 1 + alt.rest.length, [...toks, ...used]);
    if (r) return r;
  }
  return null;
}

export function findMatches(S: Sent, lex: Lexicon): Match[] {
  const all: Match[] = [];
  for (let k = 0; k < S.n; k++) {
    const cands = lex.byFirst.get(S.w[k]!);
    if (!cands) continue;
    for (const p of cands) {
      const toks = matchFrom(S, p, 0, k, []);
      if (toks) all.push({ p, head: k, end: toks[toks.length - 1]! + 1, toks });
    }
  }
  all.sort((a, b) => b.p.words - a.p.words || a.head - b.head || a.p.order - b.p.order);
  const used = new Array(S.n).fill(false);
  const out: Match[] = [];
  for (const m of all) {
    if (m.toks.some((t) => used[t])) continue;
    for (const t of m.toks) used[t] = true;
    out.push(m);
  }
  return out.sort((a, b) => a.head - b.head);
}

/** Does any token of the sentence start a pattern? (cheap pre-check before POS tagging) */
export function mayMatch(words: string[], lex: Lexicon): boolean {
  for (const w of words) if (lex.byFirst.has(w)) return true;
  return false;
}
