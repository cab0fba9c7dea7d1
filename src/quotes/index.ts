/**
 * The quotes stage: who said what. Fills doc.quotes (src/record.ts Quote) with
 *  - direct quotes: spans in quotation marks of every style (marks.ts), set apart from the writer's
 *    sentence, attributed by a cue verb and source next to them ("…," Sullivan said / said Sullivan /
 *    Sullivan said: "…"), split quotes joined ("We are ready," he said, "but not alone."), multi-paragraph
 *    quotes joined, and quotes with no source in their sentence given the speaker of the preceding quote
 *    when news convention says so (same paragraph, or a paragraph that opens with the quote) — else null;
 *  - indirect speech: a cue verb with its source noun phrase and the reported clause, preposed
 *    ("Psaki told reporters that …"), postposed ("…, officials said"), inverted ("…, said the ministry"),
 *    participial (", adding that …") and "according to"; a reported clause that begins or ends with a
 *    quotation is kind `mixed`.
 * Speakers: the source words are the mention; the name comes from the actors stage (speaker.ts).
 * Everything is linear in the text: one scan for marks, bounded windows around each cue.
 */
import type { Doc } from '../doc.js';
import { sentenceAt } from '../doc.js';
import type { Quote, QuoteKind, Speaker, Span } from '../record.js';
import { lexicon, wordClass } from './lexicon.js';
import type { Lexicon } from './lexicon.js';
import { scanQuotes } from './marks.js';
import type { QuoteSpan } from './marks.js';
import type { CueHit, NP, Toks } from './tokens.js';
import { cueAt, docToks, lw, isCap, isPunct, isQuoteTok, npAfter, npBefore, npEndingAt, tokAt } from './tokens.js';
import type { SpeakerCtx } from './speaker.js';
import { makeSpeaker } from './speaker.js';

interface Found {
  content: Span[];
  kind: QuoteKind;
  cue: CueHit | null;
  /** cue text for cues that are not verbs (":", "according to") */
  cueSpan?: Span;
  np: NP | null;
  speaker: Speaker | null;
  rule: string;
  para: number;
  /** for ordering and continuation */
  at: number;
}

interface Ctx extends SpeakerCtx {
  lex: Lexicon;
  spans: QuoteSpan[];
  /** token indices used as cues */
  usedCue: Set<number>;
  /** full direct quotes (content ranges), indirect detection never looks inside them */
  direct: Span[];
}

const SENT_END = /^[.!?]+$/;

