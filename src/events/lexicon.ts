/**
 * The event knowledge files of data/events/, loaded once and compiled for matching:
 *   lexicon.tsv          named patterns (verbs, event nouns, multiword phrases) -> PLOVER type, CAMEO code, mode, frame
 *   cameo.tsv            CAMEO codes -> PLOVER type and mode (the published CAMEO->PLOVER table), Goldstein weight
 *   intent.tsv           what an intended / negated event becomes (intent to cooperate = AGREE, refusal = REJECT)
 *   modality.tsv         negators, intent and "raising" verbs, condition openers, hedges, obligation modals
 *   support-verbs.tsv    light verbs whose object noun is the event ("held talks", "imposed sanctions")
 *   reporting-verbs.tsv  "said", "told": clause openers whose subject is the speaker
 */
import { readTsv } from '../util/data.js';
import { nounForms, verbForms } from './morph.js';

export type FormKind = 'v' | 'n' | 'w';
/** One alternative of an element: its first token's kind and the tokens after the first ("martial_law", "cease-fire"). */
export interface Alt { kind: FormKind; rest: string[] }
export type Elem = { gap: number } | { forms: Map<string, Alt[]> };

export interface Pattern {
  id: string;
  source: string;
  elems: Elem[];
  /** number of word elements (the match length used to rank patterns) */
  words: number;
  type: string;
  cameo: string;
  mode: string | null;
  frame: Set<string>;
  /** row order, to break ties */
  order: number;
}

export interface CameoRow { code: string; name: string; type: string | null; mode: string | null; goldstein: number }
export interface ModRow { kind: string; mode: string | null; words: string[] }

export interface Lexicon {
  patterns: Pattern[];
  /** patterns by every form of their first element */
  byFirst: Map<string, Pattern[]>;
  cameo: Map<string, CameoRow>;
  intent: Map<string, { type: string; cameo: string }>;
  negated: Map<string, { type: string; cameo: string } | null>;
  /** modality phrases by their first word */
  modality: Map<string, ModRow[]>;
  /** every form of a support verb (first word of multiword ones -> the rest) */
  support: Map<string, string[][]>;
  /** every form of a reporting verb */
  reporting: Set<string>;
}

