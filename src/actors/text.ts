/**
 * Words and keys for the actors stage. The stage works on its own word list (not wink's tokens):
 * hyphenated names stay one word ("Kassym-Jomart", "al-Jubeir"), "U.S." and initials keep their dots,
 * and a possessive ending is a word of its own ("Russia’s" → "Russia" + "'s"). The same function turns
 * gazetteer entries into keys, so a text and the knowledge base are always cut the same way.
 */

export interface Word {
  start: number;
  end: number;
  text: string;
  /** lower case, no diacritics, ’ → ' */
  key: string;
  /** index into doc.sentences */
  sentence: number;
  /** first word of its sentence (after opening quotes/brackets) */
  first: boolean;
}

/** Abbreviations that keep their final full stop (titles, initials are handled separately). */
export const DOTTED = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'gen', 'lt', 'col', 'maj', 'capt', 'sgt', 'adm', 'cmdr', 'sen', 'rep', 'gov', 'pres',
  'prof', 'rev', 'sec', 'brig', 'cpl', 'pvt', 'jr', 'sr', 'no', 'vs', 'u.s', 'u.n', 'u.k', 'e.u', 'd.c',
]);

const WORD_RE = /[\p{L}\p{N}]+(?:[.'’&-][\p{L}\p{N}]+)*\.?/gu;

export function normKey(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[‘’‛`´]/g, "'");
}

/**
 * Cuts `text` (starting at document offset `base`) into words. `sentence` is stored on each word;
 * `first` marks the first word.
 */
export function words(text: string, base = 0, sentence = 0): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    let s = m[0];
    let start = base + m.index!;
    // a final full stop stays only on abbreviations, initials and dotted acronyms
    if (s.endsWith('.')) {
      const core = s.slice(0, -1);
      const keep = core.includes('.') || /^\p{Lu}$/u.test(core) || DOTTED.has(normKey(core));
      if (!keep) s = core;
    }
    // possessive: "Russia's" → "Russia" + "'s"; "Iran’s" likewise
    const pm = /^(.+?)(['’]s)$/u.exec(s);
    if (pm && pm[1]!.length > 1) {
      const a = pm[1]!;
      out.push(mk(a, start, sentence));
      out.push(mk(pm[2]!, start + a.length, sentence));
      continue;
    }
    out.push(mk(s, start, sentence));
    void start;
  }
  if (out.length) out[0]!.first = true;
  return out;
}

function mk(text: string, start: number, sentence: number): Word {
  return { start, end: start + text.length, text, key: normKey(text), sentence, first: false };
}

/** Keys of a phrase as the gazetteer stores it: the keys of its words, joined by one space. */
export function phraseKey(phrase: string): string {
  return words(phrase).map((w) => w.key).join(' ');
}

export const isCap = (s: string): boolean => /^\p{Lu}/u.test(s) || /^\p{N}/u.test(s);
export const isAllCaps = (s: string): boolean => /\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s);

/**
 * A loose key for names: transliteration variants of one name get the same key
 * ("Sergei"/"Sergey"/"Serguei", "Dmitry"/"Dmitri", "Aleksandr"/"Alexander", "Lukashenko").
 */
export function nameKey(name: string): string {
  let s = normKey(name).replace(/['.]/g, '').replace(/-/g, ' ').replace(/\s+/g, ' ').trim();
  s = s
    .replace(/(^| )(al|el|ul) (?=\S)/g, '$1')
    .replace(/ander\b/g, 'andr')
    .replace(/ks/g, 'x')
    .replace(/ph/g, 'f')
    .replace(/kh/g, 'h')
    .replace(/dzh|dj/g, 'j')
    .replace(/gu(?=[ei])/g, 'g')
    .replace(/ou/g, 'u')
    .replace(/[yj](?=[aeiou])/g, 'y')
    .replace(/ey\b|ei\b|iy\b|yi\b|ii\b|y\b/g, 'i')
    .replace(/ie/g, 'i')
    .replace(/ee/g, 'i')
    .replace(/w/g, 'v')
    .replace(/([a-z])\1/g, '$1');
  return s;
}
