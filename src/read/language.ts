/**
 * Language identification, small and fast: the writing system decides for non-Latin scripts (Cyrillic, Arabic,
 * Hebrew, Greek, CJK, Devanagari ...), stopword profiles (data/read/stopwords.tsv) for Latin-script text.
 * Looks at the first 1,000 characters only. Returns an ISO 639-1 code, or null when unsure.
 */
import { readTsv } from '../util/data.js';

const SAMPLE = 1000;
let profiles: Map<string, string[]> | null = null;

function stopwords(): Map<string, string[]> {
  if (profiles) return profiles;
  profiles = new Map();
  for (const [lang, words] of readTsv('read/stopwords.tsv')) {
    if (!lang || !words) continue;
    for (const w of words.split(/\s+/)) {
      const l = profiles.get(w);
      if (l) { if (!l.includes(lang)) l.push(lang); } else profiles.set(w, [lang]);
    }
  }
  return profiles;
}

/** Script of a code point ≥ 0x370 (null: punctuation, symbols and the like). */
function scriptOf(c: number): string | null {
  if (c < 0x0400) return 'el';
  if (c < 0x0530) return 'cyrillic';
  if (c < 0x0590) return 'hy';
  if (c < 0x0600) return 'he';
  if (c < 0x0780) return 'arabic';
  if (c >= 0x0900 && c < 0x0980) return 'hi';
  if (c >= 0x0980 && c < 0x0a00) return 'bn';
  if (c >= 0x0a00 && c < 0x0a80) return 'pa';
  if (c >= 0x0b80 && c < 0x0c00) return 'ta';
  if (c >= 0x0e00 && c < 0x0e80) return 'th';
  if (c >= 0x10a0 && c < 0x1100) return 'ka';
  if ((c >= 0x1100 && c < 0x1200) || (c >= 0xac00 && c < 0xd7b0)) return 'ko';
  if (c >= 0x3040 && c < 0x3100) return 'ja';
  if (c >= 0x4e00 && c < 0xa000) return 'han';
  return null;
}

const isLatinLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c < 0x250 && c !== 0xd7 && c !== 0xf7);

export function detectLanguage(text: string): string | null {
  const n = Math.min(text.length, SAMPLE);
  let latin = 0, other = 0;
  let counts: Map<string, number> | null = null;
  const sw = stopwords();
  const score = new Map<string, number>();
  let wordStart = -1;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    if (isLatinLetter(c)) { latin++; if (wordStart < 0) wordStart = i; continue; }
    if (wordStart >= 0) {
      if (i - wordStart <= 8) {
        const langs = sw.get(text.slice(wordStart, i).toLowerCase());
        if (langs) for (const l of langs) score.set(l, (score.get(l) ?? 0) + 1);
      }
      wordStart = -1;
    }
    if (c >= 0x0370 && (c < 0x2000 || c >= 0x3040)) {
      const s = scriptOf(c);
      if (s) { other++; (counts ??= new Map()).set(s, (counts.get(s) ?? 0) + 1); }
    }
  }
  if (counts && other > latin) {
    let script = '', top = 0;
    for (const [k, v] of counts) if (v > top) { script = k; top = v; }
    const s = text.slice(0, n);
    if (script === 'cyrillic') {
      if (/[іїєґ]/i.test(s)) return 'uk';
      if (/[ђљњћџј]/i.test(s)) return 'sr';
      if (!/[ыэ]/i.test(s) && /ъ/.test(s)) return 'bg';
      return 'ru';
    }
    if (script === 'arabic') {
      if (/[ٹڈڑںے]/.test(s)) return 'ur';
      if (/[پچژگ]/.test(s)) return 'fa';
      return 'ar';
    }
    if (script === 'han') return counts.has('ja') ? 'ja' : 'zh';
    return script;
  }
  let best: string | null = null, top = 0, second = 0;
  for (const [l, v] of score) {
    if (v > top) { second = top; top = v; best = l; } else if (v > second) second = v;
  }
  if (top < 2 || top === second) return null;
  return best;
}
