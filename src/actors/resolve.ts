/**
 * The actors API for other stages (quotes: speakers; events: source and target codes). Stable:
 *
 *   entityAt(doc, start, end): Entity | null
 *       the entity with a mention overlapping [start, end) (the mention with the largest overlap wins;
 *       on a tie the longer mention, so "Kyiv police" beats "Kyiv").
 *   mentionsIn(doc, start, end): Mention[]
 *       every mention lying inside [start, end), in text order (nested mentions included).
 *   resolvePhrase(doc, start, end): { name, code, sector, entity } | null
 *       the actor a noun phrase denotes ("Hungarian officials" → HUN GOV, "the Kremlin" → RUS GOV,
 *       "Israeli troops" → ISR MIL, "police" → COP): a mention covering the phrase gives its entity; else
 *       the code comes from the mentions inside it and the sector from role/body/group words
 *       (data/actors/roles.tsv); a bare definite body ("the ministry") takes the nearest preceding
 *       organisation or group of the document with that sector. null when nothing is known.
 *   resolvePronoun(doc, offset, opts?): Entity | null
 *       the most salient preceding person (he/she/him/his/her/I/we…) or organisation/state/group
 *       (it/its/they/their) for the pronoun at `offset`. This is a GUESS by salience (recency, subject
 *       position, how often and how fully the entity is named), not a fact: use resolvePronounScored to
 *       get the score and the rule, and record it as such (e.g. rule "pronoun-salience").
 */
import type { Doc } from '../doc.js';
import { sentenceAt } from '../doc.js';
import type { Entity, Mention } from '../record.js';
import { loadKb } from './kb.js';
import { normKey, phraseKey, words } from './text.js';

const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

function entityById(doc: Doc): Map<string, Entity> {
  const m = new Map<string, Entity>();
  for (const e of doc.entities) m.set(e.id, e);
  return m;
}

export function entityAt(doc: Doc, start: number, end: number): Entity | null {
  let best: Mention | null = null;
  let bestOv = 0;
  for (const e of doc.entities) for (const m of e.mentions) {
    const ov = end > start ? overlap(start, end, m.start, m.end) : (m.start <= start && start < m.end ? 1 : 0);
    if (ov <= 0) continue;
    if (ov > bestOv || (ov === bestOv && best && m.end - m.start > best.end - best.start)) { best = m; bestOv = ov; }
  }
  return best ? entityById(doc).get(best.entity) ?? null : null;
}