export function quotes(doc: Doc): void {
  const lex = lexicon();
  const T = docToks(doc);
  const spans = scanQuotes(doc.text, doc.paragraphs);
  const ctx: Ctx = { doc, T, lex, spans, usedCue: new Set(), direct: [], history: [] };
  const found: Found[] = [];
  directQuotes(ctx, found);
  indirectQuotes(ctx, found);
  found.sort((a, b) => a.content[0]!.start - b.content[0]!.start);
  mergeContinuations(ctx, found);
  // speakers in text order (pronouns look back at earlier speakers)
  resolveSpeakers(ctx, found);
  doc.quotes = found.map((f, i): Quote => {
    const first = f.content[0]!, last = f.content[f.content.length - 1]!;
    const cueSpan = f.cueSpan ?? (f.cue ? { start: T.t[f.cue.a]!.start, end: T.t[f.cue.b]!.end } : null);
    return {
      id: `q${i + 1}`,
      content: f.content.map((s) => doc.text.slice(s.start, s.end)).join(' '),
      kind: f.kind,
      contentSpan: { start: first.start, end: last.end },
      cue: cueSpan ? doc.text.slice(cueSpan.start, cueSpan.end) : null,
      cueSpan,
      speaker: f.speaker,
      rule: f.rule,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// direct quotes

function paraOf(doc: Doc, pos: number): number {
  let lo = 0, hi = doc.paragraphs.length - 1;
  while (lo <= hi) { const m = (lo + hi) >> 1; const p = doc.paragraphs[m]!; if (pos < p.start) hi = m - 1; else if (pos >= p.end) lo = m + 1; else return m; }
  return -1;
}

/** Token range [a, b] (inclusive) of the sentence containing offset pos, clipped to its paragraph. */
function sentenceRange(ctx: Ctx, pos: number): [number, number] {
  const { doc, T } = ctx;
  let lo = 0, hi = doc.sentences.length - 1, si = -1;
  while (lo <= hi) { const m = (lo + hi) >> 1; const s = doc.sentences[m]!; if (pos < s.start) hi = m - 1; else if (pos >= s.end) lo = m + 1; else { si = m; break; } }
  if (si < 0) {
    const p = doc.paragraphs[paraOf(doc, pos)];
    if (!p) return [0, -1];
    return [tokAt(T, p.start), tokAt(T, p.end) - 1];
  }
  const s = doc.sentences[si]!;
  return [tokAt(T, s.start), tokAt(T, s.end) - 1];
}

function isFullQuote(ctx: Ctx, q: QuoteSpan, before: [number, number], after: [number, number]): boolean {
  const { doc, T, lex } = ctx;
  const text = doc.text;
  let c = q.start;
  while (c < q.end && /\s/.test(text[c]!)) c++;
  const firstUpper = /[\p{Lu}\d]/u.test(text[c] ?? '');
  let e = q.end - 1;
  while (e > q.start && /\s/.test(text[e]!)) e--;
  const endsPunct = /[,.!?…:;—-]/.test(text[e] ?? '');
  const words = doc.text.slice(q.start, q.end).split(/\s+/).filter(Boolean).length;
  const nb = before[1] - before[0] + 1;
  const prevTok = nb > 0 ? lw(T, before[1])! : '';
  const beforeSetsApart = nb <= 0 || prevTok === ':' || prevTok === ',' || prevTok === '—' || prevTok === '-' || prevTok === '(' || isQuoteTok(prevTok);
  const afterTok = after[1] >= after[0] ? lw(T, after[0])! : '';
  const afterSetsApart = after[1] < after[0] || afterTok === ',' || SENT_END.test(afterTok) || afterTok === '—' || cueAt(T, lex, after[0]) !== null;
  if (q.single && words < 4 && !(beforeSetsApart && afterSetsApart && endsPunct)) return false;
  if (beforeSetsApart && (firstUpper || endsPunct) && (afterSetsApart || endsPunct)) return true;
  // a cue verb right before the quote: He said "we will win."
  // a cue verb right before a capitalised quote: Trump declared “I think NATO may be obsolete.”
  if (nb > 0 && firstUpper && words >= 3) {
    const k = before[1];
    const c = cueAt(T, lex, k);
    if (c && !c.form.participle && (c.form.info.cls === 'speech' || c.form.info.cls === 'write')) return true;
  }
  return false;
}

function directQuotes(ctx: Ctx, found: Found[]): void {
  const { doc, T, lex, spans } = ctx;
  const merged = new Set<number>();
  for (let qi = 0; qi < spans.length; qi++) {
    if (merged.has(qi)) continue;
    const q = spans[qi]!;
    // nested in an earlier quote (single inside double are not scanned; guard anyway)
    if (found.some((f) => f.rule.startsWith('direct') && f.content.some((s) => q.open >= s.start && q.open < s.end))) continue;
    const [sa, sb] = sentenceRange(ctx, q.open);
    const closeAt = q.close >= 0 ? q.close : q.end - 1;
    const [, eb] = sentenceRange(ctx, closeAt);
    const openTok = tokAt(T, q.open);
    const closeTok = q.close >= 0 ? tokAt(T, q.close) : tokAt(T, q.end);
    // after-context: up to the sentence end or the next quote's opening in it
    let afterEnd = Math.max(eb, closeTok);
    const next = spans[qi + 1];
    if (next) { const nt = tokAt(T, next.open); if (nt - 1 < afterEnd) afterEnd = nt - 1; }
    const before: [number, number] = [sa, openTok - 1];
    const after: [number, number] = [q.close >= 0 ? closeTok + 1 : closeTok, afterEnd];
    if (before[1] < before[0] - 1) before[1] = before[0] - 1;
    if (!isFullQuote(ctx, q, before, after)) continue;
    const f: Found = { content: [trimSpan(doc.text, q.parts[0]!)], kind: 'direct', cue: null, np: null, speaker: null, rule: 'direct', para: q.para, at: q.start };
    // attribution after the quote
    let att = attributionAfter(ctx, after[0], after[1]);
    if (att) {
      f.cue = att.cue; f.np = att.np; f.rule = `direct:${att.rule}`;
      ctx.usedCue.add(att.cue.a);
      // split quote: "We are ready," he said, "but not alone."
      const nq = spans[qi + 1];
      if (nq && nq.para === q.endPara) {
        const nt = tokAt(T, nq.open);
        const gap = nt - 1;
        if (q.parts.length === 1 && gap >= att.end && gap <= att.end + 1 && (lw(T, gap) === ',' || lw(T, gap) === ':' || gap === att.end)) {
          f.content.push(trimSpan(doc.text, nq.parts[0]!));
          merged.add(qi + 1);
        }
      }
    } else {
      const bt = attributionBefore(ctx, before[0], before[1]);
      if (bt) { f.cue = bt.cue; f.np = bt.np; f.rule = `direct:${bt.rule}`; if (bt.cue) ctx.usedCue.add(bt.cue.a); if (bt.cueSpan) f.cueSpan = bt.cueSpan; }
      else if (q.close >= 0 && after[1] < after[0] && closeTok >= eb) {
        // "…" He said. — a short attribution sentence right after
        const [na, nb] = sentenceRange(ctx, T.t[closeTok + 1]?.start ?? -1);
        if (na === closeTok + 1 && nb - na <= 8 && paraOf(doc, T.t[na]?.start ?? -1) === q.endPara) {
          const a2 = attributionAfter(ctx, na, nb);
          if (a2 && a2.end >= nb - 1) { f.cue = a2.cue; f.np = a2.np; f.rule = 'direct:next-sentence'; ctx.usedCue.add(a2.cue.a); }
        }
      }
    }
    if (!f.np) f.rule = 'direct:continuation';
    // a single-quoted line with no source of its own is a title or a crosshead, not a quotation
    if (!f.np && q.single) continue;
    for (const s of f.content) ctx.direct.push(s);
    found.push(f);
    // a quote continued over paragraph breaks: one quote per paragraph, all from the same source
    for (let pi = 1; pi < q.parts.length; pi++) {
      const part = trimSpan(doc.text, q.parts[pi]!);
      ctx.direct.push(part);
      found.push({ content: [part], kind: 'direct', cue: f.cue, np: f.np, speaker: null, rule: f.np ? 'direct:paragraph-part' : 'direct:continuation', para: paraOf(doc, part.start), at: part.start, ...(f.cueSpan ? { cueSpan: f.cueSpan } : {}) });
    }
  }
}

function trimSpan(text: string, s: Span): Span {
  let a = s.start, b = s.end;
  while (a < b && /\s/.test(text[a]!)) a++;
  while (b > a && /\s/.test(text[b - 1]!)) b--;
  return { start: a, end: b };
}

interface Att { cue: CueHit; np: NP; end: number; rule: string }

/** `," Sullivan said …` / `," said Sullivan` / `, according to …` in tokens [a, b]. */
function attributionAfter(ctx: Ctx, a: number, b: number): Att | null {
  const { T, lex } = ctx;
  let k = a;
  let dash = -1;
  while (k <= b && (lw(T, k) === ',' || /^[—–―-]$/.test(lw(T, k)!) || isQuoteTok(T.t[k]!.text))) { if (/^[—–―-]$/.test(lw(T, k)!)) dash = k; k++; }
  if (k > b) return null;
  // “…” ― Martha Aguilar (a signature line)
  if (dash >= 0) {
    const np = npAfter(T, lex, k, b);
    if (np && np.b >= b - 1 && np.kind === 'name') return { cue: { a: dash, b: dash, form: COLON }, np, end: np.b, rule: 'dash' };
  }
  // inverted: said Sullivan
  const c0 = cueAt(T, lex, k);
  if (c0 && (c0.form.info.inv || c0.form.info.cls === 'speech' || c0.form.info.cls === 'write') && !c0.form.participle) {
    const np = npAfter(T, lex, c0.b + 1, b);
    if (np) return { cue: c0, np, end: np.b, rule: 'inverted' };
  }
  // according to X
  if (lw(T, k) === 'according' && lw(T, k + 1) === 'to') {
    const np = npAfter(T, lex, k + 2, b);
    if (np) return { cue: { a: k, b: k + 1, form: ACCORDING }, np, end: np.b, rule: 'according' };
  }
  // Sullivan said / the minister told reporters
  for (let j = k + 1; j <= Math.min(b, k + 30); j++) {
    const w = lw(T, j)!;
    if (isPunct(w) && !/^(?:[.,()&–-]|['’]s?)$/.test(w)) break;
    const c = cueAt(T, lex, j);
    if (!c || c.form.participle) continue;
    if (c.form.info.cls === 'think' || c.form.info.cls === 'evidence') continue;
    const np = npBefore(T, lex, j, k);
    if (np && np.a === k) return { cue: c, np, end: c.b, rule: 'postposed' };
    if (np && lw(T, np.a - 1) === ',' && np.a - 1 >= k) continue;
    break;
  }
  return null;
}

const ACCORDING: CueHit['form'] = { words: ['according', 'to'], participle: false, info: { lemma: 'according to', cls: 'speech', obj: false, inv: false, ing: false, bare: false } };
const COLON: CueHit['form'] = { words: [':'], participle: false, info: { lemma: ':', cls: 'speech', obj: false, inv: false, ing: false, bare: false } };

/** `Sullivan said: "…"` / `He added, "…"` / `Trump: "…"` in tokens [a, b] (b = the token before the quote). */
function attributionBefore(ctx: Ctx, a: number, b: number): (Att & { cueSpan?: Span }) | null {
  const { T, lex } = ctx;
  if (b < a) return null;
  let k = b;
  if (lw(T, k) === ':' || lw(T, k) === ',' || lw(T, k) === '—') k--;
  // skip a medium/time phrase: "said in a statement:", "told reporters on Monday,"
  for (let j = k; j >= Math.max(a, k - 8); j--) {
    const c = cueAt(T, lex, j);
    if (!c || c.b > k) continue;
    if (c.form.info.cls === 'evidence') return null;
    if (c.form.participle && c.form.info.ing) {
      // "…, adding: “…”" — the source is the subject of the sentence
      const np = subjectOf(ctx, a, j);
      if (np) return { cue: c, np, end: b, rule: 'participle' };
      return null;
    }
    const np = npBefore(T, lex, j, a);
    if (np) return { cue: c, np, end: b, rule: 'preposed' };
    return null;
  }
  // "Trump: “…”" — a bare name and a colon
  if (lw(T, b) === ':' && b - a <= 6) {
    const np = npEndingAt(T, lex, b - 1, a);
    if (np && np.a === a && np.kind !== 'noun') return { cue: { a: b, b, form: COLON }, np, end: b, rule: 'colon' };
  }
  return null;
}

/** The noun phrase that opens the sentence (its subject), when it ends before token `before`. */
function subjectAt(ctx: Ctx, a: number, before: number): NP | null {
  const { T, lex, doc } = ctx;
  let k = a;
  const dl = doc.article?.dateline;
  if (dl) while (k < before && T.t[k]!.start < dl.end && T.t[k]!.end > dl.start) k++;
  const at = (k: number): NP | null => {
    while (k < before && (isQuoteTok(T.t[k]!.text) || /^(but|and|so|yet|still|meanwhile)$/.test(lw(T, k)!))) k++;
    const np = npAfter(T, lex, k, before - 1);
    return np && np.kind !== 'relative' ? np : null;
  };
  const first = wordClass(lex, 'stop').has(lw(T, k) ?? '') ? null : at(k);
  if (first) return first;
  // "In a tearful interview on Friday, Ms Cengiz recounted …": the subject follows the opening phrase
  for (let j = k; j < before && j < k + 16; j++) if (lw(T, j) === ',') return at(j + 1);
  return null;
}

/** The subject at the start of the clause ending before token `before` (for participial cues). */
function subjectOf(ctx: Ctx, a: number, before: number): NP | null {
  const { T, lex } = ctx;
  // the first cue verb in the clause; its subject
  for (let j = a; j < before; j++) {
    const c = cueAt(T, lex, j);
    if (c && !c.form.participle) return npBefore(T, lex, j, a);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// indirect speech

function insideDirect(ctx: Ctx, pos: number): boolean {
  for (const s of ctx.direct) if (pos >= s.start && pos < s.end) return true;
  return false;
}

let cueRe: RegExp | null = null;
function cueRegex(lex: Lexicon): RegExp {
  if (cueRe) return cueRe;
  const words = new Set<string>(['according']);
  for (const k of lex.cues.keys()) words.add(k);
  const alt = [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  cueRe = new RegExp(`\\b(?:${alt})\\b`, 'gi');
  return cueRe;
}

function indirectQuotes(ctx: Ctx, found: Found[]): void {
  const { doc, T, lex } = ctx;
  // sentences with a cue word in them (one regex pass over the text instead of a look-up per token)
  const re = cueRegex(lex);
  re.lastIndex = 0;
  const cand: number[] = [];
  for (let m = re.exec(doc.text); m; m = re.exec(doc.text)) {
    const si = sentenceAt(doc, m.index);
    if (si >= 0 && cand[cand.length - 1] !== si) cand.push(si);
  }
  for (const si of cand) {
    const s = doc.sentences[si]!;
    const a = tokAt(T, s.start);
    const b = tokAt(T, s.end) - 1;
    if (b < a) continue;
    const here: Found[] = [];
    for (let k = a; k <= b; k++) {
      if (ctx.usedCue.has(k)) continue;
      const w = lw(T, k)!;
      if (w === 'according' && lw(T, k + 1) === 'to') { const f = according(ctx, a, b, k); if (f) here.push(f); continue; }
      const c = cueAt(T, lex, k);
      if (!c || c.form.info.cls === 'boundary') continue;
      if (insideDirect(ctx, T.t[k]!.start)) continue;
      const f = indirectAt(ctx, a, b, c, here);
      if (f) { here.push(f); k = c.b; }
    }
    for (const f of here) {
      // a reported clause wholly inside a direct quote is not a new quote
      if (f.content.every((sp) => insideDirect(ctx, sp.start) && insideDirect(ctx, sp.end - 1))) continue;
      found.push(f);
    }
  }
}

/** Content end: the sentence end without its final punctuation, cut before a following attribution. */
function contentEnd(ctx: Ctx, from: number, b: number): number {
  const { T, lex } = ctx;
  // a reported clause that opens with a quotation runs at least to its closing mark
  if (from <= b && isQuoteTok(T.t[from]!.text)) {
    const q = ctx.spans.find((x) => x.open === T.t[from]!.start);
    if (q && q.close >= 0 && q.para === q.endPara) {
      const ct = tokAt(T, q.close);
      if (ct > b) b = Math.min(ct, tokAt(T, ctx.doc.paragraphs[q.para]!.end) - 1);
    }
  }
  let e = b;
  // ", but he said that …": a new attribution with its own subject ends this one
  for (let j = from + 1; j <= b; j++) {
    const w = lw(T, j)!;
    if (!(w === ',' || ((w === 'but' || w === 'while' || w === 'and' || w === 'although') && lw(T, j - 1) === ','))) continue;
    const s0 = w === ',' ? j + 1 : j + 1;
    for (let m = s0; m <= Math.min(b, s0 + 8); m++) {
      const cm = cueAt(T, lex, m);
      if (cm && !cm.form.participle && (cm.form.info.cls === 'speech' || cm.form.info.cls === 'write') && lw(T, cm.b + 1) === 'that') {
        const np = npBefore(T, lex, m, s0);
        if (np && np.a === s0 || (np && lw(T, s0) === 'but' && np.a === s0 + 1)) { b = (w === ',' ? j : j - 1) - 1; }
        break;
      }
      if (isPunct(lw(T, m)!)) break;
    }
    if (b < j) break;
  }
  e = b;
  for (let j = from; j <= b; j++) {
    if (lw(T, j) === ',' || lw(T, j) === '—' || lw(T, j) === ';') {
      const n = lw(T, j + 1);
      if (n === 'according' && lw(T, j + 2) === 'to') { e = j - 1; break; }
      const c = j + 1 <= b ? cueAt(T, lex, j + 1) : null;
      if (c && c.form.participle && c.form.info.ing) { e = j - 1; break; }
      if (c && c.form.info.inv && !c.form.participle && npAfter(T, lex, c.b + 1, b)) { e = j - 1; break; }
      // ", he said" / ", officials said"
      for (let m = j + 2; m <= Math.min(b, j + 8); m++) {
        const cm = cueAt(T, lex, m);
        if (cm && !cm.form.participle && (cm.form.info.cls === 'speech' || cm.form.info.cls === 'write')) {
          const np = npBefore(T, lex, m, j + 1);
          if (np && np.a === j + 1 && endsClause(T, cm.b + 1, b)) { e = j - 1; }
          break;
        }
        if (isPunct(lw(T, m)!)) break;
      }
      if (e !== b) break;
    }
  }
  while (e >= from && (SENT_END.test(lw(T, e)!) || lw(T, e) === ',' || lw(T, e) === ';' || lw(T, e) === ':')) e--;
  return e;
}

/** True when tokens [k, b] after a cue hold no reported clause: the sentence ends, or adjuncts follow (time, place, medium). */
const ADJUNCT = /^(in|on|at|during|after|before|of|about|while|when|via|through|from|with|to|for|by|as|later|earlier|then|yesterday|today|tonight|recently|last|this|monday|tuesday|wednesday|thursday|friday|saturday|sunday|again|also|afterward|afterwards|told|adding|saying|noting|according|but|and)$/;
function endsClause(T: Toks, k: number, b: number): boolean {
  if (k > b) return true;
  const w = lw(T, k)!;
  if (SENT_END.test(w) || w === ',' || w === ';' || w === ':' || w === '—' || w === '(' || isQuoteTok(T.t[k]!.text)) return true;
  if (w === 'to' && k + 1 <= b && !isCap(T.t[k + 1]!.text) && !/^(the|a|an|his|her|their|reporters|me|him|them|us)$/.test(lw(T, k + 1)!)) return false; // "agreed to lend"
  return ADJUNCT.test(w) || /ly$/.test(w);
}

const ADJUNCT_OR_TIME = (w: string) => /^(in|on|at|during|last|this|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|then|later|earlier|recently|again|also|a|an|the|statement|interview|week|month|year|night|morning|evening|afternoon|me|reporters|him|her|them|us|cnn|fox|nbc|abc|cbs|msnbc)$/.test(w) || /ly$/.test(w);

function spanOf(ctx: Ctx, a: number, b: number): Span {
  const { T, doc } = ctx;
  let start = T.t[a]!.start;
  const dl = doc.article?.dateline;
  // "MOSCOW (Reuters) - Russia will …": the dateline is not part of what was said
  if (dl && start >= dl.start && start < dl.end && T.t[b]!.end > dl.end) { start = dl.end; while (/\s/.test(doc.text[start] ?? '')) start++; }
  return { start, end: T.t[b]!.end };
}

function kindOf(ctx: Ctx, span: Span): QuoteKind {
  const text = ctx.doc.text;
  const first = text[span.start] ?? '', last = text[span.end - 1] ?? '';
  let lastMark = last;
  if (/[.,]/.test(last)) lastMark = text[span.end - 2] ?? '';
  if (/["“”«»]/.test(first) || /["“”«»]/.test(last) || /["“”«»]/.test(lastMark)) return 'mixed';
  return 'indirect';
}

/** Does the clause starting at token k look like a reported clause (not a noun object or a prepositional phrase)? */
function clauseStart(ctx: Ctx, k: number, b: number, strict: boolean): boolean {
  const { T, lex } = ctx;
  if (k > b) return false;
  const w = lw(T, k)!;
  const t = T.t[k]!.text;
  if (isPunct(w) && !isQuoteTok(t)) return false;
  if (wordClass(lex, 'stop').has(w) && !/^(this|these|those|there|no|not)$/.test(w)) return false;
  if (/^(to|for|of|by|with|about|on|in|at|from|as|into|up|out|him|her|them|me|us|it's|so|yes|no|goodbye|hello|thanks|sorry|nothing|something|anything)$/.test(w)) return false;
  let n = 0;
  let verbish = false;
  for (let j = k; j <= b && j <= k + 14; j++) {
    const x = lw(T, j)!;
    if (SENT_END.test(x) || (strict && x === 'to')) break;
    n++;
    if (/^(is|are|was|were|will|would|could|should|can|may|might|must|has|have|had|did|does|do|isn't|wasn't|won't|'s|'re|'ll|'d|n't|not|been|wants|needs|knows|thinks|believes)$/.test(x)) verbish = true;
    else if (j > k && /^[a-z]{3,}(ed|es|s)$/.test(x) && !/(ss|us|is|ics)$/.test(x) && wordClass(lex, 'determiner').has(lw(T, j - 1)!) === false) verbish = true;
  }
  // reporting verbs ("said", "told reporters") take a clause without "that": any 3+ words that are not a phrase
  if (!strict) return n >= 3;
  return verbish && n >= 3;
}

function indirectAt(ctx: Ctx, a: number, b: number, c: CueHit, here: Found[]): Found | null {
  const { T, lex, doc } = ctx;
  const info = c.form.info;
  const para = paraOf(doc, T.t[c.a]!.start);
  // participial: ", adding that …" — the source is the sentence's earlier speaker or subject
  if (c.form.participle) {
    if (!info.ing || (lw(T, c.a - 1) !== ',' && lw(T, c.a - 1) !== 'and')) return null;
    let k = c.b + 1;
    if (info.obj) k = skipObject(ctx, k, b);
    if (lw(T, k) === 'that' || lw(T, k) === ':') k++;
    else if (!clauseStart(ctx, k, b, true)) return null;
    const e = contentEnd(ctx, k, b);
    if (e - k < 2) return null;
    const prev = here[here.length - 1];
    const np = prev?.np ?? subjectOf(ctx, a, c.a) ?? subjectAt(ctx, a, c.a) ?? null;
    const span = spanOf(ctx, k, e);
    return { content: [span], kind: kindOf(ctx, span), cue: c, np, speaker: prev?.speaker ?? null, rule: 'indirect:participle', para, at: span.start };
  }
  // preposed source: "Psaki told reporters that …"; "North Korea … but said …" (the subject of the sentence)
  const np = npBefore(T, lex, c.a, a) ?? (/^(and|but)$/.test(lw(T, c.a - 1) ?? '') ? subjectAt(ctx, a, c.a) : null);
  if (np) {
    let k = c.b + 1;
    if (info.obj) k = skipObject(ctx, k, b);
    // "that" within a few tokens (after adjuncts: "said Monday that", "says at a campaign stop in Toledo, Ohio, that")
    let thatAt = -1;
    for (let j = k; j <= Math.min(b, k + 12); j++) {
      const w = lw(T, j)!;
      if (w === 'that') { thatAt = j; break; }
      if (SENT_END.test(w) || w === ';' || isQuoteTok(T.t[j]!.text) || cueAt(T, lex, j)) break;
    }
    let start = -1;
    if (thatAt >= 0 && (thatAt === k || adjunctsOnly(ctx, k, thatAt - 1))) start = thatAt + 1;
    else if (lw(T, k) === ':' ) start = k + 1;
    else if ((info.cls === 'speech' || info.cls === 'write' || info.cls === 'think') && clauseStart(ctx, k, b, !(info.bare && info.cls !== 'think'))) start = k;
    else if (info.cls === 'speech' && /^(called|calls|calling|described|describes|urged|urges|accused|accuses|criticized|criticised|praised|blasted|slammed|dismissed|rejected|denied|denies|questioned)$/.test(lw(T, c.a)!)) start = k;
    if (start >= 0 && start <= b) {
      const e = contentEnd(ctx, start, b);
      if (e - start >= 1 && !(e - start < 3 && !isQuoteTok(T.t[start]!.text) && !isQuoteTok(T.t[e]!.text) && info.cls !== 'speech')) {
        const span = spanOf(ctx, start, e);
        if (!insideDirect(ctx, span.start) || !insideDirect(ctx, span.end - 1)) {
          if (info.cls === 'think' && !personish(ctx, np)) return null;
          return { content: [span], kind: kindOf(ctx, span), cue: c, np, speaker: null, rule: 'indirect:preposed', para, at: span.start };
        }
      }
    }
    // postposed: "…, officials said." (the subject follows a comma, content before it)
    const comma = lw(T, np.a - 1) === ',' ? np.a - 1 : isQuoteTok(T.t[np.a - 1]?.text ?? '') && lw(T, np.a - 2) === ',' ? np.a - 2 : -1;
    if (comma > a && (info.cls === 'speech' || info.cls === 'write')) {
      // parenthetical: "The museum, Mr. Bush said, celebrated …" — content on both sides of the attribution
      let j = c.b + 1;
      while (j <= b && j < c.b + 8 && lw(T, j) !== ',' && !SENT_END.test(lw(T, j)!) && ADJUNCT_OR_TIME(lw(T, j)!)) j++;
      if (lw(T, j) === ',' && j + 2 <= b && lw(T, comma) === ',' && !isQuoteTok(T.t[comma - 1]?.text ?? '')) {
        const e = contentEnd(ctx, j + 1, b);
        if (e - (j + 1) >= 2) {
          const left = trimSpan(doc.text, spanOf(ctx, a, comma - 1)), right = spanOf(ctx, j + 1, e);
          return { content: [left, right], kind: kindOf(ctx, { start: left.start, end: right.end }), cue: c, np, speaker: null, rule: 'indirect:parenthetical', para, at: left.start };
        }
      }
    }
    if (comma > a && (info.cls === 'speech' || info.cls === 'write') && endsClause(T, c.b + 1, b) && !/^(which|that|who|whom)$/.test(lw(T, comma - 1) ?? '') && comma - a >= 4) {
      const cs = a;
      // content starts at the sentence start
      const ce = np.a - 1;
      if (comma - cs >= 2) {
        const span = trimSpan(doc.text, spanOf(ctx, cs, ce));
        return { content: [span], kind: kindOf(ctx, span), cue: c, np, speaker: null, rule: 'indirect:postposed', para, at: span.start };
      }
    }
    return null;
  }
  // inverted postposed: "…, said the ministry."
  if (lw(T, c.a - 1) === ',' && c.a - 1 > a && info.inv && !c.form.participle) {
    const np2 = npAfter(T, lex, c.b + 1, b);
    if (np2 && endsClause(T, np2.b + 1, b)) {
      const span = trimSpan(doc.text, spanOf(ctx, a, c.a - 2));
      if (c.a - 2 - a >= 2) return { content: [span], kind: kindOf(ctx, span), cue: c, np: np2, speaker: null, rule: 'indirect:inverted', para, at: span.start };
    }
  }
  return null;
}

/** Tokens [a, b] are adjuncts between a cue and "that": "Monday", "in a statement", "at a rally in Toledo, Ohio,". */
function adjunctsOnly(ctx: Ctx, a: number, b: number): boolean {
  const { T } = ctx;
  if (!ADJUNCT_OR_TIME(lw(T, a)!) && !/^(on|in|at|during|after|before|from|to|via|through|while|when|earlier|later|last|this)$/.test(lw(T, a)!)) return false;
  for (let j = a; j <= b; j++) {
    const w = lw(T, j)!;
    if (SENT_END.test(w) || w === ';' || isQuoteTok(T.t[j]!.text)) return false;
    if (/^(is|are|was|were|will|would|has|have|had|can|could|should)$/.test(w)) return false;
  }
  return true;
}

/** Skips the indirect object of "told/assured/warned …": reporters, a name, "the state-affiliated press". */
function skipObject(ctx: Ctx, k: number, b: number): number {
  const { T, lex } = ctx;
  const objs = wordClass(lex, 'object');
  if (k > b) return k;
  if (objs.has(lw(T, k)!)) return k + 1;
  const two = `${lw(T, k)} ${lw(T, k + 1)}`;
  if (objs.has(two)) return k + 2;
  // a noun phrase up to "that"/":"/","
  for (let j = k; j <= Math.min(b, k + 8); j++) {
    const w = lw(T, j)!;
    if (w === 'that' || w === ':' || w === ',') return j;
    if (SENT_END.test(w)) break;
  }
  // a capitalised name
  let j = k;
  while (j <= b && (isCap(T.t[j]!.text) || /^['’]s$/.test(lw(T, j)!)) && j < k + 5) j++;
  return j;
}

function personish(ctx: Ctx, np: NP): boolean {
  const { T, doc } = ctx;
  if (np.kind === 'pronoun' || np.kind === 'relative') return true;
  const head = lw(T, np.b)!;
  if (np.kind === 'noun') return !/^(report|reports|poll|polls|survey|surveys|study|studies|data|document|documents|memo|letter)$/.test(head);
  for (const e of doc.entities ?? []) for (const m of e.mentions ?? []) if (m.start < T.t[np.b]!.end && m.end > T.t[np.a]!.start) return e.kind === 'person';
  return true;
}

/** "According to X, …" / "…, according to X." */
function according(ctx: Ctx, a: number, b: number, k: number): Found | null {
  const { T, lex, doc } = ctx;
  const np = npAfter(T, lex, k + 2, b);
  if (!np) return null;
  const para = paraOf(doc, T.t[k]!.start);
  const cue: CueHit = { a: k, b: k + 1, form: ACCORDING };
  let span: Span | null = null;
  if (k === a || (k > a && isQuoteTok(T.t[a]!.text) && k === a + 1)) {
    // According to X, content.
    let j = np.b + 1;
    while (j <= b && lw(T, j) !== ',') j++;
    if (j >= b) return null;
    const e = contentEnd(ctx, j + 1, b);
    if (e - j < 3) return null;
    span = spanOf(ctx, j + 1, e);
  } else if (lw(T, k - 1) === ',' || lw(T, k - 1) === '—' || lw(T, k - 1) === '(') {
    if (k - 2 - a < 2) return null;
    span = trimSpan(doc.text, spanOf(ctx, a, k - 2));
  }
  if (!span || insideDirect(ctx, span.start)) return null;
  return { content: [span], kind: kindOf(ctx, span), cue, np, speaker: null, rule: 'indirect:according', para, at: span.start };
}

// ---------------------------------------------------------------------------------------------------------
// speakers

/**
 * "…," he said. "More." — a quote with no source of its own right after an attributed direct quote in the
 * same paragraph (nothing but the attribution between them) is the same quotation: joined into it.
 */
function mergeContinuations(ctx: Ctx, found: Found[]): void {
  const text = ctx.doc.text;
  for (let i = found.length - 1; i > 0; i--) {
    const f = found[i]!, prev = found[i - 1]!;
    if (f.rule !== 'direct:continuation' || !prev.rule.startsWith('direct') || prev.para !== f.para) continue;
    const gap = text.slice(prev.content[prev.content.length - 1]!.end, f.content[0]!.start);
    if (gap.length > 200) continue;
    const s1 = sentenceAt(ctx.doc, prev.content[prev.content.length - 1]!.end - 1), s2 = sentenceAt(ctx.doc, f.content[0]!.start);
    if (s1 < 0 || s2 < 0 || s2 - s1 > 1) continue;
    prev.content.push(...f.content);
    found.splice(i, 1);
  }
}

function resolveSpeakers(ctx: Ctx, found: Found[]): void {
  const { doc } = ctx;
  let prev: Found | null = null;
  for (const f of found) {
    if (f.np) f.speaker = makeSpeaker(ctx, f.np);
    else if (f.rule === 'direct:continuation' && prev?.speaker) {
      // journalism convention: a quote with no source of its own continues the preceding speaker when it
      // follows in the same paragraph or opens the paragraph after the one that named the speaker
      const samePara = prev.para === f.para;
      const nextPara = f.para === prev.para + 1 || (f.para > prev.para && onlyQuotesBetween(ctx, prev, f));
      const opensPara = startsParagraph(ctx, f);
      if (samePara || (nextPara && opensPara)) f.speaker = { ...prev.speaker };
      else f.rule = 'direct:unattributed';
    } else if (f.rule === 'direct:continuation') f.rule = 'direct:unattributed';
    if (f.speaker) ctx.history.push({ at: f.content[0]!.start, speaker: f.speaker });
    prev = f;
  }
  void doc;
}

function startsParagraph(ctx: Ctx, f: Found): boolean {
  const p = ctx.doc.paragraphs[f.para];
  if (!p) return false;
  const lead = ctx.doc.text.slice(p.start, f.content[0]!.start);
  return /^\s*["“'‘«]?\s*$/.test(lead);
}

function onlyQuotesBetween(ctx: Ctx, prev: Found, f: Found): boolean {
  // paragraphs between the two hold nothing but whitespace
  for (let p = prev.para + 1; p < f.para; p++) {
    const para = ctx.doc.paragraphs[p]!;
    if (ctx.doc.text.slice(para.start, para.end).trim()) return false;
  }
  return true;
}
