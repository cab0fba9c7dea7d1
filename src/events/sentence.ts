/**
 * The shallow structure of one sentence that event coding needs, without a parser: normalised words,
 * POS tags, the actor mentions laid over the tokens ("slots"), attribution tails ("…, officials said"),
 * parenthetical relative clauses (", which …,") and the helpers that find a trigger's subject and object
 * by walking the tokens left and right within the clause. Everything is linear in the sentence length.
 */
import type { Doc } from '../doc.js';
import type { Entity, Mention } from '../record.js';
import { normWord } from './lexicon.js';

export interface Slot {
  /** local token range [a, b) */
  a: number;
  b: number;
  mention: Mention;
  entity: Entity;
  pronoun: boolean;
}

export interface Sent {
  si: number;
  /** global index of the first token */
  base: number;
  n: number;
  w: string[];
  raw: string[];
  tag: string[];
  start: number[];
  end: number[];
  /** slot index covering each token, -1 when none */
  slotAt: number[];
  slots: Slot[];
  /** tokens of attribution tails and "according to" phrases: never an event's actor */
  attrib: boolean[];
  /** tokens of parenthetical relative clauses (", which …,") */
  paren: boolean[];
}

const NP_TAGS = new Set(['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM']);
const PRONOUNS = new Set(['he', 'she', 'it', 'they', 'we', 'i', 'them', 'us', 'him', 'her']);
const RELATIVE = new Set(['who', 'which', 'whose', 'whom', 'where']);
const DATE_WORD = /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december)$/i;
/** Prepositions that also modify numbers ("up to 100 Albanians", "about 200 supporters"). */
const NUMBER_PREPS = new Set(['to', 'than', 'about', 'around', 'over', 'under', 'nearly', 'some', 'of']);

export const isPunct = (s: string): boolean => !/[\p{L}\p{N}]/u.test(s);
export const isPronounWord = (w: string): boolean => PRONOUNS.has(w);

/** Builds the sentence view: tokens [lo, hi) of doc.tokens with their tags (tags[0] is token lo), entity mentions overlapping the sentence. */
export function buildSent(doc: Doc, si: number, lo: number, hi: number, tags: string[], mentions: Array<{ m: Mention; e: Entity }>): Sent {
  const n = hi - lo;
  const S: Sent = {
    si, base: lo, n, w: [], raw: [], tag: [], start: [], end: [], slotAt: new Array(n).fill(-1), slots: [],
    attrib: new Array(n).fill(false), paren: new Array(n).fill(false),
  };
  for (let k = lo; k < hi; k++) {
    const t = doc.tokens[k]!;
    S.raw.push(t.text);
    S.w.push(normWord(t.text));
    S.tag.push(tags[k - lo] ?? 'X');
    S.start.push(t.start);
    S.end.push(t.end);
  }
  // slots: longest mentions first, no overlaps
  const ms = mentions.slice().sort((x, y) => (y.m.end - y.m.start) - (x.m.end - x.m.start));
  for (const { m, e } of ms) {
    // a day or month name is a date, never an actor (whatever a gazetteer says)
    if (DATE_WORD.test(m.text.trim())) continue;
    let a = -1, b = -1;
    for (let k = 0; k < n; k++) {
      if (S.end[k]! > m.start && S.start[k]! < m.end) { if (a < 0) a = k; b = k + 1; }
    }
    if (a < 0) continue;
    let free = true;
    for (let k = a; k < b; k++) if (S.slotAt[k]! >= 0) { free = false; break; }
    if (!free) continue;
    const idx = S.slots.length;
    // "US" is a country, "us" a pronoun
    const raw = S.raw[a]!;
    const pronoun = m.type === 'pronoun' || (b - a === 1 && PRONOUNS.has(S.w[a]!) && raw !== raw.toUpperCase());
    S.slots.push({ a, b, mention: m, entity: e, pronoun });
    for (let k = a; k < b; k++) S.slotAt[k] = idx;
  }
  markAttribution(S);
  markParentheticals(S);
  return S;
}

/** Is token k a form of a verb (by tag), not a noun? */
export const isVerbTag = (t: string): boolean => t === 'VERB' || t === 'AUX';

/**
 * Attribution tails: ", the White House announced Tuesday." / ", according to reports …" / ", officials told AFP."
 * and "according to X" anywhere. Their actors are speakers, not participants.
 */
