/**
 * The events stage: who did what to whom, coded as PLOVER types (with modes) and CAMEO codes.
 *
 * For every sentence: the lexicon's patterns are found (data/events/lexicon.tsv; the longest match wins),
 * then each trigger gets its actors from the grammatical roles around it, read off POS tags and the actor
 * mentions of the actors stage without a parser:
 *  - source: the nearest actor on the left inside the clause that is not in a prepositional phrase ("of"
 *    phrases belong to their head), with its coordinated actors ("X and Y agreed"); a passive ("was attacked
 *    by X") takes the agent after "by" and makes the subject the target; a pronoun subject falls back on the
 *    speaker of the reporting verb or quote it sits in ("Iraq said it would allow ..."; "we" in a quote);
 *  - target: the first actor on the right inside the clause (objects, "to/with/against/on" phrases, the
 *    subject of a complement clause: "demanded that X ..."), with its coordinated actors;
 *  - event nouns ("talks", "sanctions", "airstrike") count as the object of a support verb ("held talks") or
 *    with their actors inside their own phrase ("talks between X and Y", "X's attack on Y", "US-Russia talks").
 * Then modality: a negated cooperative event becomes REJECT ("will not hold dialogue"), an intended one AGREE
 * ("will visit") and an intended conflictual one THREATEN ("will impose sanctions"); events inside a condition
 * ("if talks are held"), inside the content of an accusation or demand, or inside attribution tails are not coded.
 * Events in a quote's content belong to the quote (event.quote) and their actors come from its words.
 * Each event carries the CAMEO code, its Goldstein weight as intensity, the date (article date moved by the
 * sentence's "yesterday" / "on Tuesday"), a location ("in X") and the name of the pattern that fired.
 */
import type { Doc } from '../doc.js';
import type { ActorRef, DyadEvent, Entity, Mention, Quote } from '../record.js';
import { sentenceTags } from './pos.js';
import { cameoRow, lexicon, normWord, type Lexicon } from './lexicon.js';
import { findMatches, mayMatch, type Match } from './match.js';
import { buildSent, coordLeft, coordRight, inPP, isPunct, npStart, setReporting, type Sent, type Slot } from './sentence.js';
import { refDay, sentenceDates } from './dates.js';

