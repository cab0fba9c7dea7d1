import { test } from 'node:test';
import assert from 'node:assert/strict';
import { process as runPipeline } from '../pipeline.js';
import type { Doc } from '../doc.js';
import { entityAt, mentionsIn, resolvePhrase, resolvePronoun, resolvePronounScored } from './resolve.js';

const run = (text: string): Doc => runPipeline({ id: 't', text, format: 'text' } as Parameters<typeof runPipeline>[0], { until: 'actors' });
const span = (doc: Doc, phrase: string, from = 0): [number, number] => {
  const i = doc.text.indexOf(phrase, from);
  assert.ok(i >= 0, `"${phrase}" in text`);
  return [i, i + phrase.length];
};

const TEXT = 'Hungarian officials met Israeli troops near the border on Monday. The Kremlin said Russia would respond. ' +
  'Polish Foreign Minister Tomasz Wierzbowski said he was worried. Police in the capital detained two men. ' +
  'The Ukrainian Defence Ministry said the ministry had no comment.';

test('resolvePhrase: states, metonyms and sector words', () => {
  const doc = run(TEXT);
  const cases: Array<[string, string | null, string | null]> = [
    ['Hungarian officials', 'HUN', 'GOV'], ['Israeli troops', 'ISR', 'MIL'], ['The Kremlin', 'RUS', 'GOV'],
    ['Russia', 'RUS', null], ['Police', null, 'COP'], ['Polish Foreign Minister Tomasz Wierzbowski', 'POL', 'GOV'],
  ];
  for (const [p, code, sector] of cases) {
    const r = resolvePhrase(doc, ...span(doc, p));
    assert.ok(r, p);
    assert.equal(r.code, code, `${p} code`);
    assert.equal(r.sector, sector, `${p} sector`);
  }
  // a bare definite body takes the organisation named before it
  const m = resolvePhrase(doc, ...span(doc, 'the ministry'));
  assert.equal(m?.code, 'UKR');
  assert.match(m?.name ?? '', /Ministry/);
  assert.equal(resolvePhrase(doc, ...span(doc, 'the border')), null);
});

test('entityAt and mentionsIn', () => {
  const doc = run(TEXT);
  const [s, e] = span(doc, 'Tomasz Wierzbowski');
  assert.equal(entityAt(doc, s, e)?.name, 'Tomasz Wierzbowski');
  assert.equal(entityAt(doc, s + 2, s + 3)?.name, 'Tomasz Wierzbowski');
  const ms = mentionsIn(doc, ...span(doc, 'Polish Foreign Minister Tomasz Wierzbowski'));
  assert.deepEqual(ms.map((m) => m.text), ['Polish', 'Tomasz Wierzbowski']);
  assert.equal(entityAt(doc, ...span(doc, 'border')), null);
});

test('resolvePronoun: the salient preceding person, flagged as a guess', () => {
  const doc = run(TEXT);
  const he = doc.text.indexOf(' he ') + 1;
  assert.equal(resolvePronoun(doc, he)?.name, 'Tomasz Wierzbowski');
  assert.equal(resolvePronounScored(doc, he)?.guess, true);
  // "it" never resolves to a person
  const d2 = run('Jan Kowalczyk visited Poland. It said the talks were useful.');
  const it = d2.text.indexOf('It said');
  const r = resolvePronoun(d2, it);
  assert.notEqual(r?.kind, 'person');
});
