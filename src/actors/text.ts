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


export function normKey(s: string): string {
  // fast paths: plain ASCII (most words) needs no Unicode normalisation
  let upper = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return normKeyRaw(s);
    if (c >= 65 && c <= 90) upper = true;
  }
  return upper ? s.toLowerCase() : s;
}
function normKeyRaw(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[‘’‛`´]/g, "'");
}

/**
 * Cuts `text` (starting at document offset `base`) into words. `sentence` is stored on each word;
 * `first` marks the first word.
 */
const LETTER = /[\p{L}\p{N}\p{M}]/u;
/** letter or digit (any script) */
function alnum(c: number, text: string, i: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return LETTER.test(text[i]!);
}
const JOINERS = new Set([46, 39, 0x2019, 38, 45]); // . ' ’ & -

export function words(text: string, base = 0, sentence = 0): Word[] {
  const out: Word[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!alnum(text.charCodeAt(i), text, i)) { i++; continue; }
    const st = i;
    for (;;) {
      while (i < n && alnum(text.charCodeAt(i), text, i)) i++;
      // a joiner followed by a letter continues the word ("U.S", "al-Jubeir", "O'Brien", "AT&T")
      if (i + 1 < n && JOINERS.has(text.charCodeAt(i)) && alnum(text.charCodeAt(i + 1), text, i + 1)) { i++; continue; }
      break;
    }
    let s = text.slice(st, i);
    // a final full stop stays only on abbreviations, initials and dotted acronyms
    if (i < n && text.charCodeAt(i) === 46) {
      if (s.includes('.') || (s.length === 1 && isCap(s)) || DOTTED.has(normKey(s))) { s += '.'; i++; }
    }
    const start = base + st;
    // possessive: "Russia's" → "Russia" + "'s"; "Iran’s" likewise
    const L = s.length;
    if (L > 3 && s.charCodeAt(L - 1) === 115 /* s */ && (s[L - 2] === "'" || s[L - 2] === '’')) {
      const a = s.slice(0, L - 2);
      out.push(mk(a, start, sentence));
      out.push(mk(s.slice(L - 2), start + a.length, sentence));
      continue;
    }
    out.push(mk(s, start, sentence));
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
const nameMemo = new Map<string, string>();
export function nameKey(name: string): string {
  let k = nameMemo.get(name);
  if (k !== undefined) return k;
  k = nameKeyRaw(name);
  if (nameMemo.size > 100_000) nameMemo.clear();
  nameMemo.set(name, k);
  return k;
}
function nameKeyRaw(name: string): string {
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
