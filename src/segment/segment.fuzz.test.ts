/**
 * Property tests of the segmenter (issue 7): on any text, tokens and sentences point inside it, in order,
 * without overlap, tokens match the text they claim, no sentence crosses a paragraph, and time is linear in
 * input size, long runs without spaces included (wink-nlp alone is quadratic on them: see winkSafe).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { segment, segmentText, winkSafe, posTags } from './index.js';
import { read } from '../read/index.js';

const pieces = [' ', '  ', '\n', '\n\n', '.', '. ', '?', '!', '…', '“', '”', '"', "'", '’', '«', '»', '(', ')', 'Mr.', 'Gen.', 'U.S.', 'Sept. 12', 'e.g.',
  'said', 'The', 'minister', 'talks', 'https://example.org/a/b?c=d', 'a@b.example', '#tag', '@user', '$5', '3.5%', '—', '-', '\u00a0', '\u200b', '😀', 'é', 'ab.'.repeat(60), 'x'.repeat(150)];
const texty = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 })), { maxLength: 120 }).map((xs) => xs.join(''));

test('segmentText: tokens and sentences inside the text, in order, matching their text', () => {
  fc.assert(fc.property(texty, fc.nat(1000), (text, base) => {
    const { tokens, sentences } = segmentText(text, base);
    let last = base;
    for (const t of tokens) {
      assert.ok(t.start >= last && t.start <= t.end && t.end <= base + text.length, `token ${t.start}-${t.end}`);
      assert.equal(text.slice(t.start - base, t.end - base), t.text);
      last = t.end;
    }
    last = base;
    for (const s of sentences) {
      assert.ok(s.start >= last && s.start < s.end && s.end <= base + text.length, `sentence ${s.start}-${s.end}`);
      last = s.end;
    }
  }), { numRuns: 400 });
});

test('segment: sentences stay inside their paragraph, every token in a sentence, POS tags line up', () => {
  fc.assert(fc.property(texty, (text) => {
    const doc = read({ id: 's', text });
    segment(doc);
    doc.sentences.forEach((s) => {
      const p = doc.paragraphs[s.paragraph]!;
      assert.ok(p && s.start >= p.start && s.end <= p.end, 'sentence inside its paragraph');
    });
    for (const t of doc.tokens) {
      assert.equal(doc.text.slice(t.start, t.end), t.text);
      assert.ok(t.sentence >= 0 && t.sentence < Math.max(1, doc.sentences.length));
    }
    assert.equal(posTags(doc).length, doc.tokens.length);
  }), { numRuns: 200 });
});

test('winkSafe keeps length and every character outside long runs', () => {
  fc.assert(fc.property(texty, (text) => {
    const safe = winkSafe(text);
    assert.equal(safe.length, text.length);
    for (let i = 0; i < text.length; i++) if (safe[i] !== text[i]) assert.equal(safe[i], ' ');
  }), { numRuns: 200 });
});

function time(fn: () => void): number {
  const ts = [0, 1, 2].map(() => { const t = performance.now(); fn(); return performance.now() - t; });
  return ts.sort((a, b) => a - b)[1]!;
}

test('segmentText: time is linear in input size (4× the input, well under 16× the time)', () => {
  const shapes: Array<[string, (k: number) => string]> = [
    ['prose', (k) => 'The minister said on Monday that “talks would resume.” Gen. Smith agreed. '.repeat(k)],
    ['no punctuation', (k) => 'the minister said talks would resume '.repeat(k)],
    ['one long token', (k) => 'ab.'.repeat(k * 20)],
    ['one long word', (k) => 'x'.repeat(k * 60)],
    ['quote marks', (k) => '“ ” " « » \' '.repeat(k * 4)],
    ['full stops', (k) => '. . . ? ! '.repeat(k * 6)],
  ];
  for (const [name, mk] of shapes) {
    segmentText(mk(20));
    const a = time(() => segmentText(mk(100)));
    const b = time(() => segmentText(mk(400)));
    assert.ok(b < Math.max(16 * a, 150), `${name}: n ${a.toFixed(1)} ms, 4n ${b.toFixed(1)} ms`);
  }
});
