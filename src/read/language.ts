/**
 * Language identification, small and fast: the writing system decides for non-Latin scripts (Cyrillic, Arabic,
 * Hebrew, Greek, CJK, Devanagari ...), stopword profiles (data/read/stopwords.tsv) for Latin-script text.
 * Looks at the first few thousand characters only. Returns an ISO 639-1 code, or null when unsure.
 */
import { readTsv } from '../util/data.js';

const SAMPLE = 3000;
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

/** Scripts by code-point range; the first matching range names the script. */
const SCRIPTS: Array<[number, number, string]> = [
  [0x0370, 0x03ff, 'el'], [0x0400, 0x04ff, 'cyrillic'], [0x0530, 0x058f, 'hy'], [0x0590, 0x05ff, 'he'],
  [0x0600, 0x06ff, 'arabic'], [0x0750, 0x077f, 'arabic'], [0x0900, 0x097f, 'hi'], [0x0980, 0x09ff, 'bn'],
  [0x0a00, 0x0a7f, 'pa'], [0x0b80, 0x0bff, 'ta'], [0x0e00, 0x0e7f, 'th'], [0x10a0, 0x10ff, 'ka'],
  [0x3040, 0x30ff, 'ja'], [0x4e00, 0x9fff, 'han'], [0xac00, 0xd7af, 'ko'], [0x1100, 0x11ff, 'ko'],
];

export function detectLanguage(text: string): string | null {
  const s = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  const counts = new Map<string, number>();
  let latin = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x0370) { if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c < 0x250)) latin++; continue; }
    for (const [lo, hi, name] of SCRIPTS) if (c >= lo && c <= hi) { counts.set(name, (counts.get(name) ?? 0) + 1); break; }
  }
  let script = '', n = 0;
  for (const [k, v] of counts) if (v > n) { script = k; n = v; }
  if (n > latin) {
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
    if (script === 'ja') return 'ja';
    return script;
  }
  const sw = stopwords();
  const score = new Map<string, number>();
  const re = /[\p{L}]+/gu;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const langs = sw.get(m[0].toLowerCase());
    if (langs) for (const l of langs) score.set(l, (score.get(l) ?? 0) + 1);
  }
  let best: string | null = null, top = 0, second = 0;
  for (const [l, v] of score) {
    if (v > top) { second = top; top = v; best = l; } else if (v > second) second = v;
  }
  if (top < 2 || top === second) return null;
  return best;
}
