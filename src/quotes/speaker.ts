/**
 * Speaker resolution: from the grammatical source of a quote (a token span) to a Speaker record.
 * The mention is always the source words themselves; the name is the resolved entity's name when the
 * actors stage links the mention (or, for a pronoun or a title alone, a coreference step does), else the
 * bare name the mention contains, else the mention text.
 */
import type { Doc } from '../doc.js';
import type { Entity, Speaker } from '../record.js';
import type { Lexicon } from './lexicon.js';
import type { NP, Toks } from './tokens.js';
import { isCap, lw, tokAt } from './tokens.js';

export interface SpeakerCtx {
  doc: Doc;
  T: Toks;
  lex: Lexicon;
  /** speakers already attributed, in text order: offset of the quote and the speaker */
  history: Array<{ at: number; speaker: Speaker }>;
}

const PERSON_PRONOUNS = new Set(['he', 'she', 'i', 'him', 'her']);
const ORG_NOUNS = /^(group|ministry|agency|company|organization|organisation|department|government|administration|campaign|committee|council|court|firm|bank|party|union|alliance|military|army|office|board|commission|network|newspaper|paper|station|monitor|watchdog|body|institute|center|centre|foundation|movement|coalition|regime|embassy|website|outlet|broadcaster)$/;

interface MentionIndex { starts: number[]; ends: number[]; ents: Entity[]; maxLen: number }
const mentionIndex = new WeakMap<Doc, { n: number; idx: MentionIndex }>();

/** Mentions of doc.entities sorted by start, for binary search (rebuilt when the entity list changes). */
function indexOf(doc: Doc): MentionIndex {
  const ents = doc.entities ?? [];
  const cached = mentionIndex.get(doc);
  if (cached && cached.n === ents.length) return cached.idx;
  const all: Array<[number, number, Entity]> = [];
  for (const e of ents) for (const m of e.mentions ?? []) all.push([m.start, m.end, e]);
  all.sort((a, b) => a[0] - b[0]);
  let maxLen = 0;
  for (const [s, e] of all) if (e - s > maxLen) maxLen = e - s;
  const idx = { starts: all.map((x) => x[0]), ends: all.map((x) => x[1]), ents: all.map((x) => x[2]), maxLen };
  mentionIndex.set(doc, { n: ents.length, idx });
  return idx;
}

/** The entity with a mention overlapping [start, end): the person whose mention ends last, else any. */
export function entityIn(doc: Doc, start: number, end: number): Entity | null {
  const idx = indexOf(doc);
  // first mention that could overlap: start > start - maxLen
  let lo = 0, hi = idx.starts.length;
  const from = start - idx.maxLen;
  while (lo < hi) { const m = (lo + hi) >> 1; if (idx.starts[m]! < from) lo = m + 1; else hi = m; }
  let best: Entity | null = null, bestEnd = -1, bestPerson = false;
  for (let i = lo; i < idx.starts.length && idx.starts[i]! < end; i++) {
    if (idx.ends[i]! <= start) continue;
    const e = idx.ents[i]!;
    const person = e.kind === 'person';
    if ((person && !bestPerson) || (person === bestPerson && idx.ends[i]! > bestEnd)) { best = e; bestEnd = idx.ends[i]!; bestPerson = person; }
  }
  return best;
}