const CLAUSE_OPENERS = new Set(['because', 'while', 'whereas', 'although', 'though', 'if', 'unless', 'when', 'since', 'whether']);
const RIGHT_STOPS = new Set([';', ':', 'but', 'while', 'whereas', 'because', 'although', 'though', 'despite', 'unless', 'if', 'when', 'since', 'whether']);
const RELATIVE = new Set(['who', 'which', 'whom', 'whose', 'where']);
const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', "'s", "'re", 'am', 'get', 'got', 'gets', 'getting']);
const SUBJ_PRONOUNS = new Set(['he', 'she', 'it', 'they', 'we', 'i']);
const FIRST_PERSON = new Set(['we', 'i', 'us', 'our', 'me', 'my']);
const CONFLICT = new Set(['ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'MOBILIZE', 'SANCTION', 'COERCE', 'ASSAULT']);
const PASSIVE_TYPES = new Set(['ASSAULT', 'COERCE', 'SANCTION', 'ACCUSE']);
const PRESET = new Set(['AGREE', 'REQUEST', 'REJECT', 'THREATEN', 'ACCUSE']);
/** "X and Y agreed" with no stated target: code X->Y and Y->X. */
const SYMMETRIC_PAIRS = true;
/** Events whose target is not known are kept only when the pattern has none (resign) or is symmetric. */
const KEEP_UNTARGETED = process.env.DYAD_EVENTS_UNTARGETED === '1';

interface Ctx {
  matchAt?: Map<number, Match>;
  doc: Doc;
  lex: Lexicon;
  entityById: Map<string, Entity>;
  quotes: Quote[];
  out: DyadEvent[];
  refDay: string | null;
}

interface Actor { slot: Slot | null; entity: Entity | null; mention: Mention | null; text: string; code?: string }

export function events(doc: Doc): void {
  doc.events = [];
  if (!doc.sentences.length || !doc.tokens.length) return;
  const lex = lexicon();
  setReporting(lex.reporting);
  // sentence token ranges; a cheap look-up decides whether any sentence can hold an event before POS tagging
  const first: number[] = new Array(doc.sentences.length).fill(-1);
  const last: number[] = new Array(doc.sentences.length).fill(-1);
  doc.tokens.forEach((t, k) => { if (first[t.sentence] === -1) first[t.sentence] = k; last[t.sentence] = k + 1; });
  const mentionsBySent: Array<Array<{ m: Mention; e: Entity }>> = doc.sentences.map(() => []);
  const entityById = new Map<string, Entity>();
  for (const e of doc.entities ?? []) {
    entityById.set(e.id, e);
    for (const m of e.mentions) {
      const si = sentenceIndex(doc, m.start);
      if (si >= 0) mentionsBySent[si]!.push({ m, e });
    }
  }
  const candidates: number[] = [];
  for (let si = 0; si < doc.sentences.length; si++) {
    if (first[si]! < 0) continue;
    const words: string[] = [];
    for (let k = first[si]!; k < last[si]!; k++) words.push(normWord(doc.tokens[k]!.text));
    // an event needs a coded source and a target: two coded entities, or one and a pronoun or a quote's speaker
    // (its source), or one and a pattern that needs no other (domestic, untargeted): only such sentences are tagged
    const coded = new Set(mentionsBySent[si]!.filter((x) => x.e.code).map((x) => x.e.id));
    if (!coded.size) continue;
    const obligation = words.some((w) => lex.modality.get(w)?.some((r) => r.kind === 'obligation'));
    if (!obligation && !mayMatch(words, lex)) continue;
    const s0 = doc.sentences[si]!;
    const enough = coded.size >= 2 || words.some((w) => SUBJ_PRONOUNS.has(w) || FIRST_PERSON.has(w))
      || (doc.quotes ?? []).some((q) => q.contentSpan && q.contentSpan.start < s0.end && q.contentSpan.end > s0.start)
      || words.some((w) => lex.byFirst.get(w)?.some((p) => p.frame.has('domestic') || p.frame.has('notgt')));
    if (enough) candidates.push(si);
  }
  if (!candidates.length) return;
  const ctx: Ctx = { doc, lex, entityById, quotes: doc.quotes ?? [], out: [], refDay: refDay(doc.refDate, doc.article?.published ?? null) };
  for (const si of candidates) {
    const S = buildSent(doc, si, first[si]!, last[si]!, sentenceTags(doc, first[si]!, last[si]!), mentionsBySent[si]!);
    codeSentence(ctx, S);
  }
  // one event per (source, target, type, evidence)
  const seen = new Set<string>();
  for (const e of ctx.out) {
    const key = `${e.source?.entity ?? e.source?.code}|${e.target?.entity ?? e.target?.code}|${e.type}|${e.evidence.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    e.id = `ev${doc.events.length + 1}`;
    doc.events.push(e);
  }
}

function sentenceIndex(doc: Doc, pos: number): number {
  let lo = 0, hi = doc.sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = doc.sentences[mid]!;
    if (pos < s.start) hi = mid - 1; else if (pos >= s.end) lo = mid + 1; else return mid;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------------
// clause structure

/** Left edge of the clause that token k is in, and the antecedent slot when the clause is a relative one. */
function clauseLeft(S: Sent, k: number, lex: Lexicon): { lo: number; antecedent: number } {
  for (let j = k - 1; j >= 0; j--) {
    const w = S.w[j]!, t = S.tag[j]!;
    if (w === ';' || w === ':') return { lo: j + 1, antecedent: -1 };
    if (lex.reporting.has(w) && t === 'VERB' && !S.attrib[j]) return { lo: j + 1, antecedent: -1 };
    if (CLAUSE_OPENERS.has(w) && (t === 'SCONJ' || t === 'ADV' || w !== 'since')) return { lo: j + 1, antecedent: -1 };
    if ((w === 'as' || w === 'after' || w === 'before') && (t === 'SCONJ' || opensClause(S, j, k))) return { lo: j + 1, antecedent: -1 };
    if (w === 'that') {
      const prevTag = S.tag[j - 1] ?? '';
      const nextTag = S.tag[j + 1] ?? '';
      const relative = (prevTag === 'NOUN' || prevTag === 'PROPN' || S.slotAt[j - 1]! >= 0) && (nextTag === 'VERB' || nextTag === 'AUX' || nextTag === 'ADV');
      if (relative) return { lo: j + 1, antecedent: antecedentBefore(S, j) };
      return { lo: j + 1, antecedent: -1 };
    }
    if (RELATIVE.has(w)) return { lo: j + 1, antecedent: antecedentBefore(S, j) };
  }
  return { lo: 0, antecedent: -1 };
}

/** "as Putin asked …": a preposition-tagged "as/after/before" followed by a subject and no other verb before k. */
function opensClause(S: Sent, j: number, k: number): boolean {
  const n1 = S.tag[j + 1] ?? '';
  if (!(n1 === 'DET' || n1 === 'PROPN' || n1 === 'PRON' || n1 === 'NOUN' || n1 === 'ADJ')) return false;
  let sawNoun = false;
  for (let x = j + 1; x < k; x++) {
    if (S.tag[x] === 'VERB') return false;
    if (S.tag[x] === 'NOUN' || S.tag[x] === 'PROPN' || S.tag[x] === 'PRON') sawNoun = true;
  }
  return sawNoun;
}

function antecedentBefore(S: Sent, j: number): number {
  let i = j - 1;
  if (S.w[i] === ',') i--;
  // the slot ending here, or inside the noun phrase ending here
  const s = npStart(S, i + 1);
  for (let x = i; x >= s; x--) if (S.slotAt[x]! >= 0) return S.slotAt[x]!;
  return -1;
}

/** Right edge (exclusive) of the clause region after token k where a target can be. */
function clauseRight(S: Sent, k: number, lex?: Lexicon): number {
  const max = Math.min(S.n, k + 28);
  // a subordinate clause ("While Germany has suspended …, France …") ends at its comma
  let sub = false;
  if (lex) {
    const { lo } = clauseLeft(S, k, lex);
    const op = S.w[lo - 1];
    sub = !!op && (CLAUSE_OPENERS.has(op) || ((op === 'as' || op === 'after' || op === 'before') && lo - 1 >= 0));
  }
  for (let j = k; j < max; j++) {
    const w = S.w[j]!, t = S.tag[j]!;
    if (sub && w === ',') return j;
    if (S.attrib[j]) return j;
    if (RIGHT_STOPS.has(w) && (t !== 'ADP' || w === 'despite')) return j;
    if ((w === 'as' || w === 'after' || w === 'before') && t === 'SCONJ') return j;
    if (w === ',' && RELATIVE.has(S.w[j + 1] ?? '')) return j;
    if ((w === 'and' || w === ',') && j + 1 < S.n) {
      // "… and said …": a new predicate with the same subject
      const n1 = S.tag[j + 1]!, n2 = S.tag[j + 2] ?? '';
      // ", targeting the Central Bank" elaborates the same event
      if (w === ',' && n1 === 'VERB' && S.w[j + 1]!.endsWith('ing')) continue;
      if (n1 === 'VERB' || (n1 === 'ADV' && n2 === 'VERB') || (n1 === 'AUX' && (n2 === 'VERB' || n2 === 'ADV'))) return j;
    }
  }
  return max;
}

/** End of the complement after a ctrl/intent/content verb: coordinated "and V-ing" stay inside, a new clause does not. */
function complementEnd(S: Sent, k: number): number {
  for (let j = k; j < S.n; j++) {
    const w = S.w[j]!;
    if (S.attrib[j] || w === ';' || w === ':' || (RIGHT_STOPS.has(w) && w !== 'if' && w !== 'unless')) return j;
    if (w === ',' && j > k + 1 && !S.w[j + 1]?.endsWith('ing')) return j;
    if (w === ',' && RELATIVE.has(S.w[j + 1] ?? '')) return j;
  }
  return S.n;
}

/** Is token k inside a condition ("if …", "unless …") that has not been closed by a comma? */
function inCondition(S: Sent, k: number, lex: Lexicon): boolean {
  for (let j = k - 1; j >= 0; j--) {
    const w = S.w[j]!;
    if (w === ',' || w === ';' || w === ':') {
      // "if X, Y will …": the main clause follows the comma
      return false;
    }
    const rows = lex.modality.get(w);
    if (rows?.some((r) => r.kind === 'cond' && r.words.every((x, i) => S.w[j + i] === x))) return true;
  }
  return false;
}

interface Modality { neg: boolean; intent: boolean; hedge: string | null; raise: string | null; words: string[] }

/** The verb group before the trigger: negation, future/intent, hedges ("will not", "plans to", "may"). */
function modality(S: Sent, head: number, lex: Lexicon): Modality {
  const r: Modality = { neg: false, intent: false, hedge: null, raise: null, words: [] };
  const lo = Math.max(0, head - 6);
  for (let j = head - 1; j >= lo; j--) {
    const w = S.w[j]!, t = S.tag[j]!;
    if (S.slotAt[j]! >= 0 || w === ',' || w === ';' || (t === 'NOUN' && w !== 'no') || t === 'PROPN') break;
    if ((t === 'VERB' && !lex.modality.has(w)) || t === 'SCONJ') {
      // a raising verb ("continued to send") belongs to the group; any other verb ends it
      const rows = lex.modality.get(w);
      if (!rows) break;
    }
    const rows = lex.modality.get(w);
    if (!rows) continue;
    for (const row of rows) {
      if (!row.words.every((x, i) => S.w[j + i] === x)) continue;
      if (j + row.words.length > head) continue;
      r.words.unshift(row.words.join(' '));
      if (row.kind === 'neg') r.neg = !r.neg || row.words[0] === 'no';
      else if (row.kind === 'intent') r.intent = true;
      else if (row.kind === 'hedge') r.hedge ??= row.mode;
      else if (row.kind === 'raise') r.raise ??= row.mode;
      break;
    }
  }
  return r;
}

function isPassive(S: Sent, m: Match): boolean {
  const h = m.head, w = S.w[h]!;
  const first = m.p.elems[0];
  if (!first || 'gap' in first || !first.forms.get(w)?.some((a) => a.kind === 'v')) return false;
  if (!/(ed|en|wn|ld|ht|ut|et|ot|ck|ne)$/.test(w) || w.endsWith('ing')) return false;
  for (let j = h - 1; j >= Math.max(0, h - 4); j--) {
    const x = S.w[j]!, t = S.tag[j]!;
    if (BE.has(x)) return !(x === "'s" && S.tag[j] === 'PART');
    if (t === 'ADV' || t === 'PART' || x === 'not' || x === "n't") continue;
    break;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// actors around a trigger

interface Subject { slots: number[]; pronoun: string | null; at: number }

function findSubject(S: Sent, h: number, lex: Lexicon, depth = 0): Subject {
  const { lo, antecedent } = clauseLeft(S, h, lex);
  const inParen = S.paren[h];
  // "X urged Y … and slammed Z": the second verb of coordinated predicates shares the first one's subject
  let vg = h;
  while (vg > lo && (S.tag[vg - 1] === 'AUX' || S.tag[vg - 1] === 'ADV' || S.tag[vg - 1] === 'PART')) vg--;
  if (depth < 3 && vg > lo && (S.w[vg - 1] === 'and' || S.w[vg - 1] === 'but') && S.tag[h] === 'VERB') {
    for (let j = vg - 2; j >= lo; j--) {
      if (S.tag[j] === 'VERB' && !lex.reporting.has(S.w[j]!) && !S.paren[j]) {
        let a = j;
        while (a > lo && (S.tag[a - 1] === 'AUX' || S.tag[a - 1] === 'ADV' || S.tag[a - 1] === 'PART')) a--;
        // the first verb must have its own subject right before it (not be a participle or an infinitive)
        if (S.w[a - 1] !== 'to' && S.w[a - 1] !== ',') return findSubject(S, j, lex, depth + 1);
        break;
      }
    }
  }
  for (let j = h - 1; j >= lo; j--) {
    if (S.paren[j] && !inParen) continue;
    if (S.attrib[j] && !S.attrib[h]) continue;
    if (S.w[j] === ',' && bareNounPhrase(S, j + 1, h)) return { slots: [], pronoun: null, at: -1 };
    const si = S.slotAt[j]!;
    if (si >= 0) {
      const slot = S.slots[si]!;
      if (!inPP(S, slot, lo)) {
        // "X criticised Y and praised Z": Y is an object; the subject is the one of the first verb
        if (depth < 3) {
          const before = npStart(S, slot.a) - 1;
          let after = slot.b;
          while (after < h && (S.tag[after] === 'NOUN' || S.tag[after] === 'PROPN' || S.w[after] === "'s")) after++;
          if (before >= lo && S.tag[before] === 'VERB' && !lex.reporting.has(S.w[before]!) && (S.w[after] === 'and' || S.w[after] === 'but')) {
            return findSubject(S, before, lex, depth + 1);
          }
        }
        return { slots: coordLeft(S, si, lo), pronoun: null, at: slot.a };
      }
      // "Opposition groups in Zimbabwe are demanding …": a group named by its country
      const prep = npStart(S, slot.a) - 1;
      if ((S.w[prep] === 'in' || S.w[prep] === 'from') && slot.entity.kind === 'state' && groupHead(S, prep, lo)) {
        return { slots: [si], pronoun: null, at: slot.a };
      }
      j = slot.a;
      continue;
    }
    const w = S.w[j]!;
    if (SUBJ_PRONOUNS.has(w) && S.tag[j] === 'PRON' && S.raw[j] !== 'US') return { slots: [], pronoun: w, at: j };
  }
  if (antecedent >= 0) return { slots: [antecedent], pronoun: null, at: S.slots[antecedent]!.a };
  return { slots: [], pronoun: null, at: -1 };
}

/** Tokens [a, b) are a noun phrase without any actor, up to the trigger's verb group (", a rights group protested"). */
function bareNounPhrase(S: Sent, a: number, b: number): boolean {
  let noun = false, k = a;
  for (; k < b; k++) {
    const t = S.tag[k]!;
    if (S.slotAt[k]! >= 0) return false;
    if (t === 'NOUN') noun = true;
    else if (!(t === 'DET' || t === 'ADJ' || t === 'NUM' || t === 'PROPN' || S.w[k] === '-')) break;
  }
  if (!noun) return false;
  // then only the verb group
  for (; k < b; k++) if (!(S.tag[k] === 'AUX' || S.tag[k] === 'ADV' || S.tag[k] === 'PART')) return false;
  return true;
}

/** Is the noun phrase before the preposition at `prep` a bare plural group at the start of the clause ("Rebels in …")? */
function groupHead(S: Sent, prep: number, lo: number): boolean {
  const s = npStart(S, prep);
  if (s === prep || S.tag[prep - 1] !== 'NOUN' || !/s$/.test(S.w[prep - 1]!)) return false;
  for (let k = s; k < prep; k++) if (S.slotAt[k]! >= 0) return false;
  return s <= lo || S.w[s - 1] === ',' || s === 0;
}

function findTarget(S: Sent, from: number, hi: number, exclude: Set<string>, srcCodes: Set<string>): number[] {
  let fallback = -1;
  const inParen = S.paren[from];
  for (let j = from; j < hi; j++) {
    if (S.paren[j] && !inParen) continue;
    const si = S.slotAt[j]!;
    if (si < 0) continue;
    const slot = S.slots[si]!;
    j = slot.b - 1;
    if (exclude.has(slot.entity.id) || !slot.entity.code) continue;
    if (slot.entity.code && srcCodes.has(slot.entity.code) && !slot.pronoun) { if (fallback < 0) fallback = si; continue; }
    if (slot.pronoun) continue;
    return coordRight(S, si, hi).filter((x) => !exclude.has(S.slots[x]!.entity.id));
  }
  return fallback >= 0 ? [fallback] : [];
}

function agentAfter(S: Sent, from: number, hi: number): number[] {
  for (let j = from; j < Math.min(hi, from + 6); j++) {
    if (S.w[j] === 'by' && S.slotAt[j + 1]! >= 0) return coordRight(S, S.slotAt[j + 1]!, hi);
    if (S.w[j] === 'by') {
      for (let x = j + 1; x < Math.min(hi, j + 5); x++) if (S.slotAt[x]! >= 0) return coordRight(S, S.slotAt[x]!, hi);
    }
  }
  return [];
}

/** The quote whose content contains offset pos. */
function quoteAt(ctx: Ctx, pos: number): Quote | null {
  for (const q of ctx.quotes) if (q.contentSpan && pos >= q.contentSpan.start && pos < q.contentSpan.end) return q;
  return null;
}

/** The speaker of the reporting verb before token k in the sentence ("Iraq said it would …"), or of the quote. */
function speakerFor(ctx: Ctx, S: Sent, k: number, pronoun: string | null): Actor | null {
  const q = quoteAt(ctx, S.start[k]!);
  if (pronoun && FIRST_PERSON.has(pronoun)) {
    if (q?.speaker?.entity) {
      const e = ctx.entityById.get(q.speaker.entity);
      if (e) return { slot: null, entity: e, mention: null, text: q.speaker.name };
    }
    return null;
  }
  for (let j = k - 1; j >= 0; j--) {
    if (ctx.lex.reporting.has(S.w[j]!) && S.tag[j] === 'VERB') {
      const subj = findSubject(S, j, ctx.lex);
      if (subj.slots.length) {
        const slot = S.slots[subj.slots[subj.slots.length - 1]!]!;
        return { slot, entity: slot.entity, mention: slot.mention, text: slot.mention.text };
      }
      break;
    }
  }
  // an indirect quote whose speaker the quotes stage found ("it", "he" then stands for the speaker)
  if (q && q.kind === 'indirect' && q.speaker?.entity && pronoun && pronoun !== 'they') {
    const e = ctx.entityById.get(q.speaker.entity);
    if (e) return { slot: null, entity: e, mention: null, text: q.speaker.name };
  }
  return null;
}

function slotActor(S: Sent, i: number): Actor {
  const s = S.slots[i]!;
  return { slot: s, entity: s.entity, mention: s.mention, text: s.mention.text };
}

function actorRef(a: Actor | null): ActorRef | null {
  if (!a) return null;
  return {
    name: a.entity?.name ?? a.text,
    entity: a.entity?.id ?? null,
    code: a.entity?.code ?? a.code ?? null,
    sector: a.entity?.sector ?? null,
    mention: a.mention ? { start: a.mention.start, end: a.mention.end, text: a.mention.text } : null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// coding one sentence

interface Draft {
  m: Match;
  type: string;
  cameo: string;
  mode: string | null;
  pattern: string;
  negated: boolean;
  sources: Actor[];
  targets: Actor[];
  sym: boolean;
  notgt: boolean;
}

/** The source's own country, as a target (domestic events). */
function domesticActor(ctx: Ctx, src: Actor): Actor {
  const code = src.entity!.code!;
  const state = ctx.doc.entities.find((e) => e.kind === 'state' && e.code === code);
  return state ? { slot: null, entity: state, mention: null, text: state.name } : { slot: null, entity: null, mention: null, text: code, code };
}

/** "weapons seized last year from …", "a lunch hosted by …": a participle after a noun, inside another clause. */
function reducedRelative(S: Sent, m: Match, lex: Lexicon): boolean {
  const h = m.head, w = S.w[h]!;
  if (!/(ed|ing)$/.test(w) || h === 0) return false;
  const prev = S.tag[h - 1]!;
  if (!(prev === 'NOUN' || (prev === 'PROPN' && S.slotAt[h - 1]! < 0))) return false;
  // there is a finite verb earlier in the sentence, or the participle is followed by "by"
  if (S.w[m.end] === 'by') return true;
  const { lo } = clauseLeft(S, h, lex);
  for (let j = h - 2; j >= lo; j--) if (S.tag[j] === 'VERB' && !S.attrib[j] && !S.w[j]!.endsWith('ing')) return true;
  return false;
}

function codeSentence(ctx: Ctx, S: Sent): void {
  const { lex } = ctx;
  const matches = findMatches(S, lex);
  const suppressed = new Array(S.n).fill(false);
  const drafts: Draft[] = [];
  const matchAt = new Map<number, Match>();
  for (const m of matches) for (const t of m.toks) matchAt.set(t, m);
  ctx.matchAt = matchAt;

  // reported obligations: "Russia said Sudan must return …" = REQUEST Russia -> Sudan; the obligation's content is not coded
  for (let k = 1; k < S.n; k++) {
    const rows = lex.modality.get(S.w[k]!);
    const row = rows?.find((r) => r.kind === 'obligation' && r.words.every((x, i) => S.w[k + i] === x));
    if (!row || S.attrib[k]) continue;
    const subj = findSubject(S, k, lex);
    if (!subj.slots.length) continue;
    const speaker = speakerFor(ctx, S, subj.at, null);
    if (!speaker?.entity?.code) continue;
    const targets = subj.slots.map((i) => slotActor(S, i)).filter((a) => a.entity && a.entity.code !== speaker.entity!.code);
    if (!targets.length) continue;
    const hi = clauseRight(S, k + row.words.length);
    for (let j = k; j < hi; j++) suppressed[j] = true;
    const end = k + row.words.length;
    drafts.push({
      m: { p: { id: 'obligation', source: row.words.join(' '), elems: [], words: row.words.length, type: 'REQUEST', cameo: '100', mode: 'demand', frame: new Set(), order: -1 }, head: k, end, toks: [k] },
      type: 'REQUEST', cameo: '100', mode: 'demand', pattern: `obligation(${row.words.join(' ')})`, negated: false,
      sources: [speaker], targets, sym: false, notgt: false,
    });
  }

  let coded = -1;
  for (const m of matches) {
    const h = m.head;
    if (suppressed[h] || S.attrib[h]) continue;
    if (inCondition(S, h, lex)) continue;
    // an infinitive of purpose or a participle clause after a coded event elaborates it ("telephoned X to discuss",
    // "…, setting fire to …"); a reduced relative ("equipment seized last year") describes a noun
    if (coded >= 0 && coded < h && (S.w[h - 1] === 'to' || (S.w[h - 1] === ',' && S.w[h]!.endsWith('ing')))) continue;
    if (reducedRelative(S, m, lex)) continue;
    // "prohibit the US from providing", "refrain from attacking": an event that is kept from happening
    if (S.w[h - 1] === 'from' && S.w[h]!.endsWith('ing')) continue;
    const p = m.p;
    const nominal = p.frame.has('nominal');
    let type = p.type, cameo = p.cameo;
    let mode = p.mode ?? cameoRow(lex, cameo)?.mode ?? null;
    let pattern = p.id;
    let negated = false;
    let sources: Actor[] = [];
    let targets: Actor[] = [];
    let sourceSlots: number[] = [];
    const exclude = new Set<string>();
    const hi = clauseRight(S, m.end, lex);

    if (nominal) {
      const r = nominalActors(ctx, S, m, hi);
      if (!r) continue;
      sources = r.sources; targets = r.targets; pattern += r.how;
      if (r.neg) { negated = true; }
    } else {
      const subj = findSubject(S, h, lex);
      const agent = isPassive(S, m) ? agentAfter(S, m.end, hi) : [];
      // "is opposed to", "are prepared for": adjectival participles stay active unless an agent or a done-to event says otherwise
      const passive = isPassive(S, m) && (agent.length > 0 || PASSIVE_TYPES.has(type));
      // "any attack would be met with force": a passive without an agent says nothing about who acted
      if (isPassive(S, m) && !passive) continue;
      if (passive) {
        sources = agent.map((i) => slotActor(S, i));
        targets = subj.slots.map((i) => slotActor(S, i));
        pattern += '+passive';
        if (!sources.length) continue;
      } else {
        sourceSlots = subj.slots;
        sources = subj.slots.map((i) => slotActor(S, i));
        if (!sources.length && subj.pronoun) {
          const sp = speakerFor(ctx, S, subj.at, subj.pronoun);
          if (sp) { sources = [sp]; pattern += `+pronoun(${subj.pronoun})`; }
        }
        if (!p.frame.has('notgt')) {
          for (const a of sources) if (a.entity) exclude.add(a.entity.id);
          const codes = new Set(sources.map((a) => a.entity?.code).filter((c): c is string => !!c));
          targets = findTarget(S, h + 1, hi, exclude, codes).map((i) => slotActor(S, i));
        }
      }
      const mod = modality(S, h, lex);
      if (mod.raise) mode = mod.raise === 'attempt' ? 'attempt' : mode;
      if (mod.neg) negated = true;
      // "vowed not to return", "agreed not to"
      if ((p.frame.has('ctrl') || p.frame.has('intent')) && (S.w[m.end] === 'not' || S.w[m.end] === 'never')) negated = !negated;
      if (mod.intent && !negated && !PRESET.has(type)) {
        const it = lex.intent.get(type);
        if (it) { pattern += `+intent(${mod.words.join(' ')})`; type = it.type; cameo = it.cameo; mode = 'intent'; }
      }
      // complements: ctrl/intent/content verbs own what follows them
      if (p.frame.has('ctrl') || p.frame.has('intent') || p.frame.has('content')) {
        let inner: Match | null = null;
        const until = complementEnd(S, m.end);
        for (let j = m.end; j < until; j++) {
          suppressed[j] = true;
          const im = matchAt.get(j);
          if (im && !inner && im.head === j && im !== m) inner = im;
        }
        if (p.frame.has('intent') && inner) {
          const it = CONFLICT.has(inner.p.type) ? lex.intent.get(inner.p.type) : lex.intent.get(inner.p.type);
          if (it) { type = it.type; cameo = it.cameo; pattern += `>${inner.p.id}`; mode = inner.p.mode ?? cameoRow(lex, inner.p.cameo)?.mode ?? null; }
        }
      }
    }
    if (negated) {
      const ng = lex.negated.get(type);
      if (!ng) continue;
      type = ng.type; cameo = ng.cameo; pattern += '+negated'; mode = null;
    }
    if (!targets.some((a) => a.entity?.code) && p.frame.has('domestic')) {
      const src = sources.find((a) => a.entity?.code);
      if (src) { targets = [domesticActor(ctx, src)]; pattern += '+domestic'; }
    }
    drafts.push({ m, type, cameo, mode, pattern, negated, sources, targets, sym: p.frame.has('sym') && sourceSlots.length > 1, notgt: p.frame.has('notgt') });
    if (sources.length) coded = h;
  }
  for (const d of drafts) emit(ctx, S, d);
}

/** Actors of an event noun: support-verb subject, or the noun's own phrase ("talks between X and Y", "X's attack on Y"). */
function nominalActors(ctx: Ctx, S: Sent, m: Match, hi: number): { sources: Actor[]; targets: Actor[]; how: string; neg: boolean } | null {
  const { lex } = ctx;
  const h = m.head;
  const ns = npStart(S, h);
  let neg = false;
  for (let j = ns; j < h; j++) if (S.w[j] === 'no') neg = true;
  if (S.w[ns - 1] === 'without' || S.w[ns - 1] === 'no') neg = true;
  // the verb governing the noun phrase ("held talks", "held a round of talks", "carried out an attack")
  let v = ns - 1;
  if (S.w[v] === 'of') v = npStart(S, v) - 1;
  const sv = supportVerbEnding(lex, S, v);
  // governed through a preposition by another event ("conceded to demands", "welcomed the talks")
  for (let j = ns - 1; j >= Math.max(0, ns - 3); j--) {
    const other = ctx.matchAt?.get(j);
    if (other && other !== m) return null;
    if (!(S.tag[j] === 'ADP' || S.tag[j] === 'ADV' || S.tag[j] === 'PART')) break;
  }
  // own-phrase actors
  const inner: number[] = [];
  for (let j = ns; j < h; j++) if (S.slotAt[j]! >= 0 && !inner.includes(S.slotAt[j]!)) inner.push(S.slotAt[j]!);
  const pp = ppActors(S, m.end, hi);
  if (sv >= 0) {
    v = sv;
    const subj = findSubject(S, v, lex);
    let sources = subj.slots.map((i) => slotActor(S, i));
    if (!sources.length && subj.pronoun) { const sp = speakerFor(ctx, S, subj.at, subj.pronoun); if (sp) sources = [sp]; }
    if (!sources.length && inner.length) sources = inner.map((i) => slotActor(S, i));
    if (!sources.length) return null;
    const exclude = new Set(sources.map((a) => a.entity?.id).filter((x): x is string => !!x));
    const codes = new Set(sources.map((a) => a.entity?.code).filter((c): c is string => !!c));
    const targets = pp.between.length ? pp.between : findTarget(S, m.end, hi, exclude, codes);
    const mod = modality(S, v, lex);
    return { sources, targets: targets.map((i) => slotActor(S, i)).filter((a) => !exclude.has(a.entity?.id ?? '')), how: `@${S.w[v]}`, neg: neg || mod.neg };
  }
  // governed by another verb (an event verb or any other): the noun is that verb's object, not an event of its own
  if (v >= 0 && (S.tag[v] === 'VERB' || S.tag[v] === 'AUX') && v === ns - 1) return null;
  if (pp.between.length >= 2) return { sources: pp.between.map((i) => slotActor(S, i)), targets: [], how: '(between)', neg };
  const src = inner.length ? inner : pp.by;
  if (!src.length) return null;
  if (inner.length >= 2 && !pp.target.length) return { sources: inner.map((i) => slotActor(S, i)), targets: [], how: '(compound)', neg };
  if (!pp.target.length) return null;
  return { sources: src.map((i) => slotActor(S, i)), targets: pp.target.map((i) => slotActor(S, i)), how: '(phrase)', neg };
}

/** The support verb whose phrase ends at token `end` ("held", "carried out", "took part in"), or -1. */
function supportVerbEnding(lex: Lexicon, S: Sent, end: number): number {
  for (let v = end; v >= Math.max(0, end - 2); v--) {
    const rests = lex.support.get(S.w[v]!);
    if (!rests || !(S.tag[v] === 'VERB' || S.tag[v] === 'AUX' && v === end)) continue;
    if (rests.some((rest) => v + rest.length === end && rest.every((x, i) => S.w[v + 1 + i] === x))) return v;
  }
  return -1;
}

/** Actors in the prepositional phrases right after an event noun. */
function ppActors(S: Sent, from: number, hi: number): { between: number[]; by: number[]; target: number[] } {
  const r = { between: [] as number[], by: [] as number[], target: [] as number[] };
  for (let j = from; j < Math.min(hi, from + 8); j++) {
    const w = S.w[j]!;
    if (S.tag[j] === 'VERB' || isPunct(w) && w !== '-' && w !== "'s") break;
    if (w === 'between' || w === 'among') {
      const s = firstSlot(S, j + 1, hi);
      if (s >= 0) r.between = coordRight(S, s, hi);
      break;
    }
    if (w === 'by') { const s = firstSlot(S, j + 1, hi); if (s >= 0) r.by = coordRight(S, s, hi); continue; }
    if (w === 'with' || w === 'on' || w === 'against' || w === 'to' || w === 'into' || w === 'for') {
      const s = firstSlot(S, j + 1, hi);
      if (s >= 0 && !r.target.length) { r.target = coordRight(S, s, hi); j = S.slots[r.target[r.target.length - 1]!]!.b - 1; }
    }
  }
  return r;
}

function firstSlot(S: Sent, from: number, hi: number): number {
  for (let j = from; j < Math.min(hi, from + 5); j++) {
    if (S.slotAt[j]! >= 0) return S.slotAt[j]!;
    if (S.tag[j] === 'VERB' || S.tag[j] === 'ADP' || isPunct(S.w[j]!)) return -1;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------------
// output

const dateCache = new WeakMap<Sent, Array<{ date: string; start: number; end: number }>>();

function emit(ctx: Ctx, S: Sent, d: Draft): void {
  const { doc, lex } = ctx;
  const sources = d.sources.filter((a) => a.entity?.code);
  const targets = d.targets.filter((a) => a.entity?.code || a.code);
  if (!sources.length) return;
  if (!targets.length && !KEEP_UNTARGETED && !d.notgt && !(d.sym && new Set(sources.map((a) => a.entity!.code)).size > 1)) return;
  const row = cameoRow(lex, d.cameo);
  const intensity = row ? row.goldstein : null;
  const evStart = S.start[d.m.head]!, evEnd = S.end[d.m.end - 1]!;
  const q = quoteAt(ctx, evStart);
  const date = eventDate(ctx, S, evStart);
  const location = locationOf(S, d.m.end);
  const pairs: Array<[Actor | null, Actor | null]> = [];
  if (!sources.length) for (const t of targets) pairs.push([null, t]);
  else if (d.sym && SYMMETRIC_PAIRS && new Set(sources.map((a) => a.entity!.code)).size > 1) {
    for (const s of sources) for (const t of sources) if (s !== t && s.entity!.id !== t.entity!.id) pairs.push([s, t]);
  } else if (targets.length) {
    for (const s of sources) for (const t of targets) { if (s.entity!.id !== t.entity?.id) pairs.push([s, t]); }
  } else for (const s of sources) pairs.push([s, null]);
  for (const [s, t] of pairs) {
    ctx.out.push({
      id: '', type: d.type, mode: d.mode, cameo: d.cameo || null,
      source: actorRef(s), target: actorRef(t), date, location, negated: d.negated, intensity,
      evidence: { start: evStart, end: evEnd }, quote: q?.id ?? null, pattern: d.pattern,
    });
  }
  void doc;
}

function eventDate(ctx: Ctx, S: Sent, pos: number): string | null {
  let hits = dateCache.get(S);
  if (!hits) {
    const s = ctx.doc.sentences[S.si]!;
    hits = sentenceDates(ctx.doc.text.slice(s.start, s.end), ctx.doc.refDate).map((h) => ({ ...h, start: h.start + s.start, end: h.end + s.start }));
    dateCache.set(S, hits);
  }
  if (!hits.length) return ctx.refDay;
  let best = hits[0]!, dist = Infinity;
  for (const h of hits) { const dd = Math.abs(h.start - pos); if (dd < dist) { dist = dd; best = h; } }
  return best.date;
}

function locationOf(S: Sent, from: number): string | null {
  const hi = clauseRight(S, from);
  for (let j = from; j < hi - 1; j++) {
    if ((S.w[j] === 'in' || S.w[j] === 'at' || S.w[j] === 'near') && S.slotAt[j + 1]! >= 0) {
      const s = S.slots[S.slotAt[j + 1]!]!;
      if (s.entity.kind === 'location' || s.entity.kind === 'state') return s.mention.text;
    }
    if ((S.w[j] === 'in' || S.w[j] === 'near') && S.tag[j + 1] === 'PROPN') {
      let e = j + 1;
      while (e < hi && S.tag[e] === 'PROPN') e++;
      return S.raw.slice(j + 1, e).join(' ');
    }
  }
  return null;
}
