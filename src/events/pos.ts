/**
 * Part-of-speech tags for the sentences the events stage reads, and only those: tagging a whole article
 * (segment's posTags) costs about 70% of read+segment, while the sentences that can hold an event (a trigger
 * word and an actor) are a fraction of it. Same wink-nlp model and tag set (Universal POS) as posTags.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Doc } from '../doc.js';

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | null = null;

/** Tags of doc.tokens[lo, hi) (one sentence), aligned on the token texts. */
export function sentenceTags(doc: Doc, lo: number, hi: number): string[] {
  const tags: string[] = new Array(hi - lo).fill('X');
  if (hi <= lo) return tags;
  nlp ??= winkNLP(model, ['sbd', 'pos']);
  const its = nlp.its;
  const wd = nlp.readDoc(doc.text.slice(doc.tokens[lo]!.start, doc.tokens[hi - 1]!.end));
  const vals = wd.tokens().out(its.value) as string[];
  const pos = wd.tokens().out(its.pos) as string[];
  let k = lo;
  for (let i = 0; i < vals.length && k < hi; i++) {
    if (doc.tokens[k]!.text === vals[i]) tags[k++ - lo] = pos[i] ?? 'X';
    else if (k + 1 < hi && doc.tokens[k + 1]!.text === vals[i]) { k++; tags[k++ - lo] = pos[i] ?? 'X'; }
  }
  return tags;
}