/** Normalises a token for lookup: lower case, typographic apostrophes folded. */
export const normWord = (s: string): string => s.toLowerCase().replace(/[’‘`´]/g, "'");

function addForm(forms: Map<string, Alt[]>, first: string, alt: Alt): void {
  const l = forms.get(first);
  if (!l) forms.set(first, [alt]);
  else if (!l.some((a) => a.rest.join(' ') === alt.rest.join(' '))) l.push(alt);
}

/**
 * One pattern element. Alternatives are separated by `|`; an alternative of several tokens joins them with `_`
 * ("martial_law", "break~_off") or is a hyphenated word ("cease-fire", tokenised as cease - fire); `~` / `+`
 * inflect the token they end.
 */
function parseElem(src: string): Elem {
  const g = /^\*(\d*)$/.exec(src);
  if (g) return { gap: g[1] ? Number(g[1]) : 4 };
  const forms = new Map<string, Alt[]>();
  for (const alt of src.split('|')) {
    if (!alt) continue;
    const parts = alt.split('_').flatMap((t) => t.split(/(-)/)).filter(Boolean);
    const options = parts.map((t) => {
      if (t.endsWith('~')) return { kind: 'v' as FormKind, forms: verbForms(t.slice(0, -1)) };
      if (t.endsWith('+')) return { kind: 'n' as FormKind, forms: nounForms(t.slice(0, -1)) };
      return { kind: 'w' as FormKind, forms: [normWord(t)] };
    });
    let seqs: string[][] = [[]];
    for (const o of options) seqs = seqs.flatMap((sq) => o.forms.map((f) => [...sq, f]));
    for (const seq of seqs) addForm(forms, seq[0]!, { kind: options[0]!.kind, rest: seq.slice(1) });
  }
  return { forms };
}

/** Compiles one lexicon row. Exported for tests and for user lexicons. */
export function compilePattern(id: string, source: string, type: string, cameo: string, mode: string, frame: string, order = 0): Pattern {
  const elems = source.trim().split(/\s+/).map(parseElem);
  if (!elems.length || 'gap' in elems[0]! || 'gap' in elems[elems.length - 1]!) throw new Error(`events lexicon: pattern "${id}" must start and end with a word`);
  return {
    id, source, elems, words: elems.filter((e) => !('gap' in e)).length, type, cameo, mode: mode || null,
    frame: new Set(frame.split(',').map((f) => f.trim()).filter(Boolean)), order,
  };
}

let cached: Lexicon | null = null;

export function lexicon(): Lexicon {
  if (cached) return cached;
  const cameo = new Map<string, CameoRow>();
  for (const [code, name, type, mode, gs] of readTsv('events/cameo.tsv')) {
    if (!code) continue;
    cameo.set(code, { code, name: name ?? '', type: type && type !== '-' ? type : null, mode: mode || null, goldstein: Number(gs ?? 0) });
  }
  const patterns: Pattern[] = [];
  readTsv('events/lexicon.tsv').forEach((row, i) => {
    const [id, source, type, code, mode, frame] = row;
    if (!id || !source) return;
    const c = code ?? '';
    const t = type || cameo.get(c)?.type || '';
    if (!t) throw new Error(`events lexicon: pattern "${id}" has no PLOVER type`);
    patterns.push(compilePattern(id, source, t, c, mode || '', frame ?? '', i));
  });
  const byFirst = new Map<string, Pattern[]>();
  for (const p of patterns) {
    const first = p.elems[0] as { forms: Map<string, Alt[]> };
    for (const f of first.forms.keys()) {
      let l = byFirst.get(f);
      if (!l) byFirst.set(f, (l = []));
      l.push(p);
    }
  }
  for (const l of byFirst.values()) l.sort((a, b) => b.words - a.words || a.order - b.order);
  const intent = new Map<string, { type: string; cameo: string }>();
  const negated = new Map<string, { type: string; cameo: string } | null>();
  for (const [type, it, ic, nt, nc] of readTsv('events/intent.tsv')) {
    if (!type) continue;
    if (it && it !== '-') intent.set(type, { type: it, cameo: ic ?? '' });
    negated.set(type, nt && nt !== '-' ? { type: nt, cameo: nc ?? '' } : null);
  }
  const modality = new Map<string, ModRow[]>();
  for (const [phrase, kind, mode] of readTsv('events/modality.tsv')) {
    if (!phrase || !kind) continue;
    const words = phrase.split(/\s+/).map(normWord);
    let l = modality.get(words[0]!);
    if (!l) modality.set(words[0]!, (l = []));
    l.push({ kind, mode: mode || null, words });
    l.sort((a, b) => b.words.length - a.words.length);
  }
  const support = new Map<string, string[][]>();
  for (const [phrase] of readTsv('events/support-verbs.tsv')) {
    if (!phrase) continue;
    const [head, ...rest] = phrase.split(/\s+/).map(normWord);
    for (const f of verbForms(head!)) {
      let l = support.get(f);
      if (!l) support.set(f, (l = []));
      l.push(rest);
    }
  }
  const reporting = new Set<string>();
  for (const [phrase] of readTsv('events/reporting-verbs.tsv')) {
    if (!phrase || phrase.includes(' ')) continue;
    for (const f of verbForms(phrase)) reporting.add(f);
  }
  cached = { patterns, byFirst, cameo, intent, negated, modality, support, reporting };
  return cached;
}

/** CAMEO code -> PLOVER type, walking up to the parent code (0871 -> 087 -> 08x root). */
export function cameoRow(lex: Lexicon, code: string | null): CameoRow | null {
  if (!code) return null;
  let c = code;
  while (c.length >= 2) {
    const r = lex.cameo.get(c) ?? lex.cameo.get(c.length === 2 ? c + '0' : c);
    if (r) return r;
    c = c.slice(0, -1);
  }
  return null;
}
