/**
 * The quotes stage's knowledge, read from data/quotes/: cue verbs with their forms (cues.tsv), multi-word
 * cues such as "according to" (phrases.tsv), the closed word classes used to find a source noun phrase
 * without a parser (words.tsv) and the title words stripped from a mention to get a bare name (titles.tsv).
 */
import { readTsv } from '../util/data.js';

export type CueClass = 'speech' | 'write' | 'think' | 'evidence' | 'boundary';

export interface CueInfo {
  lemma: string;
  cls: CueClass;
  /** takes an indirect object before its content ("told reporters that") */
  obj: boolean;
  /** may be inverted after a quote ("said Sullivan") */
  inv: boolean;
  /** its -ing form opens a participial attribution (", adding that") */
  ing: boolean;
  /** takes a reported clause without "that" */
  bare: boolean;
}

export interface CueForm {
  /** the words of the form, lower case ("pointed", "out") */
  words: string[];
  info: CueInfo;
  /** the -ing form (participle) */
  participle: boolean;
}

export interface Lexicon {
  /** first word of a form → forms starting with it, longest first */
  cues: Map<string, CueForm[]>;
  phrases: Map<string, Array<{ words: string[]; kind: string }>>;
  words: Record<string, Set<string>>;
  titles: Set<string>;
}

let cached: Lexicon | null = null;

export function lexicon(): Lexicon {
  if (cached) return cached;
  const cues = new Map<string, CueForm[]>();
  for (const [lemma, forms, cls, frames = ''] of readTsv('quotes/cues.tsv')) {
    if (!lemma || !forms || !cls) continue;
    const fl = new Set(frames.split('|').map((f) => f.trim()).filter(Boolean));
    const info: CueInfo = { lemma, cls: cls as CueClass, obj: fl.has('obj'), inv: fl.has('inv'), ing: fl.has('ing'), bare: fl.has('bare') };
    for (const form of forms.split('|')) {
      const words = form.trim().toLowerCase().split(/\s+/).filter(Boolean);
      if (!words.length) continue;
      const list = cues.get(words[0]!) ?? [];
      // a form listed under two lemmas keeps the first
      if (!list.some((f) => f.words.join(' ') === words.join(' '))) list.push({ words, info, participle: /ing$/.test(words[0]!) });
      list.sort((a, b) => b.words.length - a.words.length);
      cues.set(words[0]!, list);
    }
  }
  const phrases = new Map<string, Array<{ words: string[]; kind: string }>>();
  for (const [phrase, kind] of readTsv('quotes/phrases.tsv')) {
    if (!phrase || !kind) continue;
    const words = phrase.toLowerCase().split(/\s+/);
    const list = phrases.get(words[0]!) ?? [];
    list.push({ words, kind });
    list.sort((a, b) => b.words.length - a.words.length);
    phrases.set(words[0]!, list);
  }
  const words: Record<string, Set<string>> = {};
  for (const [cls, list] of readTsv('quotes/words.tsv')) {
    if (!cls || !list) continue;
    const set = words[cls] ?? new Set<string>();
    for (const w of list.split('|')) if (w.trim()) set.add(w.trim().toLowerCase());
    words[cls] = set;
  }
  const titles = new Set<string>();
  for (const [, list] of readTsv('quotes/titles.tsv')) for (const w of (list ?? '').split('|')) if (w.trim()) titles.add(w.trim().toLowerCase());
  cached = { cues, phrases, words, titles };
  return cached;
}

export function wordClass(lex: Lexicon, cls: string): Set<string> {
  return lex.words[cls] ?? new Set<string>();
}
