/**
 * English inflection for the event lexicon: every form of a verb lemma (agree agrees agreed agreeing) and
 * the plural of a noun. Irregular verbs come from data/events/irregular-verbs.tsv. Over-generation is harmless
 * (a form that English never produces is simply never seen), so doubtful spellings are generated both ways.
 */
import { readTsv } from '../util/data.js';

let irregular: Map<string, string[]> | null = null;
function irregulars(): Map<string, string[]> {
  if (irregular) return irregular;
  irregular = new Map();
  for (const [lemma, ...forms] of readTsv('events/irregular-verbs.tsv')) if (lemma) irregular.set(lemma.toLowerCase(), forms.map((f) => f.toLowerCase()).filter(Boolean));
  return irregular;
}

const VOWEL = /[aeiou]/;

/** All forms of a verb lemma: the lemma, 3rd person singular, past / participle, -ing, plus irregular forms. */
export function verbForms(lemma: string): string[] {
  const l = lemma.toLowerCase();
  const out = new Set<string>([l]);
  const last = l.slice(-1), prev = l.slice(-2, -1);
  // -s
  if (/(s|sh|ch|x|z|o)$/.test(l)) out.add(l + 'es');
  else if (last === 'y' && !VOWEL.test(prev)) out.add(l.slice(0, -1) + 'ies');
  else out.add(l + 's');
  // -ed, -ing
  if (last === 'e') {
    out.add(l + 'd');
    out.add(l.endsWith('ee') || l.endsWith('ye') || l.endsWith('oe') ? l + 'ing' : l.slice(0, -1) + 'ing');
  } else if (last === 'y' && !VOWEL.test(prev)) {
    out.add(l.slice(0, -1) + 'ied');
    out.add(l + 'ing');
  } else {
    out.add(l + 'ed');
    out.add(l + 'ing');
    // consonant-vowel-consonant: ban -> banned, ship -> shipping, commit -> committed (and the undoubled forms too)
    if (/[^aeiou][aeiou][bdgklmnprt]$/.test(l) && !/(w|x|y)$/.test(l)) {
      out.add(l + last + 'ed');
      out.add(l + last + 'ing');
    }
  }
  for (const f of irregulars().get(l) ?? []) out.add(f);
  return [...out];
}

/** Singular and plural of a noun. */
export function nounForms(noun: string): string[] {
  const n = noun.toLowerCase();
  const out = new Set<string>([n]);
  if (/(s|sh|ch|x|z)$/.test(n)) out.add(n + 'es');
  else if (n.endsWith('y') && !VOWEL.test(n.slice(-2, -1))) out.add(n.slice(0, -1) + 'ies');
  else out.add(n + 's');
  return [...out];
}