const lowText = new WeakMap<Doc, string>();
const normTitle = (s: string) => s.toLowerCase().replace(/advisor/g, 'adviser').replace(/[’']s?\b/g, '').replace(/\s+/g, ' ').trim();

/**
 * A title alone ("US national security adviser") names the person the document introduces with that title:
 * an entity with that role, else the capitalised name that follows the title elsewhere in the text.
 */
function resolveTitle(ctx: SpeakerCtx, np: NP): { name: string; entity: Entity | null } | null {
  const { T, lex, doc } = ctx;
  const words: string[] = [];
  for (let j = np.a; j <= np.b; j++) if (!isCap(T.t[j]!.text) || lex.titles.has(lw(T, j)!)) words.push(lw(T, j)!);
  // the role words: trailing lower-case words of the phrase ("national security adviser")
  const role: string[] = [];
  for (let j = np.b; j >= np.a; j--) { const w = lw(T, j)!; if (isCap(T.t[j]!.text) && !lex.titles.has(w)) break; if (/^(the|a|an|'s|’s|'|us|u\.s\.)$/.test(w)) break; role.unshift(w); }
  if (!role.length || role.length > 5 || !role.some((w) => lex.titles.has(w))) return null;
  const title = normTitle(role.join(' '));
  for (const e of doc.entities ?? []) {
    if (e.kind !== 'person') continue;
    if ((e.roles ?? []).some((r) => normTitle(r.title).endsWith(title) || title.endsWith(normTitle(r.title)))) return { name: e.name, entity: e };
  }
  // fall back: "<title> Firstname Lastname" elsewhere in the document
  let low = lowText.get(doc);
  if (low === undefined) { low = doc.text.toLowerCase().replace(/advisor/g, 'adviser'); lowText.set(doc, low); }
  const NAME = /[ \t]+((?:\p{Lu}[\p{L}'’.-]+[ \t]+){0,2}\p{Lu}[\p{L}'’-]+)/uy;
  for (let at = low.indexOf(title); at >= 0; at = low.indexOf(title, at + 1)) {
    NAME.lastIndex = at + title.length;
    const m = NAME.exec(doc.text);
    if (!m) continue;
    const name = m[1]!;
    const start = NAME.lastIndex - name.length;
    const e = entityIn(doc, start, start + name.length);
    return { name: e?.name ?? name, entity: e };
  }
  return null;
}

/** The bare name inside a mention: the capitalised words after the last title word ("… Press Secretary Jen Psaki" → "Jen Psaki"). */
export function bareName(T: Toks, lex: Lexicon, np: NP): string | null {
  let b = np.h ?? np.b;
  while (b >= np.a && !isCap(T.t[b]!.text)) b--;
  if (b < np.a) return null;
  let a = b;
  while (a - 1 >= np.a && (isCap(T.t[a - 1]!.text) || T.t[a - 1]!.text === '-' || /^\p{Lu}\.$/u.test(T.t[a - 1]!.text)) && !lex.titles.has(lw(T, a - 1)!)) a--;
  if (lex.titles.has(lw(T, a)!) && a === b) return null;
  const text = ctxText(T, a, b);
  return text;
}

function ctxText(T: Toks, a: number, b: number): string {
  let s = '';
  for (let j = a; j <= b; j++) { const t = T.t[j]!; if (j > a && t.start > T.t[j - 1]!.end) s += ' '; s += t.text; }
  return s;
}

/** The speaker a pronoun at `offset` refers to: the last speaker quoted before it (a person for he/she), else the last person mentioned. */
function resolvePronounLocal(ctx: SpeakerCtx, word: string, offset: number): { name: string; entity: Entity | null; code: string | null } | null {
  const person = PERSON_PRONOUNS.has(word);
  const paraOf = (pos: number) => { const i = ctx.doc.paragraphs.findIndex((p) => pos >= p.start && pos < p.end); return i; };
  const here = paraOf(offset);
  for (let i = ctx.history.length - 1; i >= 0; i--) {
    const h = ctx.history[i]!;
    if (h.at > offset) continue;
    if (here - paraOf(h.at) > 3) break;
    const e = h.speaker.entity ? ctx.doc.entities.find((x) => x.id === h.speaker.entity) : null;
    if (person && e && e.kind !== 'person') continue;
    if (!person && e && e.kind === 'person' && word !== 'they' && word !== 'we') continue;
    if (['he', 'she', 'they', 'it', 'we', 'i', 'who'].includes(h.speaker.name.toLowerCase())) continue;
    return { name: h.speaker.name, entity: e ?? null, code: h.speaker.code };
  }
  // the last person (for he/she) mentioned before the pronoun
  let best: { e: Entity; at: number } | null = null;
  for (const e of ctx.doc.entities ?? []) {
    if (person ? e.kind !== 'person' : e.kind === 'person' || e.kind === 'location') continue;
    for (const m of e.mentions ?? []) if (m.end <= offset && (!best || m.end > best.at) && m.type !== 'pronoun') best = { e, at: m.end };
  }
  if (best && here - paraOf(best.at) <= 2) return { name: best.e.name, entity: best.e, code: best.e.code };
  return null;
}

export function makeSpeaker(ctx: SpeakerCtx, np: NP): Speaker {
  const { T, doc, lex } = ctx;
  const mStart = T.t[np.a]!.start, mEnd = T.t[np.b]!.end;
  const mention = { start: mStart, end: mEnd, text: doc.text.slice(mStart, mEnd) };
  let target: NP = np;
  if (np.kind === 'relative' && np.antecedent) target = np.antecedent;
  if (target.kind === 'pronoun' || (np.kind === 'relative' && !np.antecedent)) {
    const word = lw(T, target.a)!;
    const own = entityIn(doc, mStart, mEnd);
    if (own) return { name: own.name, entity: own.id, code: own.code, mention };
    const r = resolvePronounLocal(ctx, word, mStart);
    if (r) return { name: r.name, entity: r.entity?.id ?? null, code: r.code ?? r.entity?.code ?? null, mention };
    return { name: mention.text, entity: null, code: null, mention };
  }
  const ts = T.t[target.a]!.start, te = T.t[target.b]!.end;
  const e = entityIn(doc, ts, te);
  if (!e && np.kind === 'relative') return { name: mention.text, entity: null, code: null, mention };
  // a definite description ("the spokesman", "the group") refers back: to an earlier speaker named with the
  // same noun, else (for organisations) to the organisation last mentioned
  const head = lw(T, target.h ?? target.b)!;
  if (!e && /^(the|this|that)$/.test(lw(T, target.a)!) && !isCap(T.t[target.h ?? target.b]!.text)) {
    const here = mStart;
    for (let i = ctx.history.length - 1; i >= 0 && i >= ctx.history.length - 8; i--) {
      const h = ctx.history[i]!;
      if (h.at > here || !h.speaker.mention) continue;
      if (new RegExp(`\\b${head.replace(/[^a-z]/g, '')}\\b`, 'i').test(h.speaker.mention.text) && h.speaker.mention.text.toLowerCase() !== mention.text.toLowerCase()) return { ...h.speaker, mention };
    }
    if (ORG_NOUNS.test(head)) {
      const r = resolvePronounLocal(ctx, 'it', mStart);
      if (r?.entity && r.entity.kind !== 'person') return { name: r.name, entity: r.entity.id, code: r.code ?? r.entity.code, mention };
    }
  }
  if (e && (e.kind === 'person' || !hasLowerHead(T, target))) return { name: e.name, entity: e.id, code: e.code, mention };
  const bare = bareName(T, lex, target);
  if (bare && !e) return { name: bare, entity: null, code: null, mention };
  const t = resolveTitle(ctx, target);
  if (t) return { name: t.name, entity: t.entity?.id ?? null, code: t.entity?.code ?? e?.code ?? null, mention };
  if (e) return { name: e.name, entity: e.id, code: e.code, mention };
  return { name: mention.text.replace(/^(the|a|an)\s+/i, ''), entity: null, code: null, mention };
}

/** True when the phrase ends in a lower-case noun ("Russian officials", "the ministry"): the entity inside is an affiliation. */
function hasLowerHead(T: Toks, np: NP): boolean {
  return !isCap(T.t[np.h ?? np.b]!.text);
}

export { tokAt };