export function mentionsIn(doc: Doc, start: number, end: number): Mention[] {
  const out: Mention[] = [];
  for (const e of doc.entities) for (const m of e.mentions) if (m.start >= start && m.end <= end) out.push(m);
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

export interface PhraseActor {
  name: string;
  code: string | null;
  sector: string | null;
  entity: Entity | null;
}

const DET = /^(?:the|a|an|some|several|many|two|three|four|five|its|their|his|her|our|this|that|these|those|other|ordinary|local|senior|top|ruling)\s+/i;

export function resolvePhrase(doc: Doc, start: number, end: number): PhraseActor | null {
  const kb = loadKb();
  const raw = doc.text.slice(start, end);
  // trim determiners and punctuation at the edges
  let s = start, e = end;
  for (;;) {
    const t = doc.text.slice(s, e);
    const m = DET.exec(t) ?? /^[\s"'“”‘’(]+/.exec(t);
    if (!m || !m[0].length) break;
    s += m[0].length;
  }
  while (e > s && /[\s"'“”‘’),.;:]/.test(doc.text[e - 1]!)) e--;
  if (e <= s) return null;
  const byId = entityById(doc);
  const ms = mentionsIn(doc, start, end);
  // a mention covering the phrase: its entity
  const whole = ms.find((m) => m.start <= s && m.end >= e);
  const ws = words(doc.text.slice(s, e), s);
  // sector words: the last role/body/group word of the phrase (the head), else any
  let sector: string | null = null;
  let roleKind: string | null = null;
  for (let i = 0; i < ws.length; i++) {
    for (let L = Math.min(kb.roleMax, ws.length - i); L >= 1; L--) {
      const lex = kb.role(ws.slice(i, i + L).map((w) => w.key).join(' '));
      if (lex && lex.kind !== 'modifier' && lex.kind !== 'honorific') { if (lex.sector) { sector = lex.sector; roleKind = lex.kind; } i += L - 1; break; }
    }
  }
  if (/\bformer\b|\bex-/i.test(raw) && sector && ['GOV', 'MIL', 'LEG', 'JUD'].includes(sector)) sector = 'ELI';
  if (whole) {
    const ent = byId.get(whole.entity) ?? null;
    if (ent) {
      const entSector = ent.sector ?? metonymSector(kb, whole.text) ?? (whole.type === 'demonym-plural' ? 'CVL' : null);
      return { name: ent.name, code: ent.code, sector: ent.kind === 'state' && sector ? sector : entSector ?? sector, entity: ent };
    }
  }
  // the code from mentions inside the phrase (the first one with a code)
  let code: string | null = null;
  let entity: Entity | null = null;
  let mSector: string | null = null;
  for (const m of ms) {
    const ent = byId.get(m.entity);
    if (!ent?.code) continue;
    code = ent.code; entity = ent; mSector = ent.kind === 'state' ? metonymSector(kb, m.text) : ent.sector;
    // a group or organisation entity spanning most of the phrase is the actor itself
    if (ent.kind !== 'state' && m.end - m.start >= (e - s) * 0.6) return { name: ent.name, code: ent.code, sector: ent.sector ?? sector, entity: ent };
    break;
  }
  if (code) return { name: doc.text.slice(s, e), code, sector: sector ?? mSector, entity: entity?.kind === 'person' || entity?.kind === 'group' ? entity : null };
  if (!sector) return null;
  // a bare definite body ("the ministry", "the army"): the nearest preceding organisation with that sector
  if (/^the\s/i.test(raw.trimStart()) && roleKind === 'body') {
    // same head word first ("the ministry" → "Defence Ministry"), else same sector
    const head = ws.at(-1)!.key;
    const pick = (ok: (ent: Entity, m: Mention) => boolean) => {
      let best: { ent: Entity; at: number } | null = null;
      for (const ent of doc.entities) {
        if (ent.kind === 'state' || ent.kind === 'person' || ent.kind === 'location') continue;
        for (const m of ent.mentions) if (m.end <= start && ok(ent, m) && (!best || m.start > best.at)) best = { ent, at: m.start };
      }
      return best?.ent ?? null;
    };
    const ent = pick((_e, m) => words(m.text).some((w) => w.key === head)) ?? pick((e) => e.sector === sector);
    if (ent) return { name: ent.name, code: ent.code, sector: ent.sector ?? sector, entity: ent };
  }
  return { name: doc.text.slice(s, e), code: null, sector, entity: null };
}

function metonymSector(kb: ReturnType<typeof loadKb>, text: string): string | null {
  const hits = kb.gaz.get(phraseKey(text));
  return hits?.find((h) => h.type === 'metonym' || h.type === 'capital')?.sector ?? null;
}

export interface PronounOptions {
  /** the pronoun itself; read from the text at `offset` when left out */
  pronoun?: string;
  /** how many sentences back to look (default 3) */
  window?: number;
}

export interface PronounResolution {
  entity: Entity;
  score: number;
  /** always a guess: "pronoun-salience" */
  rule: string;
  guess: true;
}

const PERSON_PRON = new Set(['he', 'she', 'him', 'his', 'her', 'hers', 'himself', 'herself', 'i', 'me', 'my', 'mine', 'myself']);
const ORG_PRON = new Set(['it', 'its', 'itself']);
const PLURAL_PRON = new Set(['they', 'them', 'their', 'theirs', 'themselves', 'we', 'us', 'our', 'ours']);

export function resolvePronounScored(doc: Doc, offset: number, opts: PronounOptions = {}): PronounResolution | null {
  const pron = normKey(opts.pronoun ?? (/^[\p{L}]+/u.exec(doc.text.slice(offset))?.[0] ?? ''));
  const wantPerson = PERSON_PRON.has(pron);
  const wantOrg = ORG_PRON.has(pron);
  const plural = PLURAL_PRON.has(pron);
  if (!wantPerson && !wantOrg && !plural) return null;
  const si = sentenceAt(doc, offset);
  const window = opts.window ?? 3;
  const minSentence = Math.max(0, si - window);
  const lo = doc.sentences[minSentence]?.start ?? 0;
  let best: PronounResolution | null = null;
  for (const ent of doc.entities) {
    const kindOk = wantPerson ? ent.kind === 'person'
      : wantOrg ? ent.kind !== 'person' && ent.kind !== 'location'
      : ent.kind !== 'location'; // they/we: groups, organisations, states, or a person speaking for one
    if (!kindOk) continue;
    let score = 0;
    let seen = false;
    for (const m of ent.mentions) {
      if (m.start >= offset || m.end <= lo) continue;
      if (m.type === 'pronoun') continue;
      seen = true;
      const ms = sentenceAt(doc, m.start);
      const dist = si >= 0 && ms >= 0 ? si - ms : 1;
      let s = 1 / (1 + dist); // recency by sentence
      const sent = doc.sentences[ms];
      if (sent && doc.text.slice(sent.start, m.start).replace(/^[\s"“‘']+/, '').length === 0) s += 0.5; // sentence subject
      if (m.type === 'name') s += 0.3; else if (m.type === 'surname' || m.type === 'title') s += 0.2;
      if (ms === si) s += 0.3 * (1 - (offset - m.end) / Math.max(1, offset - (sent?.start ?? 0)));
      score = Math.max(score, s);
    }
    if (!seen) continue;
    score += Math.min(0.3, 0.05 * ent.mentions.length);
    if (plural && ent.kind === 'person') score -= 0.4;
    if (!best || score > best.score) best = { entity: ent, score, rule: 'pronoun-salience', guess: true };
  }
  return best;
}

export function resolvePronoun(doc: Doc, offset: number, opts: PronounOptions = {}): Entity | null {
  return resolvePronounScored(doc, offset, opts)?.entity ?? null;
}