function markAttribution(S: Sent): void {
  const { w, n } = S;
  const reporting = reportingSet();
  for (let k = 0; k < n - 1; k++) {
    if (w[k] === 'according' && w[k + 1] === 'to') {
      let e = k + 2;
      while (e < n && w[e] !== ',' && w[e] !== ';') e++;
      for (let j = k; j < e; j++) S.attrib[j] = true;
    }
  }
  // a comma-delimited reporting clause inside the sentence (", the head of the Guards said on Saturday,")
  let prev = -1;
  for (let k = 0; k <= n; k++) {
    if (k < n && w[k] !== ',') continue;
    if (prev >= 0 && k < n && k - prev <= 16) {
      let rep = false, other = false;
      for (let j = prev + 1; j < k; j++) {
        if (reporting.has(w[j]!) && S.tag[j] === 'VERB') rep = true;
        else if (S.tag[j] === 'VERB' || w[j] === 'that') other = true;
      }
      if (rep && !other) for (let j = prev; j < k; j++) S.attrib[j] = true;
    }
    prev = k;
  }
  // the last comma-delimited segment, when it is a reporting clause (", X said [Day]." / ", said X.")
  let lastComma = -1;
  for (let k = n - 1; k >= 0; k--) if (w[k] === ',') { lastComma = k; break; }
  if (lastComma > 0 && n - lastComma <= 22) {
    let hasReport = false, hasOtherVerb = false;
    for (let k = lastComma + 1; k < n; k++) {
      if (reporting.has(w[k]!) && (isVerbTag(S.tag[k]!) || S.tag[k] === 'NOUN' || S.tag[k] === 'PROPN')) hasReport = true;
      else if (S.tag[k] === 'VERB' && !/ed$|ing$/.test(w[k]!)) hasOtherVerb = true;
      else if (w[k] === 'that' || w[k] === 'to') hasOtherVerb = true;
    }
    // "…, a member of the team trying to broker a pact has said."
    let reportNearEnd = false;
    for (let k = Math.max(lastComma + 1, n - 6); k < n; k++) if (reporting.has(w[k]!) && isVerbTag(S.tag[k]!)) reportNearEnd = true;
    if (hasReport && (!hasOtherVerb || reportNearEnd)) for (let k = lastComma; k < n; k++) S.attrib[k] = true;
  }
}

let reportingForms: Set<string> | null = null;
/** Reporting verb forms (set by the caller once the lexicon is loaded). */
export function setReporting(forms: Set<string>): void { reportingForms = forms; }
const reportingSet = (): Set<string> => reportingForms ?? new Set(['said', 'says', 'told', 'announced', 'reported']);

/** ", who/which … ," relative clauses: their actors are not the main clause's subject. */
function markParentheticals(S: Sent): void {
  const { w, n } = S;
  for (let k = 1; k < n; k++) {
    if (w[k - 1] === ',' && RELATIVE.has(w[k]!)) {
      let e = k;
      while (e < n && w[e] !== ',' && w[e] !== ';' && w[e] !== '.') e++;
      for (let j = k; j < e; j++) S.paren[j] = true;
    }
  }
}

/** Start of the noun phrase that ends just before token `b` (walking over determiners, adjectives, nouns, names, possessives). */
export function npStart(S: Sent, a: number): number {
  let j = a - 1;
  while (j >= 0) {
    const t = S.tag[j]!, ww = S.w[j]!;
    if (NP_TAGS.has(t) || ww === "'s" || ww === "'" || ww === '-' || (t === 'PRON' && /^(its|their|his|her|our|my|your)$/.test(ww)) || S.slotAt[j]! >= 0) { j--; continue; }
    break;
  }
  return j + 1;
}

/** Is the slot inside a prepositional phrase (other than an "of" phrase)? */
export function inPP(S: Sent, slot: Slot, lo = 0): boolean {
  const s = npStart(S, slot.a);
  const p = s - 1;
  if (p < lo) return false;
  const t = S.tag[p]!, ww = S.w[p]!;
  if (ww === 'of') return false;
  if (NUMBER_PREPS.has(ww) && S.tag[p + 1] === 'NUM') return false;
  return t === 'ADP' || ww === 'to' || ww === 'according';
}

/** Slots coordinated with slot `i` on its left ("X and Y", "X, Y and Z"), including i, in text order. */
export function coordLeft(S: Sent, i: number, lo: number): number[] {
  const out = [i];
  let cur = S.slots[i]!;
  for (;;) {
    let j = cur.a - 1, sawConj = false, gap = 0;
    while (j >= lo && S.slotAt[j]! < 0 && gap < 5) {
      const ww = S.w[j]!, t = S.tag[j]!;
      if (ww === 'and' || ww === ',' || ww === '&' || ww === 'or' || ww === 'both' || (ww === '-' && gap === 0 && S.slotAt[j - 1]! >= 0)) sawConj = true;
      else if (!(NP_TAGS.has(t) || ww === "'s")) break;
      j--; gap++;
    }
    if (j < lo || S.slotAt[j]! < 0 || !sawConj) break;
    const k = S.slotAt[j]!;
    if (out.includes(k)) break;
    out.unshift(k);
    cur = S.slots[k]!;
  }
  return out;
}

/** Slots coordinated with slot `i` on its right, including i. */
export function coordRight(S: Sent, i: number, hi: number): number[] {
  const out = [i];
  let cur = S.slots[i]!;
  for (;;) {
    let j = cur.b, sawConj = false, gap = 0;
    while (j < hi && S.slotAt[j]! < 0 && gap < 5) {
      const ww = S.w[j]!, t = S.tag[j]!;
      if (ww === 'and' || ww === ',' || ww === '&' || ww === 'or' || (ww === '-' && gap === 0 && S.slotAt[j + 1]! >= 0)) sawConj = true;
      else if (!(NP_TAGS.has(t) || ww === "'s" || ww === 'with' && sawConj)) break;
      j++; gap++;
    }
    if (j >= hi || S.slotAt[j]! < 0 || !sawConj) break;
    const k = S.slotAt[j]!;
    if (out.includes(k)) break;
    out.push(k);
    cur = S.slots[k]!;
  }
  return out;
}
