import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentText } from './index.js';

const sentencesOf = (text: string) => segmentText(text).sentences.map((s) => text.slice(s.start, s.end));

test('titles and months do not end sentences', () => {
  const s = sentencesOf('Gen. Mark Milley met Lt. Col. Smith on Sept. 12 in Kabul. They talked for an hour.');
  assert.deepEqual(s, ['Gen. Mark Milley met Lt. Col. Smith on Sept. 12 in Kabul.', 'They talked for an hour.']);
});

test('U.S. before a lower-case word does not end a sentence', () => {
  const s = sentencesOf('The U.S. military said it was ready. Moscow disagreed.');
  assert.equal(s.length, 2);
  assert.equal(s[0], 'The U.S. military said it was ready.');
});

test('a closing quote mark after the full stop stays with its sentence', () => {
  const text = '“We are ready to talk.” He said it twice.';
  const s = sentencesOf(text);
  assert.equal(s[0], '“We are ready to talk.”');
  assert.equal(s[1], 'He said it twice.');
});

test('token offsets point at their text', () => {
  const text = 'Russia’s Deputy Foreign Minister Sergei Ryabkov told TASS that “talks” could start.';
  const { tokens } = segmentText(text, 100);
  for (const t of tokens) assert.equal(text.slice(t.start - 100, t.end - 100), t.text);
  assert.ok(tokens.some((t) => t.text === 'Ryabkov'));
});

test('posTags tags every token of a segmented doc', async () => {
  const { read } = await import('../read/index.js');
  const { segment, posTags } = await import('./index.js');
  const doc = read({ id: 't', text: 'Putin met Erdogan in Sochi on Tuesday.\n\nThey discussed Syria.' });
  segment(doc);
  const tags = posTags(doc);
  assert.equal(tags.length, doc.tokens.length);
  assert.equal(tags[doc.tokens.findIndex((t) => t.text === 'met')], 'VERB');
  assert.equal(tags[doc.tokens.findIndex((t) => t.text === 'Putin')], 'PROPN');
});
